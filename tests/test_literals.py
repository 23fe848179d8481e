"""Ill-typed literals: :mod:`plangraph.validate.literals` and both validators' findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from plangraph import paths
from plangraph.validate import validate
from plangraph.validate.fast import validate_fast
from plangraph.validate.literals import XSD, problem

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal.ttl"
COMMON = paths.DATA_DIR / "common.ttl"


@pytest.mark.parametrize(("lexical", "datatype"), [
    ("12.5", "decimal"), ("-0", "decimal"), (".5", "decimal"), ("42", "integer"),
    ("+7", "integer"), ("true", "boolean"), ("0", "boolean"), ("2024-02-29", "date"),
    ("2024", "gYear"), ("2024Z", "gYear"), ("1.5e3", "double"), ("NaN", "double"),
])
def test_valid_forms(lexical: str, datatype: str):
    assert problem(lexical, XSD + datatype) is None


@pytest.mark.parametrize(("lexical", "datatype"), [
    ("๒", "decimal"), ("๑๒.๕", "decimal"), ("1,000", "decimal"), ("abc", "integer"),
    ("٣", "integer"), ("1.0", "integer"), ("maybe", "boolean"), ("True", "boolean"),
    ("2024-13-01", "date"), ("2023-02-29", "date"), ("๒๕๖๗", "gYear"), ("24", "gYear"),
    ("", "decimal"),
])
def test_ill_typed_forms(lexical: str, datatype: str):
    assert f"is not a valid xsd:{datatype}" in (problem(lexical, XSD + datatype) or "")


def test_other_datatypes_are_not_judged():
    assert problem("anything", XSD + "string") is None
    assert problem("anything", "http://example.org/type") is None


@pytest.mark.parametrize(("old", "new"), [
    ('qudt:numericValue "102000"^^xsd:decimal', 'qudt:numericValue "๑๐๒๐๐๐"^^xsd:decimal'),
    ('pg:targetYear "2022"^^xsd:gYear', 'pg:targetYear "๒๐๒๒"^^xsd:gYear'),
    ("pg:sourceLine 31 ", 'pg:sourceLine "abc"^^xsd:integer '),
])
def test_both_validators_report_the_same(tmp_path: Path, old: str, new: str):
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ill-typed.ttl"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    slow, fast = validate([COMMON, path]), validate_fast([COMMON, path])
    assert not slow.conforms and not fast.conforms
    assert any("ill-typed literal" in f.message for f in fast.results)
    assert {(f.focus, f.message) for f in slow.results} == \
        {(f.focus, f.message) for f in fast.results}
