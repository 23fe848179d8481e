"""Terminal tables fit the window: Thai measured right, cut between clusters, --wide whole."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import SKOS

from plangraph.cli import cli
from plangraph.sparql.table import (
    LEADING_VOWELS,
    char_width,
    display_width,
    fit_widths,
    format_table,
    truncate,
)


def run(*args: str, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_thai_width_counts_marks_above_and_below_as_zero():
    assert display_width("ปู่") == 1
    assert display_width("น้ำ") == 2  # sara am takes a column
    assert display_width("แผนพัฒนาจังหวัดลำปาง") == 17
    assert display_width("日本") == 4


def test_truncate_cuts_between_clusters_never_after_a_leading_vowel(project_graph):
    labels = {str(o) for o in project_graph.objects(None, SKOS.prefLabel)
              if isinstance(o, Literal) and o.language == "th"}
    assert len(labels) > 50
    for text in labels:
        for width in range(4, 40, 3):
            cut = truncate(text, width)
            assert display_width(cut) <= width
            if cut == text:
                continue
            kept = cut.removesuffix("…")
            assert cut.endswith("…") and text.startswith(kept)
            rest = text[len(kept):]
            assert not rest or char_width(rest[0]) > 0, (text, width, cut)  # no mark cut off
            assert not kept or kept[-1] not in LEADING_VOWELS, (text, width, cut)


def test_fit_widths_shrinks_the_widest_columns_first():
    assert fit_widths([5, 50, 30], 60) == [5, 25, 25]
    assert fit_widths([5, 10], 60) == [5, 10]


def test_labels_give_way_before_identifiers():
    assert fit_widths([30, 40], 50, [False, True]) == [30, 18]
    assert fit_widths([30, 40], 30, [False, True]) == [14, 14]  # then everything is cut


@pytest.mark.parametrize("columns", [60, 100, 140])
def test_query_tables_fit_the_terminal_width(columns):
    for args in (["query", "gaps-province"], ["queries"],
                 ["query", "rollup", "-p", "indicator=lampang/issue/1/indicator/1"]):
        out = run(*args, columns=columns)
        assert out.exit_code == 0, out.stderr
        lines = out.stdout.splitlines()
        assert len(lines) > 2
        assert max(display_width(line) for line in lines) <= columns, args


def test_wide_shows_every_cell_whole():
    full = "ยุทธศาสตร์ชาติด้านการปรับสมดุลและพัฒนาระบบการบริหารจัดการภาครัฐ"
    assert full not in run("query", "gaps-province", columns=60).stdout
    assert full in run("query", "gaps-province", "--wide", columns=60).stdout
    assert full in run("query", "gaps-province").stdout  # not a terminal: not cut


def test_many_columns_become_records():
    out = run("query", "rollup", "-p", "indicator=lampang/issue/1/indicator/1", columns=80)
    assert out.stdout.startswith("-[ 1 ]")
    assert "\nns_strategy_th  ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน" in out.stdout


def test_format_table_without_width_is_unchanged():
    text = format_table(["a", "b"], [["x" * 90, "y"]])
    assert "x" * 90 in text
