"""Loading RDF files: named graph per file, one-line errors, NFC check."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from conftest import EX, INFRA, INFRA_SOURCES
from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.load import check_nfc, file_graph_iri, load, load_store, merged, source_file_of
from plangraph.graph.terms import to_oxigraph

#: Both loaders make the same checks with the same messages.
LOADERS = pytest.mark.parametrize("loader", [load, load_store], ids=["rdflib", "oxigraph"])

# ป + tone mark (U+0E48) + vowel below (U+0E39): canonical order puts the vowel first.
NOT_NFC = "\u0e1b\u0e48\u0e39"
PREFIXES = "@prefix ex: <http://example.org/pgtest/> .\n"


def test_each_file_is_a_named_graph(infra_ds):
    graphs = {str(g.identifier) for g in infra_ds.graphs() if len(g)}
    assert graphs == {str(file_graph_iri(p)) for p in INFRA_SOURCES}
    assert source_file_of(infra_ds, URIRef(EX + "forest")) == (
        "tests/fixtures/infra/indicators.ttl"
    )
    assert source_file_of(infra_ds, URIRef(EX + "nothing")) is None


def test_merged_is_the_union_with_prefixes(infra_ds):
    g = merged(infra_ds)
    assert len(g) == sum(len(load([p])) for p in INFRA_SOURCES)
    assert dict(g.namespaces())["ex"] == URIRef(EX)


def test_trig_default_graph_goes_to_file_graph(write_file):
    path = write_file("x.trig", PREFIXES + 'ex:a ex:p "1" .\nex:g { ex:b ex:p "2" . }\n')
    ds = load([path])
    assert source_file_of(ds, URIRef(EX + "a")) == str(path)
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == {
        str(file_graph_iri(path)),
        EX + "g",
    }


@pytest.mark.parametrize(
    ("name", "text", "line", "problem"),
    [
        (
            "broken.ttl",
            PREFIXES + 'ex:a ex:p "x" .\n\nex:b ex:p "y"\nex:c ex:p "z" .\n',
            5,
            "bad syntax: expected '.'",
        ),
        ("broken.trig", PREFIXES + "ex:g {\n  ex:a ex:p .\n}\n", 3, "bad syntax"),
        (
            "broken.nt",
            '<http://a> <http://b> "ok" .\n<http://a> <http://b> "open .\n',
            2,
            "bad syntax",
        ),
    ],
)
@LOADERS
def test_syntax_error_names_file_and_line(write_file, name, text, line, problem, loader):
    path = write_file(name, text)
    with pytest.raises(PlangraphError) as err:
        loader([path])
    assert str(err.value).startswith(f"{path}:{line}: {problem}")
    assert "\n" not in str(err.value)
    assert err.value.exit_code == 2


@LOADERS
def test_file_problems_are_load_errors(tmp_path: Path, loader):
    bad_utf8 = tmp_path / "latin1.ttl"
    bad_utf8.write_bytes(PREFIXES.encode() + b'ex:a ex:p "caf\xe9" .\n')
    cases = {
        tmp_path / "missing.ttl": "no such file",
        tmp_path: "unsupported file type",
        bad_utf8: "2: not valid UTF-8",
    }
    (tmp_path / "dir.ttl").mkdir()
    cases[tmp_path / "dir.ttl"] = "is a directory"
    for path, problem in cases.items():
        with pytest.raises(PlangraphError, match=problem):
            loader([path])


@LOADERS
def test_non_nfc_literal_is_rejected_with_its_line(write_file, loader):
    path = write_file("thai.ttl", PREFIXES + f'ex:a ex:p "ok" .\nex:b ex:p "{NOT_NFC}"@th .\n')
    with pytest.raises(PlangraphError) as err:
        loader([path])
    assert str(err.value).startswith(f"{path}:3: text is not Unicode NFC")
    assert "U+0E1B U+0E39 U+0E48" in str(err.value)  # what it should be


@LOADERS
@pytest.mark.parametrize("name", ["esc.ttl", "esc.trig"])
def test_non_nfc_escaped_literal_is_rejected(write_file, loader, name):
    path = write_file(name, PREFIXES + 'ex:a ex:p "\\u0E1B\\u0E48\\u0E39"@th .\n')
    with pytest.raises(PlangraphError, match="literal is not Unicode NFC"):
        loader([path])


def test_store_loader_gives_the_same_quads(write_file):
    escaped = write_file("esc.ttl", PREFIXES + 'ex:a ex:p "\\u0E1B\\u0E39\\u0E48"@th .\n')
    trig = write_file("x.trig", PREFIXES + 'ex:a ex:p "1" .\nex:g { ex:b ex:p "2" . }\n')
    for sources in (paths.default_sources(), [*INFRA_SOURCES, escaped, trig]):
        expected = set(to_oxigraph(load(sources)))
        got = set(load_store(sources))
        assert got == expected
    graphs = {q.graph_name for q in load_store([trig])}
    assert graphs == {ox.NamedNode(str(file_graph_iri(trig))), ox.NamedNode(EX + "g")}


def test_nfc_text_passes():
    check_nfc("แผนพัฒนาจังหวัดลำปาง ปู่", "x.ttl")
    with pytest.raises(PlangraphError, match=r"^x\.ttl:2: "):
        check_nfc(f"ok\n{NOT_NFC}\n", "x.ttl")


def test_default_sources_are_used_when_none_given(monkeypatch):
    from plangraph import paths

    monkeypatch.setattr(paths, "default_sources", lambda: INFRA_SOURCES)
    assert len(load()) == len(load(INFRA_SOURCES))
    assert INFRA.is_dir()
