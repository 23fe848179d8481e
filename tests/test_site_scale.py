"""The site at scale: observations as rows of their indicator's page, every IRI of the data
dereferenceable through the files or the shipped rules, unchanged files reused on a rebuild."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from conftest import run_cli
from plangraph import paths
from plangraph.graph.load import read_quads
from plangraph.publish.site import writer
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

QB_OBSERVATION = "http://purl.org/linked-data/cube#Observation"


def synth_quads(folder: Path, years: int = 3) -> list[ox.Quad]:
    """The 1× synthetic cascade with ``years`` of observations, read as published."""
    _, files = write(Spec(provinces=1, years=years, seed=3), folder)
    return read_quads(list(validation_sources(files)))


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ox.Quad]]:
    quads = synth_quads(tmp_path_factory.mktemp("synth"))
    return writer.build_site(quads, tmp_path_factory.mktemp("site") / "site"), quads


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ox.Quad]]:
    quads = read_quads()
    return writer.build_site(quads, tmp_path_factory.mktemp("seed") / "site"), quads


def instance_iris(quads: list[ox.Quad]) -> set[str]:
    """Every IRI under the instance base, as subject or object."""
    found = {t.value for q in quads for t in (q.subject, q.object)
             if isinstance(t, ox.NamedNode) and t.value.startswith(paths.ID_BASE)}
    return found - {paths.ID_BASE}


def redirects(root: Path) -> list[tuple[list[str], str]]:
    """The shipped ``_redirects`` rules, read as Netlify reads them: (source segments, target)."""
    file = root / "_redirects"
    if not file.is_file():
        return []
    rules = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, target, status = line.split()
            assert status == "303", line
            rules.append((source.strip("/").split("/"), target))
    return rules


def follow(rules: list[tuple[list[str], str]], path: str) -> str | None:
    """The first rule's target for ``path`` (``/id/...``), placeholders filled in."""
    segments = path.strip("/").split("/")
    for source, target in rules:
        if len(source) == len(segments) and all(
                s.startswith(":") or s == seg for s, seg in zip(source, segments, strict=True)):
            bound = {s: seg for s, seg in zip(source, segments, strict=True) if s.startswith(":")}
            return re.sub(r":\w+", lambda m, b=bound: b[m.group(0)], target)
    return None


def htaccess_target(root: Path, path: str) -> str | None:
    """What the shipped ``.htaccess`` sends ``path`` to (a browser's request), or None."""
    file = root / ".htaccess"
    if not file.is_file():
        return None
    lines = file.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if not line.startswith("RewriteRule ^id/") or lines[n - 1].startswith("RewriteCond"):
            continue
        _, pattern, target, _flags = line.split(" ")
        m = re.match(pattern, path.strip("/"))
        if m:
            return "/" + m.expand(re.sub(r"\$(\d)", r"\\\1",
                                         target.replace("%{ENV:PLANGRAPH_BASE}", "")))
    return None


