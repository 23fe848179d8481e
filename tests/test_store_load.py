"""Files parsed straight into a store (``load_files``): the same quads, prefixes, checks and
errors as going through ``read_quads``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph import load as load_module
from plangraph.graph.load import (
    MAX_BLANK_DEPTH,
    expand_sources,
    load_files,
    load_store,
    read_quads,
)
from plangraph.graph.syntax import declared_prefixes
from plangraph.synth import Spec, write

PREFIXES = "@prefix ex: <http://example.org/pgtest/> .\n"


@pytest.fixture(scope="module")
def synth_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small synthetic cascade with the ontology."""
    out = tmp_path_factory.mktemp("synth")
    write(Spec(provinces=2, years=2), out)
    return paths.validation_sources(expand_sources([out]))


@pytest.mark.parametrize("which", ["seed", "synth"])
def test_the_direct_load_holds_the_quads_read_quads_reads(which: str, synth_files: list[Path]):
    files = paths.default_sources() if which == "seed" else synth_files
    quads = read_quads(files)
    store = ox.Store()
    prefixes = load_files(store, files, prefixes=True)
    assert set(store) == set(load_store(quads))
    assert prefixes == quads.prefixes


@pytest.mark.parametrize("text", [
    PREFIXES + "# a prefix in a comment\nex:a ex:p 1 .\n",
    PREFIXES + 'ex:a ex:p """\n@prefix ex: <http://other/> .\n""" .\n',
    "@base <http://example.org/b/> .\n@prefix ex: <rel/> .\nex:a ex:p 1 .\n",
    PREFIXES + "ex:a ex:p 1 .\nPREFIX ex: <http://example.org/again/>\nex:b ex:p 2 .\n",
    PREFIXES + "@prefix ex2: <http://example.org/x/> . ex2:a ex:p 1 .\n",
    # base directives: a relative prefix IRI is resolved against the base declared before it
    "BASE <http://example.org/b/>\nPREFIX ex: <rel/>\nex:a ex:p 1 .\n",
    "@prefix ex: <rel/> .\n@base <http://example.org/b/> .\n@prefix ey: <rel2/> .\nex:a ey:p 1 .\n",
    "@base <http://example.org/b/> .\n@base <c/> . # again\n@prefix ex: <rel/> .\nex:a ex:p 1 .\n",
    "  @base <http://example.org/b/> .  \n\t@prefix ex: <rel/> .\nex:a ex:p 1 .\n",
    "@prefix base: <http://example.org/base/> .\n<http://x/a> <http://x/p>\n  base:thing .\n",
    "@base <http://example.org/b/> . @prefix ex: <rel/> .\nex:a ex:p 1 .\n",
    "@base <http://example.org/b/> .\r\n@prefix ex: <rel/> .\r\nex:a ex:p 1 .\r\n",
    "# @base <http://other/> .\n@base <http://example.org/b/> .\n@prefix ex: <rel/> .\n"
    "ex:a ex:p 1 .\n",
])
def test_declared_prefixes_agree_with_the_parser_or_say_they_cannot(text: str, tmp_path: Path):
    path = tmp_path / "p.ttl"
    path.write_text(text, encoding="utf-8")
    found = declared_prefixes(text.encode("utf-8"), "turtle", path.resolve().as_uri())
    expected = read_quads([path]).prefixes
    assert found is None or found == expected
    assert load_files(ox.Store(), [path], prefixes=True) == expected


def test_nested_lists_count_as_nesting(tmp_path: Path):
    deep = tmp_path / "lists.ttl"
    depth = MAX_BLANK_DEPTH + 2
    deep.write_text(PREFIXES + "ex:a ex:p " + "( " * depth + "1" + " )" * depth + " .\n",
                    encoding="utf-8")
    with pytest.raises(PlangraphError, match=f"nested more than {MAX_BLANK_DEPTH} deep"):
        load_store([deep])


def test_brackets_in_literals_are_not_nesting(tmp_path: Path):
    path = tmp_path / "brackets.ttl"
    path.write_text(PREFIXES + 'ex:a ex:p "' + "([" * (MAX_BLANK_DEPTH + 5) + '" .\n',
                    encoding="utf-8")
    assert len(load_store([path])) == 1


def _no_quads(*_args: object) -> None:
    raise AssertionError("went through read_file (a Python quad per triple)")


def test_plain_turtle_goes_straight_into_the_store(synth_files: list[Path], monkeypatch):
    expected = len(load_store(synth_files))
    monkeypatch.setattr(load_module, "read_file", _no_quads)
    assert len(load_store(synth_files)) == expected


@pytest.mark.parametrize("which", ["seed", "synth"])
def test_the_data_files_prefixes_are_read_off_their_text(which: str, synth_files: list[Path]):
    """Every data file starts with ``@base`` and its prefixes: they are read from those lines,
    not by parsing the whole file into Python quads (which doubled a load without a cache)."""
    files = paths.default_sources() if which == "seed" else synth_files
    data_files = [f for f in files if f.parent.name != "ontology"]
    assert data_files
    for path in data_files:
        data = path.read_bytes()
        assert b"@base" in data
        assert declared_prefixes(data, "turtle", path.resolve().as_uri()) == \
            read_quads([path]).prefixes, path.name
