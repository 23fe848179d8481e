"""Map labels as a Thai reader reads them: numbers with their issue, sub-strategies as parts
of their strategy, lines broken only between words (or clusters), Thai digits searchable."""

from __future__ import annotations

import unicodedata

import pytest
from maps_support import iri, project_graph

from plangraph.maps import load_graph
from plangraph.maps.data import Element
from plangraph.maps.graph import element
from plangraph.maps.network import search_text
from plangraph.maps.text import ELLIPSIS, LINE, heading, label, number_of, shorten, width, wrap

LEADING_VOWELS = "เแโใไ"


@pytest.fixture(scope="module")
def cascade():
    return load_graph(project_graph())[0]


def _element(**kw: object) -> Element:
    base = dict(iri="x", cls="", class_th="ตัวชี้วัด", class_en="Indicator", plan="p", rank=5,
                notation="๓", order=None, label_th="ข้อความ", label_en="text", section="",
                parent=None)
    return Element(**{**base, **kw})  # type: ignore[arg-type]


def test_an_indicator_carries_its_issue_number() -> None:
    e = _element(parent_notation="๒")
    assert number_of(e) == "2.3"
    assert heading(e, "th") == "ตัวชี้วัด 2.3" and heading(e, "en") == "Indicator 2.3"


def test_project_labels(cascade) -> None:
    e = element(cascade, iri("lampang/issue/2/indicator/3"))
    assert label(e, "th").splitlines()[0] == "ตัวชี้วัด 2.3"
    sub = element(cascade, iri("national-strategy/strategy/5/sub/4"))
    assert heading(sub, "th") == "ยุทธศาสตร์ชาติด้านที่ 5 › ประเด็นย่อย 4"
    assert "ยุทธศาสตร์ชาติ 4" not in label(sub, "th")


def _cut_inside_a_cluster(before: str, after: str) -> bool:
    return bool(before and before[-1] in LEADING_VOWELS) or bool(
        after and unicodedata.category(after[0]) == "Mn")


def test_every_project_label_is_cut_between_words(cascade) -> None:
    for node in cascade:
        e = element(cascade, node)
        for text in (e.label_th, e.label_en):
            lines = wrap(text)
            joined = "".join(line.removesuffix(ELLIPSIS) for line in lines)
            assert " ".join(text.split()).replace(" ", "").startswith(joined.replace(" ", ""))
            for before, after in zip(lines, lines[1:], strict=False):
                assert not _cut_inside_a_cluster(before, after), (node, lines)
                assert width(before) <= LINE, (node, lines)


def test_a_long_thai_word_is_split_between_clusters_only() -> None:
    text = "เ" + "กิ" * 30  # one "word" longer than a line: no dictionary break available
    lines = wrap(text, 10, 5)
    assert all(not line.removesuffix(ELLIPSIS).endswith("เ") for line in lines)
    assert all(unicodedata.category(line[0]) != "Mn" for line in lines)
    assert shorten("ส่งเสริมการท่องเที่ยวเชิงสร้างสรรค์และวัฒนธรรม", 12).endswith(ELLIPSIS)


def test_search_keys_use_arabic_digits() -> None:
    assert search_text("ตัวชี้วัด ๒.๓", "Indicator  2.3") == "ตัวชี้วัด 2.3 indicator 2.3"
