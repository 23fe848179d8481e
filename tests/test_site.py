"""The static linked-data site: a page per resource, links that resolve, alternates that
round-trip, the ontology documented, escaping, no remote resources, ``--base``."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from maps_support import fixture_graph
from markupsafe import escape
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from test_maps_browser import browser  # noqa: F401 - the shared offline Chromium fixture

from conftest import run_cli
from plangraph import paths
from plangraph.maps.browser import PageLog, block_network
from plangraph.publish.site import writer

NEW_BASE = "https://example.org/portal/id/"
PAYLOAD = "<img src=x onerror=alert(1)>"


class Tags(HTMLParser):
    """Every start tag with its attributes, and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def under_base(g: Graph, base: str = paths.ID_BASE) -> set[URIRef]:
    """IRI subjects under ``base``, counted with rdflib's API."""
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(base)
            and str(s) != base}


def page_of(root: Path, node: URIRef, base: str = paths.ID_BASE) -> Path:
    return root / "id" / str(node)[len(base):] / "index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, project_ds: Dataset) -> Path:
    """The project's site, built once for the module."""
    return writer.build_site(project_ds, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the hostile-text fixture (tests/fixtures/maps/xss.ttl)."""
    return writer.build_site(fixture_graph("xss"), tmp_path_factory.mktemp("xss") / "site")


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_a_page_for_every_resource_under_the_base(built: Path, project_graph: Graph) -> None:
    nodes = under_base(project_graph)
    assert len(nodes) > 150
    missing = [str(n) for n in nodes if not page_of(built, n).is_file()]
    assert missing == []
    pages = [p for p in (built / "id").rglob("index.html") if p != built / "id" / "index.html"]
    assert len(pages) == len(nodes)
    for n in nodes:
        folder = page_of(built, n).parent
        assert (folder / "index.ttl").is_file() and (folder / "index.jsonld").is_file()


def test_relative_links_resolve(built: Path) -> None:
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in html_files(built):
        for _tag, attrs in parse(page).tags:
            for attr in ("href", "src"):
                url = attrs.get(attr)
                if url is None or url.startswith("#"):
                    continue
                parts = urlsplit(url)
                relative = not parts.scheme and not parts.netloc and not url.startswith("/")
                assert relative, (page, url)
                target = (page.parent / unquote(parts.path)).resolve()
                assert target.is_file(), f"{page.relative_to(built)}: {url}"
                if parts.fragment and target.suffix == ".html":
                    if target not in ids:
                        ids[target] = parse(target).ids
                    assert parts.fragment in ids[target], f"{page}: {url}"
                checked += 1
    assert checked > 5000


def test_thai_label_on_every_page(built: Path, project_graph: Graph) -> None:
    for node in under_base(project_graph):
        text = page_of(built, node).read_text(encoding="utf-8")
        assert '<html lang="th">' in text
        thai = [str(lit) for prop in (SKOS.prefLabel, DCTERMS.title, RDFS.label)
                for lit in project_graph.objects(node, prop)
                if isinstance(lit, Literal) and lit.language == "th"]
        for label in thai[:1]:
            assert f'<span lang="th">{escape(label)}</span>' in text, node


def test_indicator_page_shows_its_target(built: Path) -> None:
    text = (built / "id/lampang/issue/3/indicator/3/index.html").read_text(encoding="utf-8")
    for expected in ("ค่าเป้าหมาย", "80", "๘๐", "ร้อยละ", "percent", "ไม่น้อยกว่า", "ต่อปี",
                     "ร้อยละความพึงพอใจของประชาชนต่อการพัฒนาโลจิสติกส์"):
        assert expected in text, expected
    assert 'rel="alternate" type="text/turtle" href="index.ttl"' in text


def test_alignment_links_up_and_down(built: Path) -> None:
    issue = (built / "id/lampang/issue/1/index.html").read_text(encoding="utf-8")
    assert "Serves (up)" in issue and "การพัฒนาการท่องเที่ยวเชิงสร้างสรรค์" in issue
    cluster = (built / "id/upper-north-1/issue/1/index.html").read_text(encoding="utf-8")
    assert "Served by (down)" in cluster and "../../../../id/lampang/issue/1/index.html" in cluster
    claim = (built / "id/alignment/lampang-issue-1--upper-north-1-issue-1/index.html").read_text(
        encoding="utf-8")
    assert "ทีมงานพิจารณา" in claim and "0.9" in claim and "Both are about developing" in claim


@pytest.mark.parametrize("name,fmt", [("index.ttl", "turtle"), ("index.jsonld", "json-ld")])
def test_alternates_round_trip(built: Path, project_graph: Graph, name: str, fmt: str) -> None:
    for node in under_base(project_graph):
        parsed = Graph().parse(page_of(built, node).parent / name, format=fmt)
        assert set(parsed.triples((node, None, None))) == set(
            project_graph.triples((node, None, None))), node


def test_ontology_page_lists_every_class_and_property(built: Path, project_graph: Graph) -> None:
    page = built / "def/plangraph/index.html"
    ids = parse(page).ids
    terms = set(project_graph.subjects(RDF.type, OWL.Class))
    terms |= set(project_graph.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(project_graph.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 60
    for term in terms:
        assert str(term).removeprefix(paths.PG) in ids, term
    text = page.read_text(encoding="utf-8")
    for value in ("pg:AtLeast", "pg:Annual", "pg:Curated", "pg:ProvincialLevel", "pg:Change",
                  "ตัวชี้วัด", "ทิศทางของค่าเป้าหมาย"):
        assert value in text
    units = parse(built / "def/unit/index.html").ids
    assert {"unit-PERCENT", "pgunit-RAI"} <= units


def test_hostile_text_is_escaped(hostile: Path) -> None:
    pages = html_files(hostile)
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert PAYLOAD not in text, page
        for tag, attrs in parse(page).tags:
            assert tag not in {"script", "img", "iframe", "svg", "b"}, (page, tag)
            assert not [a for a in attrs if a.startswith("on")], (page, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript:"), (page, attrs)
    issue = (hostile / "id/x-lampang/issue/1/index.html").read_text(encoding="utf-8")
    assert str(escape(PAYLOAD)) in issue


def test_no_remote_or_scripted_resources(built: Path) -> None:
    for page in [built / "index.html", built / "def/plangraph/index.html",
                 *sorted((built / "id/lampang").rglob("index.html"))[:20]]:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text
        tags = parse(page).tags
        csp = [a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy"]
        assert len(csp) == 1 and "default-src 'none'" in csp[0] and "script-src 'none'" in csp[0]
        for tag, attrs in tags:
            for attr in ("src", "href"):
                assert not re.match(r"(?i)\s*(https?:)?//", attrs.get(attr, "")), (page, tag)
        assert '"Noto Sans Thai", "Sarabun", "Loma", "Garuda", "Tlwg Typo", sans-serif' in text


def test_front_page_links_maps_and_exports_when_present(tmp_path: Path,
                                                        project_ds: Dataset) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    out = writer.build_site(project_ds, tmp_path / "site")
    front = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="../maps/index.html"' in front and "export/catalog.ttl" not in front
    order = [front.index(f'id/plan/{p}/index.html') for p in
             ("national-strategy", "nesdp-12", "north", "upper-north-1", "lampang")]
    assert order == sorted(order)


def test_base_moves_the_alternates(tmp_path: Path) -> None:
    result = run_cli("site", "--base", NEW_BASE, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "site" / "id" / "lampang" / "issue" / "2"
    node = URIRef(NEW_BASE + "lampang/issue/2")
    for name, fmt in (("index.ttl", "turtle"), ("index.jsonld", "json-ld")):
        assert paths.ID_BASE not in (folder / name).read_text(encoding="utf-8")
        parsed = Graph().parse(folder / name, format=fmt)
        assert (node, SKOS.inScheme, URIRef(NEW_BASE + "plan/lampang")) in parsed
    assert NEW_BASE + "lampang/issue/2" in (folder / "index.html").read_text(encoding="utf-8")


def test_bad_base_is_one_line(tmp_path: Path) -> None:
    result = run_cli("site", "--base", "not an iri", "--out", tmp_path / "site")
    assert result.exit_code != 0 and "--base" in result.stderr
    assert not (tmp_path / "site").exists()


def test_failed_build_keeps_the_old_site(tmp_path: Path, project_ds: Dataset,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = writer.build_site(project_ds, tmp_path / "site")
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(writer, "_all_page", broken)
    with pytest.raises(RuntimeError):
        writer.build_site(project_ds, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_element_page_in_chromium(built: Path, hostile: Path, browser: Any) -> None:  # noqa: F811
    for page_path in (built / "id/lampang/issue/2/indicator/3/index.html",
                      hostile / "id/x-lampang/issue/1/indicator/1/index.html"):
        log = PageLog()
        page = browser.new_page()
        log.watch(page)
        block_network(page, log)
        page.goto(page_path.as_uri())
        assert page.locator("h1 [lang=th]").inner_text()
        assert page.evaluate("window.__xss") is None
        assert log.network == [] and log.errors == [] and log.dialogs == []
        page.close()


def test_build_writes_the_site_unless_told_not_to(tmp_path: Path) -> None:
    from plangraph.build import build

    build(tmp_path / "with", maps=False)
    front = (tmp_path / "with" / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="../export/catalog.ttl"' in front and "../maps/" not in front
    result = run_cli("build", "--out", tmp_path / "without", "--no-maps", "--no-export",
                     "--no-site")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "without" / "site").exists()


def test_the_same_files_from_one_or_two_processes(tmp_path: Path, project_ds: Dataset) -> None:
    one = writer.build_site(project_ds, tmp_path / "one", processes=1)
    two = writer.build_site(project_ds, tmp_path / "two", processes=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len(files) > 500
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert [f for f in files if (one / f).read_bytes() != (two / f).read_bytes()] == []
