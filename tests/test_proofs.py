"""In-place proofs remembered between processes: a later process proves a value of a known
kind in parts (no parse of the whole text), and nothing a full proof refuses gets through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from rdflib import Literal

from plangraph.errors import PlangraphError
from plangraph.graph.terms import to_oxigraph
from plangraph.sparql import engines, exists, inplace, proofs, safety
from plangraph.sparql.engines import execute, inline_query
from plangraph.sparql.library import resolve


def new_process() -> None:
    """Forget what this process proved and parsed, as a fresh ``plangraph query`` would."""
    inplace._proven.clear()
    inplace._substitute.cache_clear()
    inplace._template.cache_clear()
    safety._prepare_cached.cache_clear()
    safety._check_cached.cache_clear()
    engines._in_place.cache_clear()
    exists._rows_vouch.cache_clear()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANGRAPH_CACHE", str(tmp_path))
    new_process()
    yield tmp_path
    new_process()


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Whole texts rdflib parsed for a proof or a bindability check."""
    texts: list[str] = []
    algebra, prepare = inplace._algebra, inplace.prepare

    def spy_algebra(text):
        texts.append(text)
        return algebra(text)

    def spy_prepare(text, source="<query>"):
        texts.append(text)
        return prepare(text, source)

    monkeypatch.setattr(inplace, "_algebra", spy_algebra)
    monkeypatch.setattr(inplace, "prepare", spy_prepare)
    return texts


def test_a_later_process_proves_in_parts_with_the_same_rows(cache, parses, project_ds):
    info, store = resolve("search"), to_oxigraph(project_ds)
    first = execute(info, {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    assert parses, "the first process makes the full proof"
    assert len(json.loads((cache / "proofs.json").read_text())) >= 1
    new_process()
    parses.clear()
    again = execute(info, {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    other = execute(info, {"keyword": "ท่องเที่ยว"}, store=store, engine="oxigraph")
    assert parses == []
    assert again.rows == first.rows and first.rows and other.rows != first.rows


def test_an_ask_parameter_and_an_iri_are_remembered_too(cache, parses, project_ds):
    """trace has an IRI parameter and an existence ASK: neither is parsed again."""
    store = to_oxigraph(project_ds)
    element = {"element": "lampang/issue/1/indicator/1"}
    first = execute(resolve("trace"), element, store=store, engine="oxigraph")
    new_process()
    parses.clear()
    assert execute(resolve("trace"), element, store=store, engine="oxigraph").rows == first.rows
    assert parses == []


def test_whether_rows_show_a_name_is_there_is_remembered(cache, project_ds, monkeypatch):
    """trace's rows vouch for its element (no existence ASK once it has rows): decided from
    its algebra in the first process, remembered for the next."""
    info = resolve("trace")
    assert exists.rows_vouch(info, ("element",))
    new_process()
    parsed = []
    template_query = exists.template_query

    def spy(*args):
        parsed.append(args)
        return template_query(*args)

    monkeypatch.setattr(exists, "template_query", spy)
    assert exists.rows_vouch(info, ("element",))
    assert parsed == []
    new_process()
    changed = replace(info, text=info.text.replace("?element skos:inScheme ?scheme .",
                                                   "OPTIONAL { ?element skos:inScheme ?s }"))
    assert not exists.rows_vouch(changed, ("element",))
    assert len(parsed) == 1


def test_without_the_cache_every_process_proves_in_full(cache, parses, project_ds,
                                                        monkeypatch):
    monkeypatch.setenv("PLANGRAPH_CACHE", "off")
    store = to_oxigraph(project_ds)
    execute(resolve("search"), {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    new_process()
    parses.clear()
    execute(resolve("search"), {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    assert parses and not (cache / "proofs.json").exists()


def test_another_kind_of_term_or_a_changed_query_proves_in_full(cache, parses, project_ds):
    store = to_oxigraph(project_ds)
    info = resolve("search")
    execute(info, {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    new_process()
    parses.clear()
    inplace.substitute(info, {"keyword": Literal("เกษตร", lang="th")})  # a language tag
    assert parses
    parses.clear()
    changed = replace(info, text=info.text.replace("DISTINCT", "REDUCED"))
    inplace.substitute(changed, {"keyword": Literal("เกษตร")})
    assert parses


def test_a_term_that_breaks_out_is_caught_after_a_remembered_proof(cache, project_ds,
                                                                   monkeypatch):
    store = to_oxigraph(project_ds)
    execute(resolve("search"), {"keyword": "เกษตร"}, store=store, engine="oxigraph")
    new_process()
    monkeypatch.setattr(inplace, "to_nt", lambda term: f'"{term}"')
    with pytest.raises(PlangraphError, match="did not survive serialization"):
        execute(resolve("search"), {"keyword": 'a" , "b'}, store=store, engine="oxigraph")


def test_a_parameter_not_projected_is_refused_and_not_remembered(cache, project_ds):
    query = inline_query("SELECT ?s WHERE { ?s ?p ?k }")
    for _ in range(2):
        with pytest.raises(PlangraphError, match="parameter k must be in the SELECT clause"):
            inplace.substitute(query, {"k": Literal("x")})
        new_process()
    assert proofs._read() == []


@pytest.mark.parametrize("content", ["not json", '{"a": 1}', '[1, null, "x"]', ""])
def test_a_damaged_file_is_ignored_and_replaced(cache, parses, project_ds, content):
    (cache / "proofs.json").write_text(content)
    execute(resolve("search"), {"keyword": "เกษตร"}, store=to_oxigraph(project_ds),
            engine="oxigraph")
    assert parses
    keys = json.loads((cache / "proofs.json").read_text())
    assert all(isinstance(k, str) and len(k) == 40 for k in keys if k != "x")


def test_only_the_newest_keys_are_kept(cache, monkeypatch):
    monkeypatch.setattr(proofs, "KEEP", 3)
    for n in range(5):
        proofs.remember(f"k{n}")
    proofs.remember("k2")
    assert proofs._read() == ["k3", "k4", "k2"]
    assert proofs.known("k4") and not proofs.known("k0")


def test_the_key_depends_on_the_template_and_the_kinds():
    key = proofs.proof_key("SELECT ?a WHERE { ?a ?b ?pg_param_k }", (("k", ("iri",)),))
    assert key == proofs.proof_key("SELECT ?a WHERE { ?a ?b ?pg_param_k }", (("k", ("iri",)),))
    assert key != proofs.proof_key("SELECT ?a WHERE { ?a ?c ?pg_param_k }", (("k", ("iri",)),))
    assert key != proofs.proof_key("SELECT ?a WHERE { ?a ?b ?pg_param_k }",
                                   (("k", ("literal", "", "th")),))


def test_the_command_line_leaves_its_proofs_for_the_next_run(tmp_path):
    env_cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "plangraph.cli", "query", "trace", "-p",
           "element=lampang/issue/1/indicator/1", "-f", "csv"]
    env = {**os.environ, "PLANGRAPH_CACHE": str(env_cache)}
    runs = [subprocess.run(cmd, capture_output=True, text=True, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.count("\n") > 1
    assert len(json.loads((env_cache / "proofs.json").read_text())) == 2  # trace and its ASK

