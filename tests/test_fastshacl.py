"""The fast validator reports what pySHACL reports (1× synthetic data, injected violations)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plangraph.errors import PlangraphError
from plangraph.synth import Spec, write
from plangraph.validate import Report, evaluate, validate
from plangraph.validate.fast import validate_fast


def _inject(directory: Path) -> None:
    """Break the synthetic data in several ways the shapes must catch."""
    provinces = directory / "provinces.ttl"
    text = provinces.read_text(encoding="utf-8")
    text = re.sub(r'pg:targetYear "20\d\d"', 'pg:targetYear "2045"', text, count=1)
    text = text.replace("qudt:unit unit:PERCENT", "qudt:unit unit:PERCENTAGE", 1)
    text = text.replace('skos:notation "2"', 'skos:notation "๒"', 1)
    text = text.replace('"@en-t-th ;\n    pg:hasTarget', '"@th ;\n    pg:hasTarget', 1)
    provinces.write_text(text, encoding="utf-8")
    alignments = directory / "alignments.ttl"
    text = alignments.read_text(encoding="utf-8")
    at = text.index(" skos:broadMatch <")
    text = text[: text.rindex("\n", 0, at)] + text[text.index("\n", at) :]
    text = text.replace('pg:confidence "0.', 'pg:confidence "1.', 1)
    alignments.write_text(text, encoding="utf-8")


def _shacl(report: Report) -> set[tuple[str, str, str]]:
    return {(f.focus, f.message, f.severity) for f in report.results if f.shape}


def _cycles(report: Report) -> set[frozenset[str]]:
    return {frozenset(f.message.split(": ", 1)[1].split(" → ")) for f in report.results
            if not f.shape}


def test_same_findings_as_pyshacl(tmp_path: Path) -> None:
    _, files = write(Spec(provinces=1, seed=5, cycles=True), tmp_path)
    _inject(tmp_path)
    slow, fast = validate(files), validate_fast(files)
    assert not fast.conforms and not slow.conforms
    assert _shacl(fast) == _shacl(slow)
    assert _cycles(fast) == _cycles(slow)
    messages = {m for _, m, _ in _shacl(fast)}
    for expected in ("target year must be one CE xsd:gYear from 2017 to 2037 (BE − 543)",
                     "needs exactly one unit from the unit vocabulary (qudt:unit a qudt:Unit)",
                     "notation must be one number in Arabic digits (the printed form goes in "
                     "pg:sourceNotation)",
                     "needs exactly one Thai label (skos:prefLabel \"…\"@th)",
                     "confidence must be one xsd:decimal from 0 to 1"):
        assert expected in messages
    assert any(m.startswith("the mapping triple it reifies") for m in messages)


def test_clean_data_conforms(tmp_path: Path) -> None:
    _, files = write(Spec(provinces=2, years=1, seed=5), tmp_path)
    report = validate_fast(files)
    assert report.conforms, report.render()
    assert report.triples > 2000


def test_split_between_processes_finds_the_same(tmp_path: Path) -> None:
    """The work split between two forked processes reports what one process reports."""
    _, files = write(Spec(provinces=1, seed=5, cycles=True), tmp_path)
    _inject(tmp_path)
    alone, split = validate_fast(files, parallel=False), validate_fast(files, parallel=True)
    assert not alone.conforms and len(alone.results) >= 6
    assert split.results == alone.results and split.triples == alone.triples


def test_node_lookups_and_indexes_find_the_same(tmp_path: Path, monkeypatch) -> None:
    """A shape's values read node by node (few focus nodes) or from a predicate's index."""
    _, files = write(Spec(provinces=1, seed=5, cycles=True), tmp_path)
    _inject(tmp_path)
    monkeypatch.setattr(evaluate, "FEW", 10**9)
    by_node = validate_fast(files, parallel=False)
    monkeypatch.setattr(evaluate, "FEW", 0)
    by_index = validate_fast(files, parallel=False)
    assert not by_node.conforms and len(by_node.results) >= 6
    assert by_node.results == by_index.results


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pg: <https://w3id.org/plangraph/def/plangraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/shapes#> .
"""


@pytest.mark.parametrize(("shape", "refused"), [
    ("ex:S a sh:NodeShape ; sh:targetClass pg:Plan ; sh:closed true .", "does not support"),
    ("ex:S a sh:NodeShape ; sh:targetClass pg:Plan ; sh:property [ sh:path skos:prefLabel ; "
     "sh:or ( [ sh:minCount 1 ] ) ] .", "does not support"),
    ("ex:S a sh:NodeShape ; sh:targetClass pg:Plan ; sh:property [ sh:path "
     "( skos:inScheme pg:planLevel ) ; sh:minCount 1 ] .", "only predicate paths"),
])
def test_unsupported_shape_features_are_refused(tmp_path: Path, shape: str, refused: str) -> None:
    """A feature the fast validator does not evaluate stops it with a one-line error."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + shape + "\n", encoding="utf-8")
    with pytest.raises(PlangraphError, match=refused):
        validate_fast(shapes=shapes)
