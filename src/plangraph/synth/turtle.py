"""Turtle text for the synthetic cascade: prefixes, literals with Thai digits, nodes."""

from __future__ import annotations

from collections.abc import Sequence

from plangraph.synth.words import Pair

PREFIXES = """@base <https://w3id.org/plangraph/id/> .
@prefix pg:      <https://w3id.org/plangraph/def/plangraph#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix pgunit:  <https://w3id.org/plangraph/def/unit/> .
@prefix qb:      <http://purl.org/linked-data/cube#> .
"""

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


# --------------------------------------------------------------------------- Turtle text


def thai_number(text: str) -> str:
    """``102000`` -> ``๑๐๒,๐๐๐`` (thousands grouped, Thai digits)."""
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}"
    return (grouped + (f".{frac}" if frac else "")).translate(THAI_DIGITS)


def thai_digits(text: str) -> str:
    """Arabic digits to Thai digits, nothing else changed (years, item numbers)."""
    return text.translate(THAI_DIGITS)


def lit(text: str, lang: str = "th") -> str:
    """A language-tagged Turtle literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}'


def labels(pair: Pair) -> str:
    """Thai and English (translated from Thai) literals."""
    return f"{lit(pair[0])} , {lit(pair[1], 'en-t-th')}"


def typed(value: str | int, datatype: str) -> str:
    """A typed literal such as ``"2022"^^xsd:gYear``."""
    return f'"{value}"^^{datatype}'


def node(subject: str, types: str, props: Sequence[tuple[str, str]]) -> str:
    """One Turtle subject block: ``<s> a T ; p o ; … .``"""
    body = "".join(f" ;\n    {p} {o}" for p, o in props)
    return f"<{subject}> a {types}{body} .\n"


def slug(iri: str) -> str:
    """``lampang/issue/1`` -> ``lampang-issue-1`` (for claim IRIs)."""
    return iri.replace("/", "-")


# --------------------------------------------------------------------------- generator


