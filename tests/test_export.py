"""Export: every format re-parses (rdflib and pyoxigraph) to the source graph; TriG, JSON-LD,
``--base``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import AWKWARD, canonical, run_cli
from plangraph.graph.load import FILE_GRAPH_PREFIX, load, load_store, merged, read_quads
from plangraph.graph.terms import from_ox_term
from plangraph.publish.export import (
    CONTEXT_IRI,
    DATA_BASE,
    FORMATS,
    INSTANCE_BASE,
    bases_for,
    export,
    jsonld_context,
    public_dataset,
    serialize,
)

NEW_BASE = "http://example.org/pg/id/"
NEW_DATA = "http://example.org/pg/data/"
ONTOLOGY_NS = "https://w3id.org/plangraph/def/plangraph#"

Triple = tuple[object, object, object]


def rdflib_triples(data: bytes, fmt: str) -> set[Triple]:
    """Parse with rdflib; the union of all graphs as a set of triples."""
    spec = FORMATS[fmt]
    if fmt == "trig":
        parsed = Dataset()
        parsed.parse(data=data, format="trig")
        return {(s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))}
    return set(Graph().parse(data=data, format=spec.rdflib_format))


def oxigraph_quads(data: bytes, fmt: str) -> list[ox.Quad | ox.Triple]:
    return list(ox.parse(data, format=getattr(ox.RdfFormat, FORMATS[fmt].oxigraph_format)))


def oxigraph_triples(data: bytes, fmt: str) -> set[Triple]:
    """Parse with pyoxigraph; terms converted to rdflib (xsd:string -> plain literal)."""
    return {
        (from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object))
        for q in oxigraph_quads(data, fmt)
    }


def no_blank_nodes(triples: Iterable[Triple]) -> bool:
    return not any(isinstance(t, BNode) for triple in triples for t in triple)


def test_source_has_no_blank_nodes(project_graph):
    # Set equality below is then the same as graph isomorphism.
    assert no_blank_nodes(project_graph)
    assert len(project_graph) > 1000


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_format_round_trips_in_rdflib_and_oxigraph(project_ds, project_graph, fmt):
    data = export(project_ds, fmt)
    by_rdflib = rdflib_triples(data, fmt)
    assert by_rdflib == set(project_graph)
    parsed = Graph()
    for t in by_rdflib:
        parsed.add(t)  # type: ignore[arg-type]
    assert isomorphic(parsed, project_graph)
    assert oxigraph_triples(data, fmt) == set(project_graph)


def test_shapes_are_not_exported(project_ds, project_graph):
    from plangraph import paths

    with_shapes = load([*paths.default_sources(), paths.shapes_path()])
    assert len(merged(with_shapes)) > len(project_graph)
    assert rdflib_triples(export(with_shapes, "ntriples"), "ntriples") == set(project_graph)


def test_ntriples_is_sorted_and_deterministic(project_ds):
    data = export(project_ds, "ntriples")
    lines = data.decode().splitlines()
    assert lines == sorted(lines)
    assert data == export(project_ds, "ntriples")


def test_trig_has_one_graph_per_plan_file(project_ds):
    data = export(project_ds, "trig")
    quads = oxigraph_quads(data, "trig")
    by_graph: dict[str, set[Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name.value, set()).add(
            (from_ox_term(q.subject), from_ox_term(q.predicate), from_ox_term(q.object))
        )
    expected: dict[str, set[Triple]] = {}
    for g in project_ds.graphs():
        name = str(g.identifier)
        if not name.startswith(FILE_GRAPH_PREFIX):
            continue
        rel = Path(name[len(FILE_GRAPH_PREFIX) :])
        slug = "ontology" if rel.parts[0] == "ontology" else rel.stem
        expected.setdefault(DATA_BASE + slug, set()).update(g)
    assert by_graph == expected
    names = set(by_graph)
    for slug in ("ontology", "common", "alignments", "lampang", "national-strategy"):
        assert DATA_BASE + slug in names
    # every plan's graph holds its plan
    for name, triples in by_graph.items():
        slug = name[len(DATA_BASE) :]
        if slug not in ("ontology", "common", "alignments"):
            assert any(s == URIRef(INSTANCE_BASE + f"plan/{slug}") for s, _, _ in triples), slug


def test_jsonld_embeds_the_shipped_context(project_ds):
    doc = json.loads(export(project_ds, "jsonld"))
    shipped = json.loads(Path("ontology/context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"] == jsonld_context()
    nodes = doc["@graph"]
    assert [n["@id"] for n in nodes] == sorted(n["@id"] for n in nodes)
    plan = next(n for n in nodes if n["@id"] == INSTANCE_BASE + "plan/lampang")
    assert set(plan["prefLabel"]) == {"th", "en-t-th"}  # a language map from the context
    target = next(n for n in nodes if n["@id"].endswith("/indicator/1/target"))
    assert isinstance(target["numericValue"], str)  # coerced by the context's xsd:decimal
    assert CONTEXT_IRI.startswith("https://w3id.org/plangraph/def/")


def _iris(triples: Iterable[Triple]) -> set[str]:
    return {str(t) for triple in triples for t in triple if isinstance(t, URIRef)}


def _unbase(t: object) -> object:
    if isinstance(t, URIRef) and str(t).startswith(NEW_BASE):
        return URIRef(INSTANCE_BASE + str(t)[len(NEW_BASE) :])
    return t


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_base_rewrites_every_instance_iri(project_ds, project_graph, fmt):
    data = export(project_ds, fmt, base=NEW_BASE)
    triples = oxigraph_triples(data, fmt)
    assert triples == rdflib_triples(data, fmt)
    iris = _iris(triples)
    assert not any(i.startswith(INSTANCE_BASE) for i in iris)
    assert any(i.startswith(NEW_BASE) for i in iris)
    assert any(i.startswith(ONTOLOGY_NS) for i in iris)  # the vocabulary stays
    assert INSTANCE_BASE.encode() not in data
    # a consistent, reversible rename: mapping back gives the source graph
    assert {tuple(_unbase(t) for t in triple) for triple in triples} == set(project_graph)


def test_base_renames_the_dataset_graphs(project_ds):
    quads = oxigraph_quads(export(project_ds, "trig", base=NEW_BASE), "trig")
    names = {q.graph_name.value for q in quads}
    assert names and all(n.startswith(NEW_DATA) for n in names)
    assert bases_for(NEW_BASE).data == NEW_DATA
    assert bases_for("http://example.org/x/").data == "http://example.org/x/data/"


@pytest.mark.parametrize("bad", ["example.org/id/", "http://example.org/id", "http://a b/"])
def test_bad_base_is_a_one_line_error(bad):
    res = run_cli("export", "--base", bad)
    assert res.exit_code == 2
    assert res.stderr.startswith("plangraph: --base") and res.stderr.count("\n") == 1


def test_plain_graph_becomes_one_dataset_graph(project_graph):
    out = public_dataset(project_graph)
    names = {str(g.identifier) for g in out.graphs() if len(g)}
    assert names == {DATA_BASE + "plangraph"}
    assert rdflib_triples(serialize(out, "trig"), "trig") == set(project_graph)


def test_cli_export_writes_atomically(tmp_path, project_graph):
    out = tmp_path / "sub" / "plangraph.ttl"
    res = run_cli("export", "--format", "turtle", "--out", out)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    assert rdflib_triples(out.read_bytes(), "turtle") == set(project_graph)
    assert sorted(p.name for p in out.parent.iterdir()) == ["plangraph.ttl"]


def test_cli_export_to_stdout():
    res = run_cli("export", "-f", "ntriples")
    assert res.exit_code == 0
    assert res.stdout.startswith("<") and res.stdout.endswith(" .\n")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_keeps_lexical_forms(fmt):
    # "010.50"^^xsd:decimal, "05"^^xsd:integer, "1e3"^^xsd:double, strings on typed terms…
    quads = read_quads([AWKWARD])
    back = oxigraph_quads(export(quads, fmt), fmt)
    assert canonical(back) == canonical(quads)


def test_a_store_source_publishes_the_same_graphs(project_ds):
    # A pyoxigraph Store keeps values, not lexical forms: its export differs from the
    # files only in numbers written canonically ("1000.0" -> "1000").
    from_store = oxigraph_quads(export(load_store(), "trig"), "trig")
    from_files = oxigraph_quads(export(project_ds, "trig"), "trig")
    assert {q.graph_name for q in from_store} == {q.graph_name for q in from_files}
    assert len(from_store) == len(from_files)
    changed = set(from_files) - set(from_store)
    assert changed  # ontology/units.ttl writes 1000.0
    for q in changed:
        assert q.object.datatype.value == str(XSD.decimal)
        place = (q.subject, q.predicate, q.graph_name)
        twins = [s.object for s in from_store if (s.subject, s.predicate, s.graph_name) == place]
        assert [Decimal(t.value) for t in twins] == [Decimal(q.object.value)]
