"""Typed literals read from answers without rdflib's constructor (graph/terms.typed_literal,
used by sparql/wire for quoted and bare cells) are the literals rdflib's constructor makes:
same type, text, value (and its Python type), equality, hash, N3 and ill-typed flag, over
canonical and awkward lexical forms; anything the shortcut does not know goes to rdflib."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
import rdflib.term
from rdflib import XSD, Literal, URIRef

from plangraph.graph import terms
from plangraph.graph.terms import same_literal, text_maker, typed_literal, typed_maker
from plangraph.sparql.wire import _cell_terms

#: rdflib warns about the weird forms tried here; that is rdflib's business, not the test's.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

DATATYPES = [XSD.decimal, XSD.integer, XSD.boolean, XSD.gYear, XSD.double, XSD.int,
             XSD.date, XSD.string, XSD.nonNegativeInteger, URIRef("urn:x:type")]
FORMS = ["0", "-0", "+0", "00", "7", "-12", "+5", "01", "1.50", "-0.0", "0.00", ".5", "-.5",
         "5.", "1e3", "1.0E2", "1_000", " 1", "1 ", "๑๒", "١", "true", "false", "True", "1",
         "abc", "", "2017", "-2017", "20170", "2020-01-01", "9" * 40, "-" + "9" * 40 + ".5"]


def canonical_numbers(count: int) -> list[str]:
    """Seeded random decimals and integers in the canonical forms the shortcut makes."""
    rng = random.Random(5)
    out = []
    for _ in range(count):
        whole = str(rng.choice([0, rng.randrange(1, 10**rng.randrange(1, 20))]))
        sign = rng.choice(["", "-"]) if whole != "0" else ""
        out.append(sign + whole)
        out.append(sign + whole + "." + "".join(rng.choice("0123456789")
                                                for _ in range(rng.randrange(1, 8))))
    return out


def test_this_rdflib_takes_the_shortcut() -> None:
    assert terms._TYPED_SHORTCUT and terms._SHORTCUT


@pytest.mark.parametrize("datatype", DATATYPES)
def test_same_as_rdflib_on_awkward_forms(datatype: URIRef) -> None:
    for text in FORMS + canonical_numbers(200):
        assert same_literal(typed_literal(text, datatype), Literal(text, datatype=datatype)), \
            (text, datatype)


@pytest.mark.parametrize("datatype", DATATYPES)
def test_a_datatype_s_maker_is_typed_literal(datatype: URIRef) -> None:
    """The maker reading an answer uses for one datatype makes rdflib's literals too."""
    make = typed_maker(datatype)
    for text in FORMS + canonical_numbers(200):
        assert same_literal(make(text), Literal(text, datatype=datatype)), (text, datatype)


@pytest.mark.parametrize("lang", [None, "", "th", "TH", "th-Latn", "en-t-th", "x"])
def test_a_language_s_maker_is_rdflib_s_literal(lang: str | None) -> None:
    make = text_maker(lang)
    for text in ("ไทย", "", " a\tb ", "1", "\u0e50"):
        assert same_literal(make(text), Literal(text, lang=lang or None)), (text, lang)


@pytest.mark.parametrize("lang", ["th_TH", "1-th", "", "-"])
def test_a_bad_language_tag_is_refused_as_rdflib_refuses_it(lang: str) -> None:
    if lang == "":
        assert text_maker(lang)("x").language is None
        return
    with pytest.raises(ValueError):
        Literal("x", lang=lang)
    with pytest.raises(ValueError):
        text_maker(lang)


def test_ill_typed_forms_are_rdflib_s() -> None:
    """An ill-typed form is left to rdflib: flagged ill-typed, as rdflib flags it."""
    for text, datatype in (("abc", XSD.decimal), ("1.5", XSD.integer), ("yes", XSD.boolean)):
        made = typed_literal(text, datatype)
        assert made.ill_typed is True
        assert same_literal(made, Literal(text, datatype=datatype))


def test_shortcut_is_taken_only_for_known_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Canonical forms and unknown datatypes are made without rdflib's constructor; every
    other form goes through it."""
    calls = []

    class Counting(Literal):
        __slots__ = ()

        def __new__(cls, *args, **kwargs):  # noqa: ANN001, ANN204
            calls.append(args)
            return Literal.__new__(Literal, *args, **kwargs)

    monkeypatch.setattr(terms, "Literal", Counting)
    for text, datatype in (("19.4", XSD.decimal), ("-3", XSD.integer), ("true", XSD.boolean),
                           ("2567", XSD.gYear), ("x", URIRef("urn:x:type"))):
        typed_literal(text, datatype)
    assert calls == []
    for text, datatype in (("+1", XSD.integer), ("01.0", XSD.decimal), ("1", XSD.boolean),
                           ("1e3", XSD.double)):
        typed_literal(text, datatype)
    assert len(calls) == 4


def test_a_binding_added_later_is_followed() -> None:
    """rdflib.term.bind() after import: a newly recognised datatype gets rdflib's value, and
    changed rules send the canonical forms back to rdflib's constructor."""
    datatype = URIRef("urn:x:counted")
    try:
        rdflib.term.bind(datatype, complex, constructor=lambda s: complex(int(s)))
        assert same_literal(typed_literal("5", datatype), Literal("5", datatype=datatype))
        assert typed_literal("5", datatype).value == 5
        assert same_literal(typed_maker(datatype)("5"), Literal("5", datatype=datatype))
        rdflib.term.bind(XSD.decimal, float, constructor=float, lexicalizer=repr)
        assert same_literal(typed_literal("1.5", XSD.decimal), Literal("1.5", datatype=XSD.decimal))
        assert same_literal(typed_maker(XSD.decimal)("1.5"), Literal("1.5", datatype=XSD.decimal))
    finally:
        rdflib.term._reset_bindings()
    assert typed_literal("1.5", XSD.decimal).value == Literal("1.5", datatype=XSD.decimal).value


BARE = ["0", "7", "-12", "+5", "01", "1.50", "-0.0", ".5", "-.5", "+.5", "true", "false",
        "1e3", "1.0E2", "-1.5e-3", "9" * 30]


def test_bare_cells_are_what_pyoxigraph_reads() -> None:
    """Bare TSV cells (Turtle short forms) read here give the terms of pyoxigraph's own TSV
    parser made into rdflib literals by rdflib's constructor."""
    found = _cell_terms(set(BARE))
    doc = ("?t\n" + "\n".join(BARE) + "\n").encode()
    parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.TSV)
    for cell, (term,) in zip(BARE, parsed, strict=True):
        expected = Literal(term.value, datatype=URIRef(term.datatype.value))
        assert same_literal(found[cell], expected), cell
