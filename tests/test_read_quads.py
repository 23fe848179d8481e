"""``read_quads``: the loader's file graphs and checks, with literals exactly as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import INFRA_SOURCES
from plangraph.errors import PlangraphError
from plangraph.graph.load import load, load_store, read_quads
from plangraph.graph.terms import from_ox_term

PREFIXES = ("@prefix ex: <http://example.org/t/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n")
NOT_NFC = "\u0e1b\u0e48\u0e39"  # ป + tone mark + vowel below: NFC puts the vowel first


def test_the_project_files_as_rdflib_reads_them(project_graph):
    quads = read_quads()
    triples = {(from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object))
               for q in quads}
    assert triples == set(project_graph)
    assert {q.graph_name for q in quads} == set(load_store().named_graphs())


def test_literals_as_written_where_a_store_rewrites_them(write_file):
    path = write_file("n.ttl", PREFIXES + 'ex:a ex:p 1000.0, "05"^^xsd:integer .\n')
    assert {q.object.value for q in read_quads([path])} == {"1000.0", "05"}
    assert {q.object.value for q in load_store([path])} == {"1000", "5"}


def test_trig_keeps_its_graphs(write_file):
    path = write_file("x.trig", PREFIXES + 'ex:a ex:p "1" .\nex:g { ex:b ex:p "2" . }\n')
    assert {q.graph_name for q in read_quads([path])} == {q.graph_name for q in load_store([path])}
    assert set(read_quads([*INFRA_SOURCES, path])) == set(load_store([*INFRA_SOURCES, path]))


def bad_files(tmp_path: Path) -> list[Path]:
    files = {
        "broken.ttl": PREFIXES + 'ex:a ex:p "x" .\n\nex:b ex:p "y"\nex:c ex:p "z" .\n',
        "broken.nt": '<http://a> <http://b> "ok" .\n<http://a> <http://b> "open .\n',
        "thai.ttl": PREFIXES + f'ex:b ex:p "{NOT_NFC}"@th .\n',
        "esc.ttl": PREFIXES + 'ex:a ex:p "\\u0E1B\\u0E48\\u0E39"@th .\n',
        "notes.txt": "not RDF",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin1.ttl").write_bytes(PREFIXES.encode() + b'ex:a ex:p "caf\xe9" .\n')
    return [*(tmp_path / n for n in files), tmp_path / "latin1.ttl", tmp_path / "missing.ttl"]


def test_bad_files_fail_as_in_the_rdflib_loader(tmp_path: Path):
    for path in bad_files(tmp_path):
        with pytest.raises(PlangraphError) as loader_error:
            load([path])
        with pytest.raises(PlangraphError) as error:
            read_quads([path])
        assert str(error.value) == str(loader_error.value), path.name
        assert error.value.exit_code == loader_error.value.exit_code

