"""What the loaders refuse (and accept) at the edges: huge terms, deep nesting, a byte-order
mark, link loops, hidden files, ill-typed literals kept as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from conftest import EX, run_cli
from plangraph.errors import PlangraphError
from plangraph.graph.load import (
    MAX_BLANK_DEPTH,
    TOKEN_LIMIT,
    expand_sources,
    load,
    load_store,
    read_quads,
)

LOADERS = pytest.mark.parametrize("loader", [load, load_store], ids=["rdflib", "oxigraph"])
PREFIXES = "@prefix ex: <http://example.org/pgtest/> .\n"


def nested(depth: int) -> str:
    """A statement whose object nests ``depth`` blank nodes."""
    return PREFIXES + "ex:a ex:p " + "[ ex:p " * depth + '"end"' + " ]" * depth + " .\n"


@LOADERS
def test_a_term_over_the_token_limit_is_a_load_error(loader, tmp_path: Path):
    path = tmp_path / "huge.ttl"
    path.write_text(PREFIXES + "\n" + 'ex:a ex:p "' + "x" * (TOKEN_LIMIT + 1) + '" .\n',
                    encoding="utf-8")
    with pytest.raises(PlangraphError, match=r"huge.ttl:3: a single term is longer") as err:
        loader([path])
    assert err.value.exit_code == 2


@LOADERS
def test_blank_nodes_nested_too_deep_are_refused(loader, tmp_path: Path):
    ok, deep = tmp_path / "ok.ttl", tmp_path / "deep.ttl"
    ok.write_text(nested(MAX_BLANK_DEPTH), encoding="utf-8")
    deep.write_text(nested(MAX_BLANK_DEPTH + 2), encoding="utf-8")
    assert len(loader([ok])) > MAX_BLANK_DEPTH
    with pytest.raises(PlangraphError, match=f"nested more than {MAX_BLANK_DEPTH} deep"):
        loader([deep])


@LOADERS
def test_a_long_list_is_not_nesting(loader, tmp_path: Path):
    path = tmp_path / "list.ttl"
    path.write_text(PREFIXES + "ex:a ex:p (" + " 1" * 500 + " ) .\n", encoding="utf-8")
    assert len(loader([path])) > 1000


@LOADERS
def test_a_byte_order_mark_is_accepted(loader, tmp_path: Path):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (PREFIXES + 'ex:a ex:p "x" .\n').encode())
    assert len(loader([path])) == 1


@pytest.mark.parametrize("text", ["<http://example.org/a b> ex:p 1 .", 'ex:a ex:p "\\uD800" .'])
@LOADERS
def test_what_one_parser_refuses_both_refuse(loader, text: str, tmp_path: Path):
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + text + "\n", encoding="utf-8")
    with pytest.raises(PlangraphError, match=r"bad.ttl:2: bad syntax"):
        loader([path])


def test_rdflib_keeps_a_typed_literal_as_written(tmp_path: Path):
    """rdflib alone would turn "๒"^^xsd:decimal into "2" (data bent quietly)."""
    path = tmp_path / "x.ttl"
    path.write_text(PREFIXES + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                    'ex:a ex:p "๒"^^xsd:decimal , "01"^^xsd:integer .\n', encoding="utf-8")
    values = {str(o) for o in load([path]).objects(URIRef(EX + "a"), URIRef(EX + "p"))}
    assert values == {"๒", "01"}
    assert {str(q.object.value) for q in read_quads([path])} == values
    assert all(isinstance(o, Literal) for o in load([path]).objects(None, URIRef(EX + "p")))


def test_hidden_files_in_a_folder_are_skipped(tmp_path: Path):
    (tmp_path / "a.ttl").write_text(PREFIXES, encoding="utf-8")
    (tmp_path / ".draft.ttl").write_text("broken", encoding="utf-8")
    assert expand_sources([tmp_path]) == [tmp_path / "a.ttl"]


@pytest.mark.parametrize("where", ["given", "in-folder"])
@pytest.mark.parametrize("command", [("validate",), ("validate", "--fast"),
                                     ("query", "indicators", "--data"), ("build", "--data")])
def test_a_link_loop_is_a_one_line_error(tmp_path: Path, where: str, command: tuple):
    folder = tmp_path / "d"
    folder.mkdir()
    (tmp_path / "x").symlink_to(tmp_path / "y")
    (tmp_path / "y").symlink_to(tmp_path / "x")
    if where == "given":
        target = tmp_path / "x"
    else:
        (folder / "loop.ttl").symlink_to(tmp_path / "x")
        target = folder
    extra = ("-o", str(tmp_path / "out")) if command[0] == "build" else ()
    res = run_cli(*command, target, *extra)
    assert res.exit_code == 2, res.stderr
    assert res.stderr.startswith("plangraph: ") and res.stderr.count("\n") == 1
    assert "symbolic link" in res.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fast", [(), ("--fast",)])
def test_validate_accepts_a_folder_like_build(tmp_path: Path, fast: tuple):
    (tmp_path / "a.ttl").write_text(PREFIXES + 'ex:a ex:p "x" .\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not RDF", encoding="utf-8")
    res = run_cli("validate", *fast, tmp_path)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.startswith("conforms")


def test_hidden_files_in_the_project_folders_are_skipped(tmp_path: Path, monkeypatch):
    from plangraph import paths

    for folder in ("ontology", "data"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.ttl").write_text(PREFIXES, encoding="utf-8")
        (tmp_path / folder / ".#a.ttl").write_text("an editor's lock file", encoding="utf-8")
    monkeypatch.setattr(paths, "ONTOLOGY_DIR", tmp_path / "ontology")
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path / "data")
    assert paths.default_sources() == [tmp_path / "ontology" / "a.ttl", tmp_path / "data" / "a.ttl"]
