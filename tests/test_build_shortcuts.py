"""The national build's shortcuts give exactly what the plain code gives (build7): each is
compared with the code it stands in for, on edge cases and on the project's seed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup
from rdflib import Graph
from wcwidth import wcwidth

from plangraph.errors import PlangraphError
from plangraph.maps import markup
from plangraph.publish import jsonld
from plangraph.publish.export import jsonld_context
from plangraph.sparql.table import display_width

#: Every ASCII character, Thai block, Latin-1, combining marks, CJK, emoji, zero-width.
EDGE_TEXTS = [
    "".join(map(chr, range(128))), "plain ASCII text, 12.5%", "tab\there", "\x7f", "",
    "".join(map(chr, range(0x0E00, 0x0E80))), "ผู้เสียชีวิตจากอุบัติเหตุจราจร ไม่เกิน ๘๐",
    "".join(map(chr, range(0xA0, 0x180))), "e\u0301", "漢字かな", "👍🏽", "a\u200bb", "\u00ad",
]


def columns(text: str) -> int:
    """The definition: each character's wcwidth, negative ones (controls) as 0."""
    return sum(max(wcwidth(ch), 0) for ch in text)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_display_width_is_each_characters_wcwidth(text: str) -> None:
    """display_width's shortcuts (printable ASCII, remembered widths) give the definition."""
    assert display_width(text) == columns(text)
    for ch in text:
        assert display_width(ch) == columns(ch)


def test_display_width_on_the_seed_labels(project_graph: Graph) -> None:
    texts = {str(o) for o in project_graph.objects()}
    assert len(texts) > 100
    assert [display_width(t) for t in texts] == [columns(t) for t in texts]


def test_an_iri_read_as_a_compact_iri_is_refused_every_time() -> None:
    compactor = jsonld.Compactor.from_context(jsonld_context())
    prefix = next(iter(dict(compactor.prefixes)))
    assert compactor.ref(ox.NamedNode("https://example.org/x")) == "https://example.org/x"
    for _ in range(2):  # remembered IRIs are the accepted ones only
        with pytest.raises(PlangraphError, match="would be read as"):
            compactor.ref(ox.NamedNode(f"{prefix}:thing"))


#: The maps' former ``both`` and ``element_card`` macros, word for word, for the comparison.
MACROS = Path(__file__).parent / "fixtures" / "maps-macros-before-build7.html"


@pytest.mark.parametrize(("th", "en"), [
    ("แผน", "Plan"), ("แผน", ""), ("", "Plan"), ("", ""), ("<b>&\"'", "<i>"),
    (Markup("<b>safe</b>"), None), ("ตัวชี้วัด 1", 0), (2, 3.5),
])
def test_maps_both_writes_what_the_macro_wrote(th: object, en: object) -> None:
    macro = _macros().both  # type: ignore[attr-defined]
    assert str(markup.both(th, en)) == str(macro(th, en))


def _macros() -> object:
    """The former macros, in an environment set as the maps' is."""
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    return env.from_string(MACROS.read_text(encoding="utf-8")).module


TEXTS = ["", "ข้อความ <b>&</b>", "text"]


@pytest.mark.parametrize("level", [1, 6])
@pytest.mark.parametrize("label_en", TEXTS)
@pytest.mark.parametrize("section", TEXTS[:2])
@pytest.mark.parametrize("target", [("", ""), ("ร้อยละ ๘๐", ""), ("", "80 %"), ("<", ">")])
@pytest.mark.parametrize("plan", [None, SimpleNamespace(label_th="แผน<", label_en="")])
def test_maps_element_card_writes_what_the_macro_wrote(
        level: int, label_en: str, section: str, target: tuple[str, str],
        plan: SimpleNamespace | None) -> None:
    e = SimpleNamespace(level=level, class_th="ตัวชี้วัด", class_en="Indicator", notation="1.2",
                        label_th="ผู้เสียชีวิต & <x>", label_en=label_en, section=section,
                        iri="https://example.org/id/a?b=<c>&d")
    macro = _macros().element_card  # type: ignore[attr-defined]
    assert str(markup.element_card(e, plan, *target)) == str(macro(e, plan, *target))
