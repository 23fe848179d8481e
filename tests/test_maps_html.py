"""The map pages as HTML: escaping, no remote resources, CSP, atomic build, trace lookup."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from maps_support import fixture_graph, iri, project_graph

from plangraph.errors import PlangraphError
from plangraph.maps import build_maps, build_trace, find_indicator, load_graph, render, trace_file
from plangraph.maps import html as maps_html

XSS_PAYLOADS = [
    '<img src=x onerror="window.__xss=9">',
    "<img src=x onerror=alert(1)>",
    "<script>window.__xss=1</script>",
    "</script><script>window.__xss=2</script>",
    '<a href="javascript:window.__xss=6">',
    '<svg onload="window.__xss=7">',
    '<iframe src="javascript:window.__xss=8">',
    "--></script><!--",
]
URL_ATTRS = {"src", "href", "action", "formaction", "srcset", "poster", "data", "xlink:href",
             "manifest", "background", "ping"}
OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "nav", "a", "span",
            "main", "h1", "h2", "h3", "p", "div", "fieldset", "legend", "label", "input",
            "select", "option", "button", "aside", "ul", "li", "svg", "line", "section",
            "table", "caption", "thead", "tbody", "tr", "th", "td", "br", "code", "script",
            "small", "ol", "dl", "dt", "dd", "details", "summary", "strong", "rect",
            "footer"}


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append((attributes, ""))
        elif tag == "style":
            self.styles.append("")
        self._in = tag if tag in ("script", "style") else self._in

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        elif self._in == "style":
            self.styles[-1] += data


def parse(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    return parser


def pages(site: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(site.glob("*.html"))}


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini") / "maps"
    build_maps(fixture_graph("mini"), out)
    return out


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xss") / "maps"
    build_maps(fixture_graph("xss"), out)
    return out


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("project") / "maps"
    build_maps(project_graph(), out)
    return out


def test_site_has_every_page(mini_site: Path) -> None:
    names = set(pages(mini_site))
    assert {"index.html", "alignment.html", "coverage.html"} <= names
    assert trace_file(iri("t-lampang/issue/1/indicator/1")) in names
    assert len([n for n in names if n.startswith("trace-")]) == 4  # one per indicator


def test_hostile_text_appears_only_escaped(xss_site: Path) -> None:
    site = pages(xss_site)
    assert len(site) == 5 and any(n.startswith("brief-") for n in site)  # + the province brief
    for name, text in site.items():
        for payload in XSS_PAYLOADS:
            assert payload not in text, (name, payload)
        tags = parse(text)
        assert {t for t, _ in tags.tags} <= OUR_TAGS, name
        for tag, attrs in tags.tags:
            assert not any(k.startswith("on") for k in attrs), (name, tag, attrs)
            assert not any(v.strip().lower().startswith("javascript:") for v in attrs.values())
    # the text is still there, escaped, for people to read
    assert "&lt;img src=x onerror=alert(1)&gt;" in site["alignment.html"]
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in site["alignment.html"]


@pytest.mark.parametrize("site_name", ["mini_site", "project_site", "xss_site"])
def test_no_remote_resources(site_name: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(site_name)
    for name, text in pages(site).items():
        tags = parse(text)
        assert not [t for t, _ in tags.tags if t in ("link", "iframe", "img", "object", "embed")]
        for tag, attrs in tags.tags:
            for key, value in attrs.items():
                if key in URL_ATTRS:
                    assert not re.match(r"\s*(https?:)?//", value, re.I), (name, tag, key, value)
            assert attrs.get("http-equiv", "").lower() != "refresh"
        for css in tags.styles:
            assert "@import" not in css
            assert not re.search(r"url\(\s*['\"]?(?!data:)", css), name


def test_csp_allows_exactly_the_inline_scripts(mini_site: Path) -> None:
    for name, text in pages(mini_site).items():
        tags = parse(text)
        csp = next(a["content"] for t, a in tags.tags if a.get("http-equiv") ==
                   "Content-Security-Policy")
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp
        executable = [t for attrs, t in tags.scripts if attrs.get("type") != "application/json"]
        for script in executable:
            assert maps_html.csp_hash(script) in csp, name
        for style in tags.styles:
            assert maps_html.csp_hash(style) in csp, name


def test_alignment_page_inlines_vis_network(mini_site: Path) -> None:
    text = (mini_site / "alignment.html").read_text(encoding="utf-8")
    assert "vis-network" in text and "@version 9.1.2" in text
    assert "sourceMappingURL" not in text
    assert "cdn" not in re.sub(r"[^a-z]", " ", text.lower()).split()


def test_json_for_script_is_inert() -> None:
    out = str(maps_html.json_for_script({"a": "</script><!-- & > \u2028"}))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\\u003c/script\\u003e" in out


@pytest.mark.parametrize("bad", ["x</script>y", "a<!--b", "x</SCRIPT >"])
def test_inline_script_refuses_element_end(bad: str) -> None:
    with pytest.raises(ValueError):
        maps_html.script_body(bad)


def test_trace_page_shows_each_link_as_text(mini_site: Path) -> None:
    text = (mini_site / trace_file(iri("t-lampang/issue/1/indicator/1"))).read_text("utf-8")
    assert "3 เส้นทาง" in text
    for wording in ("Both are about tourism.", "«ท่องเที่ยว» ↔ «ท่องเที่ยว»",
                    "Tourism economy serves northern tourism.", "Income.",
                    "ต้นฉบับระบุ", "ทีมงานพิจารณา", "confidence</span> 0.8", "closeMatch",
                    "ยุทธศาสตร์ชาติด้านการท่องเที่ยว", "National Strategy on the economy"):
        assert wording in text, wording
    scores = re.findall(r"score</span> ([\d.]+)", text)
    assert scores == ["0.432", "0.3024", "0.3"]
    none = (mini_site / trace_file(iri("t-lampang/issue/2/indicator/1"))).read_text("utf-8")
    assert "No path up to the National Strategy yet" in none


def test_coverage_page_marks_gaps_and_links_cells(mini_site: Path) -> None:
    text = (mini_site / "coverage.html").read_text(encoding="utf-8")
    gaps = re.findall(r'<td class="cell gap" data-count="0">—', text)
    assert len(gaps) == 3  # issue 2 × both strategies, cluster issue × strategy 2
    links = re.findall(r'<td class="cell heat-\d" data-count="(\d+)"><a href="#(cell-[\d-]+)">',
                       text)
    assert [c for c, _ in links] == ["2", "2", "1"]
    for _, anchor in links:
        assert f'id="{anchor}"' in text
    assert trace_file(iri("t-cluster/issue/1/indicator/1")) in text


def test_find_indicator_by_iri_slug_or_file() -> None:
    g, _ = load_graph(fixture_graph("mini"))
    node = iri("t-lampang/issue/1/indicator/2")
    for key in (node, f"<{node}>", "t-lampang/issue/1/indicator/2",
                "trace-t-lampang-issue-1-indicator-2.html", "t-lampang-issue-1-indicator-2"):
        assert find_indicator(g, key) == node
    with pytest.raises(PlangraphError, match="not an indicator"):
        find_indicator(g, iri("t-lampang/issue/1"))
    with pytest.raises(PlangraphError, match="no such indicator"):
        find_indicator(g, "lampang/issue/9/indicator/9")


def test_build_trace_writes_one_page(tmp_path: Path) -> None:
    out = build_trace("t-lampang/issue/1/indicator/1", fixture_graph("mini"), tmp_path)
    assert out == tmp_path / "trace-t-lampang-issue-1-indicator-1.html"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_build_replaces_the_site_atomically(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "maps"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    build_maps(fixture_graph("mini"), site)
    assert not (site / "stale.html").exists() and (site / "index.html").exists()
    before = pages(site)
    monkeypatch.setattr(render, "site_pages",
                        lambda *_: [("index.html", lambda: "new"),
                                    ("missing/dir.html", lambda: "x")])
    with pytest.raises(OSError):
        build_maps(fixture_graph("mini"), site)
    assert pages(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]  # no temp dirs left



def test_observed_progress_shows_on_the_trace_page_and_in_the_tooltip(tmp_path: Path) -> None:
    from test_observe import EXPECTED, PROGRESS_CSV

    from plangraph import paths
    from plangraph.graph.load import load, merged
    from plangraph.ingest.observations import observe

    observed = tmp_path / "observations.ttl"
    observe(PROGRESS_CSV, project_graph(), observed)
    out = tmp_path / "maps"
    build_maps(merged(load([*paths.default_sources(), observed])), out)
    labels = {"met": "บรรลุเป้าหมาย", "on-track": "เป็นไปตามแผน", "behind": "ล่าช้ากว่าเป้าหมาย"}
    payload = json.loads(re.search(r'id="map-data">(.*?)</script>',
                                   (out / "alignment.html").read_text(encoding="utf-8"), re.S)[1])
    titles = {n["id"]: n["title"] for n in payload["network"]["nodes"]}
    for slug, (first, last, status) in EXPECTED.items():
        page = (out / trace_file(iri(slug))).read_text(encoding="utf-8")
        progress = re.search(r'<p class="progress ([a-z-]+)">(.*?)</p>', page, re.S)
        assert progress is not None, slug
        assert progress[1] == status and labels[status] in progress[2], slug
        assert f"({last})" in progress[2] and (first == last or f"({first})" in progress[2])
        line = next(t for t in titles[iri(slug)].splitlines() if t.startswith("progress: "))
        assert line.startswith("progress: latest ") and line.endswith(status.replace("-", " "))
    quiet = (out / trace_file(iri("lampang/issue/2/indicator/1"))).read_text(encoding="utf-8")
    assert "lampang/issue/2/indicator/1" not in EXPECTED and 'class="progress' not in quiet
