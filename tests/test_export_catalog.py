"""``export_all``: the folder's files, and DCAT/VoID numbers that match the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from conftest import run_cli
from plangraph.publish.export import CONTEXT_IRI, DATA_BASE, FORMATS, INSTANCE_BASE, export_all

PG = Namespace("https://w3id.org/plangraph/def/plangraph#")
MAIN = URIRef(DATA_BASE + "plangraph")
LINKSET = URIRef(DATA_BASE + "alignments")
ENDPOINT = "http://127.0.0.1:7070/sparql"


@pytest.fixture(scope="module")
def outdir(project_ds, tmp_path_factory) -> Path:
    return export_all(project_ds, tmp_path_factory.mktemp("build") / "export", endpoint=ENDPOINT)


@pytest.fixture(scope="module")
def catalog(outdir) -> Graph:
    # Relative download URLs resolve against the catalog file's own location.
    return Graph().parse(outdir / "catalog.ttl", format="turtle", publicID=outdir.as_uri() + "/")


def one(g: Graph, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def number(g: Graph, s, p) -> int:
    value = one(g, s, p)
    assert isinstance(value, Literal) and value.datatype in (XSD.integer, XSD.nonNegativeInteger)
    return int(value)


def test_folder_contents(outdir):
    names = sorted(p.name for p in outdir.iterdir())
    expected = {f"plangraph{f.suffix}" for f in FORMATS.values()}
    expected |= {"catalog.ttl", "alignments.sssom.tsv", "context.jsonld"}
    assert set(names) == expected  # no temporary files left behind


def test_void_counts_match_the_graph(catalog, project_graph):
    assert number(catalog, MAIN, VOID.triples) == len(project_graph)
    assert number(catalog, MAIN, VOID.distinctSubjects) == len(set(project_graph.subjects()))
    assert number(catalog, MAIN, VOID.distinctObjects) == len(set(project_graph.objects()))
    assert number(catalog, MAIN, VOID.properties) == len(set(project_graph.predicates()))
    classes = set(project_graph.objects(None, RDF.type))
    assert number(catalog, MAIN, VOID.classes) == len(classes)
    entities = {s for s in project_graph.subjects() if str(s).startswith(INSTANCE_BASE)}
    assert number(catalog, MAIN, VOID.entities) == len(entities)


def test_partitions_match_the_graph(catalog, project_graph):
    props = {
        one(catalog, part, VOID.property): number(catalog, part, VOID.triples)
        for part in catalog.objects(MAIN, VOID.propertyPartition)
    }
    assert props == Counter(p for _, p, _ in project_graph)
    assert sum(props.values()) == len(project_graph)
    classes = {
        one(catalog, part, VOID["class"]): number(catalog, part, VOID.entities)
        for part in catalog.objects(MAIN, VOID.classPartition)
    }
    assert classes == {c: len(set(project_graph.subjects(RDF.type, c))) for c in classes}
    assert set(classes) == set(project_graph.objects(None, RDF.type))


def test_subsets_are_the_trig_graphs(catalog, project_ds):
    subsets = set(catalog.objects(MAIN, VOID.subset))
    assert LINKSET in subsets and URIRef(DATA_BASE + "lampang") in subsets
    per_file: Counter[str] = Counter()
    for g in project_ds.graphs():
        name = str(g.identifier)
        if name.startswith("urn:plangraph:file:"):
            rel = Path(name.split(":", 3)[3])
            per_file["ontology" if rel.parts[0] == "ontology" else rel.stem] += len(g)
    assert {str(s)[len(DATA_BASE) :]: number(catalog, s, VOID.triples) for s in subsets} == dict(
        per_file
    )
    lampang = URIRef(DATA_BASE + "lampang")
    titles = {t.language for t in catalog.objects(lampang, DCTERMS.title)}
    assert "th" in titles


def test_linkset(catalog, project_graph, project_ds):
    assert (LINKSET, RDF.type, VOID.Linkset) in catalog
    claims = set(project_graph.subjects(RDF.type, PG.Alignment))
    assert number(catalog, LINKSET, VOID.entities) == len(claims) > 0
    relations = {o for c in claims for o in project_graph.objects(c, PG.relation)}
    assert set(catalog.objects(LINKSET, VOID.linkPredicate)) == relations
    alignments_graph = next(
        g for g in project_ds.graphs() if str(g.identifier).endswith("data/alignments.ttl")
    )
    assert number(catalog, LINKSET, VOID.triples) == len(alignments_graph)


def test_distributions(catalog, outdir):
    dists = set(catalog.objects(MAIN, DCAT.distribution)) | set(
        catalog.objects(LINKSET, DCAT.distribution)
    )
    files = set()
    for d in dists:
        url = one(catalog, d, DCAT.downloadURL)
        assert str(url).startswith(outdir.as_uri())  # relative in the file
        path = outdir / str(url).rsplit("/", 1)[1]
        files.add(path.name)
        assert number(catalog, d, DCAT.byteSize) == path.stat().st_size
        assert str(one(catalog, d, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )
    assert files == {p.name for p in outdir.iterdir()} - {"catalog.ttl", "context.jsonld"}
    dumps = {str(u).rsplit("/", 1)[1] for u in catalog.objects(MAIN, VOID.dataDump)}
    assert dumps == {f"plangraph{f.suffix}" for f in FORMATS.values()}
    jsonld = next(d for d in dists if str(d).endswith(".jsonld"))
    assert one(catalog, jsonld, DCTERMS.conformsTo) == URIRef(CONTEXT_IRI)
    text = (outdir / "catalog.ttl").read_text(encoding="utf-8")
    assert "@base" not in text and "<plangraph.ttl>" in text


def test_examples_endpoint_and_catalog(catalog, project_graph):
    examples = set(catalog.objects(MAIN, VOID.exampleResource))
    assert examples and all((e, RDF.type, PG.Indicator) in project_graph for e in examples)
    assert one(catalog, MAIN, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    service = one(catalog, URIRef(DATA_BASE + "catalog"), DCAT.service)
    assert one(catalog, service, DCAT.endpointURL) == URIRef(ENDPOINT)
    assert one(catalog, service, DCAT.servesDataset) == MAIN
    assert (URIRef(DATA_BASE + "catalog"), DCAT.dataset, MAIN) in catalog


def test_no_endpoint_no_service(project_ds, tmp_path):
    out = export_all(project_ds, tmp_path / "e")
    g = Graph().parse(out / "catalog.ttl", format="turtle", publicID=out.as_uri() + "/")
    assert not list(g.objects(None, VOID.sparqlEndpoint))
    assert not list(g.subjects(RDF.type, DCAT.DataService))


def test_export_all_replaces_the_folder_atomically(project_ds, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / "stale.txt").write_text("old")
    export_all(project_ds, out)
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]


def test_export_all_with_base(project_ds, tmp_path):
    base = "http://example.org/pg/id/"
    out = export_all(project_ds, tmp_path / "x", base=base)
    g = Graph().parse(out / "catalog.ttl", format="turtle", publicID=out.as_uri() + "/")
    main = URIRef("http://example.org/pg/data/plangraph")
    assert (main, RDF.type, DCAT.Dataset) in g
    assert str(one(g, main, VOID.uriSpace)) == base
    for path in out.iterdir():
        assert INSTANCE_BASE.encode() not in path.read_bytes(), path.name


def test_cli_export_all(tmp_path):
    res = run_cli("export", "--format", "all", "--out", tmp_path / "e", "--endpoint", ENDPOINT)
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "e" / "catalog.ttl").is_file()
    bad = run_cli("export", "--format", "all", "--out", tmp_path / "f", "--endpoint", "ftp://x")
    assert bad.exit_code == 2 and "not an absolute http(s) URL" in bad.stderr
    assert not (tmp_path / "f").exists()


def test_one_published_view_serves_export_and_site(project_ds, outdir, tmp_path):
    from plangraph.errors import PlangraphError
    from plangraph.graph.load import read_quads
    from plangraph.publish.export import bases_for, public_data
    from plangraph.publish.site.writer import build_site

    data = public_data(read_quads())
    out = export_all(data, tmp_path / "e", endpoint=ENDPOINT)
    for f in FORMATS.values():  # the same files as from the rdflib Dataset
        name = f"plangraph{f.suffix}"
        assert (out / name).read_bytes() == (outdir / name).read_bytes(), name
    assert (build_site(data, tmp_path / "site") / "id/lampang/issue/2/index.html").is_file()
    with pytest.raises(PlangraphError, match="made for the base"):
        export_all(data, tmp_path / "x", base="http://example.org/pg/id/")
    moved = public_data(read_quads(), bases_for("http://example.org/pg/id/"))
    assert (export_all(moved, tmp_path / "y", base="http://example.org/pg/id/")
            / "catalog.ttl").is_file()
