"""The national build's shortcuts give exactly what the plain code gives (build7): each is
compared with the code it stands in for, on edge cases and on the project's seed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup
from rdflib import Graph

from plangraph.errors import PlangraphError
from plangraph.maps import html
from plangraph.publish import jsonld
from plangraph.publish.export import jsonld_context
from plangraph.publish.workbook import text_width
from plangraph.sparql.table import display_width

#: Every ASCII character, Thai block, Latin-1, combining marks, CJK, emoji, zero-width.
EDGE_TEXTS = [
    "".join(map(chr, range(128))), "plain ASCII text, 12.5%", "tab\there", "\x7f", "",
    "".join(map(chr, range(0x0E00, 0x0E80))), "ผู้เสียชีวิตจากอุบัติเหตุจราจร ไม่เกิน ๘๐",
    "".join(map(chr, range(0xA0, 0x180))), "e\u0301", "漢字かな", "👍🏽", "a\u200bb", "\u00ad",
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_text_width_is_display_width(text: str) -> None:
    assert text_width(text) == display_width(text)
    for ch in text:
        assert text_width(ch) == display_width(ch)


def test_text_width_on_the_seed_labels(project_graph: Graph) -> None:
    texts = {str(o) for o in project_graph.objects()}
    assert len(texts) > 100
    assert [text_width(t) for t in texts] == [display_width(t) for t in texts]


def test_an_iri_read_as_a_compact_iri_is_refused_every_time() -> None:
    compactor = jsonld.Compactor.from_context(jsonld_context())
    prefix = next(iter(dict(compactor.prefixes)))
    assert compactor.ref(ox.NamedNode("https://example.org/x")) == "https://example.org/x"
    for _ in range(2):  # remembered IRIs are the accepted ones only
        with pytest.raises(PlangraphError, match="would be read as"):
            compactor.ref(ox.NamedNode(f"{prefix}:thing"))


#: The maps' former ``both`` macro, word for word, for the comparison.
BOTH_MACRO = ('{% macro both(th, en) -%}\n<span lang="th">{{ th }}</span>{% if en %} · '
              '<span lang="en">{{ en }}</span>{% endif %}\n{%- endmacro %}')


@pytest.mark.parametrize(("th", "en"), [
    ("แผน", "Plan"), ("แผน", ""), ("", "Plan"), ("", ""), ("<b>&\"'", "<i>"),
    (Markup("<b>safe</b>"), None), ("ตัวชี้วัด 1", 0), (2, 3.5),
])
def test_maps_both_writes_what_the_macro_wrote(th: object, en: object) -> None:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    macro = env.from_string(BOTH_MACRO).module.both  # type: ignore[attr-defined]
    assert str(html.both(th, en)) == str(macro(th, en))
