"""`observe` reads every Thai digit, and refuses what it would otherwise bend or lose quietly:
other scripts' digits, more digits than it keeps, a CSV with no rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import run_cli
from plangraph.errors import PlangraphError
from plangraph.ingest.observations import MAX_DIGITS, observe, read

INDICATOR = "lampang/issue/1/indicator/2"
THAI = "๐๑๒๓๔๕๖๗๘๙"


def csv_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "values.csv"
    path.write_text("indicator,year,value\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("digit", range(10))
def test_every_thai_digit_is_its_number(tmp_path: Path, project_graph: Graph, digit: int):
    thai = THAI[digit]
    rows = read(csv_file(tmp_path, f"{INDICATOR},2022,{thai}{thai}.{thai}"), project_graph)
    assert rows[0].value == Decimal(f"{digit}{digit}.{digit}")


@pytest.mark.parametrize(("year", "ce"), [("๒๕๖๘", 2025), ("๒๕๔๙", 2006), ("๒๐๑๙", 2019)])
def test_thai_digit_years_are_read_and_converted(tmp_path: Path, project_graph: Graph,
                                                 year: str, ce: int):
    rows = read(csv_file(tmp_path, f"{INDICATOR},{year},1"), project_graph)
    assert rows[0].year == ce


@pytest.mark.parametrize(("cell", "column", "words"), [
    ("value", "٣", "Arabic-Indic digits"),
    ("value", "۳.5", "Extended Arabic-Indic digits"),
    ("year", "२०२२", "Devanagari digits"),
])
def test_other_scripts_digits_are_refused_by_name(tmp_path: Path, project_graph: Graph,
                                                  cell: str, column: str, words: str):
    year, value = (column, "1") if cell == "year" else ("2022", column)
    with pytest.raises(PlangraphError, match=f"values.csv:2: {cell} .*{words}"):
        read(csv_file(tmp_path, f"{INDICATOR},{year},{value}"), project_graph)


def test_more_significant_digits_than_kept_are_refused(tmp_path: Path, project_graph: Graph):
    kept = "1" * MAX_DIGITS
    assert read(csv_file(tmp_path, f"{INDICATOR},2022,{kept}000"), project_graph)
    too_many = "1." + "1" * MAX_DIGITS
    with pytest.raises(PlangraphError, match=f"values.csv:2: value .* {MAX_DIGITS + 1} "
                                             "significant digits"):
        read(csv_file(tmp_path, f"{INDICATOR},2022,{too_many}"), project_graph)


def test_a_header_only_csv_replaces_nothing(tmp_path: Path, project_graph: Graph):
    out = tmp_path / "observations.ttl"
    out.write_text("# the observations so far\n", encoding="utf-8")
    with pytest.raises(PlangraphError, match="no observations, only a header"):
        observe(csv_file(tmp_path), project_graph, out)
    assert out.read_text(encoding="utf-8") == "# the observations so far\n"
    res = run_cli("observe", csv_file(tmp_path, ",,"), "--out", out)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "# the observations so far\n"