def ids(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


def resolve(root: Path, iri: str) -> tuple[Path, str]:
    """The page (and anchor) an instance IRI dereferences to: its own folder's index.html,
    else where the shipped rules send it. Fails when neither resolves."""
    path = "/id/" + iri[len(paths.ID_BASE):]
    page = root / unquote(path).strip("/") / "index.html"
    if page.is_file():
        return page, ""
    target = follow(redirects(root), path)
    assert target is not None, f"{iri}: no page and no rule"
    assert htaccess_target(root, path) == target, iri
    where, _, anchor = target.partition("#")
    page = root / where.strip("/") / "index.html"
    assert page.is_file(), f"{iri} -> {target}: no page"
    assert anchor in ids(page), f"{iri} -> {target}: no anchor"
    return page, anchor


@pytest.mark.parametrize("which", ["seed_site", "synth_site"])
def test_every_iri_in_the_data_dereferences(which: str, request: pytest.FixtureRequest) -> None:
    root, quads = request.getfixturevalue(which)
    iris = instance_iris(quads)
    assert len(iris) > 150
    anchored = [iri for iri in sorted(iris) if resolve(root, iri)[1]]
    observations = {q.subject.value for q in quads
                    if q.predicate.value.endswith("#type") and q.object.value == QB_OBSERVATION}
    assert set(anchored) == observations  # exactly the observations are rows of a page
    assert (which == "synth_site") == bool(observations)


def test_an_indicator_page_holds_its_observations(synth_site: tuple[Path, list[ox.Quad]]
                                                  ) -> None:
    root, quads = synth_site
    observations = [q for q in quads if q.predicate.value == paths.PG + "indicator"]
    assert len(observations) > 50
    for q in observations[:40]:
        page, anchor = resolve(root, q.subject.value)
        assert page == resolve(root, q.object.value)[0]  # the indicator's own page
        folder = page.parent
        described = Graph().parse(folder / "index.ttl", format="turtle")
        mine = {t for t in quads if t.subject == q.subject}
        assert len(mine) >= 5
        for t in mine:
            assert (URIRef(t.subject.value), URIRef(t.predicate.value), None) in described
        as_jsonld = Graph().parse(folder / "index.jsonld", format="json-ld")
        assert set(described) == set(as_jsonld)
        rows = (folder / "observations.csv").read_text(encoding="utf-8").splitlines()
        assert rows[0] == "observation,indicator,year,value,unit,dataset"
        assert any(r.startswith(q.subject.value + ",") for r in rows[1:])
    assert not list((root / "id").rglob("observation"))  # no folder per observation


def test_rebuild_reuses_identical_files_and_leaves_the_old_site_alone(
        tmp_path: Path) -> None:
    quads = synth_quads(tmp_path / "data")
    first = writer.build_site(quads, tmp_path / "one")
    gone = next(q for q in quads if q.predicate.value == paths.PG + "observedValue")
    changed = [q for q in quads if q != gone]
    indicator = gone.subject.value.rsplit("/observation/", 1)[0][len(paths.ID_BASE):]
    second = writer.build_site(changed, tmp_path / "two", previous=first)
    sums = {}
    for folder in (first, second):  # both sites are exactly what their SHA256SUMS says
        listed = dict(reversed(line.split("  ", 1)) for line in
                      (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
        on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert set(listed) == on_disk - {"SHA256SUMS"}
        for rel, digest in listed.items():
            assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest, rel
        sums[folder] = listed
    same = [rel for rel in sums[second] if sums[first].get(rel) == sums[second][rel]]
    other = [rel for rel in sums[second] if rel not in same]
    assert len(same) > 500 and other  # the indicator's page, Turtle, JSON-LD, CSV, the dataset
    assert all(os.stat(first / rel).st_ino == os.stat(second / rel).st_ino for rel in same)
    assert all(os.stat(first / rel).st_ino != os.stat(second / rel).st_ino for rel in other)
    assert f"id/{indicator}/observations.csv" in other


def test_stub_pages_on_request(tmp_path: Path) -> None:
    quads = synth_quads(tmp_path / "data", years=2)
    result = run_cli("site", "--redirect-pages", "--data", tmp_path / "data",
                     "--out", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    root = tmp_path / "site"
    stubs = sorted((root / "id").rglob("observation/*/index.html"))
    observations = {q.subject.value for q in quads if q.predicate.value == paths.PG + "refYear"}
    assert len(stubs) == len(observations) > 50
    for stub in stubs[:30]:
        text = stub.read_text(encoding="utf-8")
        href = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text).group(1)
        where, _, anchor = href.partition("#")
        assert anchor in ids((stub.parent / where).resolve())
        assert "<script" not in text


def test_a_rule_never_catches_a_page(tmp_path: Path) -> None:
    """A resource whose path has the shape of a folded observation keeps every observation
    of that shape on its own page (a static host applies rules even where a file exists)."""
    quads = synth_quads(tmp_path / "data", years=2)
    one = next(q.object for q in quads if q.predicate.value == paths.PG + "indicator")
    squatter = ox.NamedNode(one.value + "/observation/notes")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    extra = ox.Quad(squatter, label, ox.Literal("notes", language="en"), ox.DefaultGraph())
    root = writer.build_site([*quads, extra], tmp_path / "site")
    assert (root / "id" / squatter.value[len(paths.ID_BASE):] / "index.html").is_file()
    assert list((root / "id").rglob("observation/2017/index.html"))  # pages again
    for iri in instance_iris([*quads, extra]):
        resolve(root, iri)
