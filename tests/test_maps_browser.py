"""The map pages in Debian's Chromium (Playwright), offline: no requests, no console errors,
every element drawn, paths highlighted, filters working, hostile text inert.

Skipped only when Chromium (or Playwright) is missing *and* ``CI`` is unset; in CI a
missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from maps_support import fixture_graph, iri, plan_elements, project_graph

from plangraph.graph.load import load_store
from plangraph.maps import build_maps, load_graph, trace_file
from plangraph.maps.aggregate import ALIGNMENT_PAGE, PAGE_NODE_BOUND, layout, views
from plangraph.maps.browser import PageLog, block_network, chromium_path, launch
from plangraph.maps.graph import element, highlight
from plangraph.maps.render import alignment_page
from plangraph.synth import SIZES, Spec, write
from plangraph.validate import validation_sources


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI (scripts/test.sh installs it)")
    pytest.skip(f"{what} not available (apt-get install chromium fonts-thai-tlwg)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Chromium context for the module, on a fresh profile, network refused."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright")
    if chromium_path() is None:
        _missing("Chromium (/usr/bin/chromium)")
    with sync_playwright() as p:
        context = launch(p, tmp_path_factory.mktemp("chromium-profile"),
                         viewport={"width": 1400, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini, hostile and project sites, built once."""
    built = {}
    for name, graph in (("mini", fixture_graph("mini")), ("xss", fixture_graph("xss")),
                        ("project", project_graph())):
        out = tmp_path_factory.mktemp(name) / "maps"
        build_maps(graph, out)
        built[name] = out
    return built


class Opened:
    """A page plus what it did."""

    def __init__(self, page: Any, log: PageLog) -> None:
        self.page = page
        self.log = log

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def assert_clean(self) -> None:
        assert self.log.network == [], self.log.network
        assert self.log.errors == [], self.log.errors
        assert self.log.dialogs == [], self.log.dialogs


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(path, query="")`` → :class:`Opened`, waiting for the map when present."""
    opened: list[Any] = []

    def open_(path: Path, query: str = "") -> Opened:
        log = PageLog()
        page = browser.new_page()
        block_network(page, log)
        log.watch(page)
        opened.append(page)
        page.goto(path.resolve().as_uri() + query)
        if path.name.startswith("alignment"):
            page.wait_for_function("window.plangraphMap !== undefined", timeout=15000)
            page.click("#filters summary")  # the filters fold away until asked for
        page.wait_for_timeout(50)
        return Opened(page, log)

    yield open_
    for page in opened:
        page.close()


def test_every_page_loads_offline_without_errors(sites, open_page) -> None:
    for site in ("mini", "project"):
        paths = sorted(sites[site].glob("*.html"))
        traces = [p for p in paths if p.name.startswith("trace-")]
        for path in [p for p in paths if p not in traces] + traces[:3]:  # traces share a template
            opened = open_page(path)
            opened.assert_clean()
            assert opened.js("document.title"), path.name


def test_alignment_map_draws_every_plan_element(sites, open_page) -> None:
    for site, graph in (("mini", fixture_graph("mini")), ("project", project_graph())):
        opened = open_page(sites[site] / "alignment.html")
        count = opened.js("plangraphMap.nodes.length")
        assert count == len(plan_elements(graph)), site
        drawn = opened.js("Object.keys(plangraphMap.network.body.nodes).length")
        assert drawn == count
        rows = opened.js("document.querySelectorAll('tbody tr[data-id]').length")
        assert rows == count
        opened.assert_clean()


def test_selecting_an_indicator_highlights_a_path_to_the_national_strategy(sites,
                                                                           open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    start = iri("t-lampang/issue/1/indicator/1")
    lit = set(opened.js("id => plangraphMap.select(id)", start))
    assert {iri("t-ns/strategy/1"), iri("t-ns/strategy/2")} <= lit
    g, _ = load_graph(fixture_graph("mini"))
    assert lit == highlight(g, start)[0]
    faded = opened.js("""() => plangraphMap.nodes.get().filter(
        n => n.color.background === plangraphMap.data.faded.node_background).map(n => n.id)""")
    assert set(faded) == set(g) - lit
    status = opened.js("document.getElementById('status').textContent")
    assert f"path: {len(lit)} elements" in status
    opened.js("plangraphMap.select(null)")
    assert opened.js("plangraphMap.highlighted()") == []
    opened.assert_clean()


def test_click_on_canvas_selects_the_node(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    opened.page.click("#all")  # the opening view shows only the provincial plan's paths
    start = iri("t-cluster/issue/1/indicator/1")
    point = opened.js("""id => {
        const net = plangraphMap.network;
        net.fit({nodes: [id], animation: false});
        const pos = net.getPositions([id])[id];
        const dom = net.canvasToDOM(pos);
        const box = document.getElementById('map').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", start)
    opened.page.mouse.click(point["x"], point["y"])
    lit = opened.js("plangraphMap.highlighted()")
    assert start in lit and iri("t-ns/strategy/1") in lit
    opened.assert_clean()


def test_browser_paths_match_python_for_every_project_node(sites, open_page) -> None:
    opened = open_page(sites["project"] / "alignment.html")
    g, _ = load_graph(project_graph())
    got = opened.js("ids => ids.map(id => plangraphMap.paths(id).nodes.sort())", sorted(g))
    for node, nodes in zip(sorted(g), got, strict=True):
        assert set(nodes) == highlight(g, node)[0], node
    reaching = [n for n in g if g.nodes[n]["element"].is_indicator
                and any(g.nodes[m]["element"].is_national_strategy for m in highlight(g, n)[0])]
    if reaching:  # with the project's alignments, some indicator reaches the top
        lit = opened.js("id => plangraphMap.select(id)", reaching[0])
        assert any(g.nodes[m]["element"].is_national_strategy for m in lit)


def test_level_filter_hides_that_level(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    opened.page.click("#all")  # leave the opening view (the provincial plan's paths only)
    opened.page.uncheck("input[name=level][value='6']")
    hidden = opened.js("plangraphMap.nodes.get().filter(n => n.hidden).map(n => n.level)")
    shown = opened.js("plangraphMap.nodes.get().filter(n => !n.hidden).map(n => n.level)")
    assert hidden and set(hidden) == {6}
    assert 6 not in shown and len(shown) == 13 - 4
    edges_to_hidden = opened.js("""() => plangraphMap.edges.get().filter(e =>
        plangraphMap.nodes.get(e.from).hidden && !e.hidden).length""")
    assert edges_to_hidden == 0
    rows = opened.js("Array.from(document.querySelectorAll('tr[data-id]')).filter(r => "
                     "!r.hidden).length")
    assert rows == 9
    opened.page.check("input[name=level][value='6']")
    assert opened.js("plangraphMap.nodes.get().filter(n => n.hidden).length") == 0
    opened.assert_clean()


def test_basis_filter_cuts_curated_links(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    opened.page.uncheck("input[name=basis][value='curated']")
    curated_shown = opened.js("""() => plangraphMap.edges.get().filter(e =>
        plangraphMap.data.edges[e.id].basis === 'curated' && !e.hidden).length""")
    assert curated_shown == 0
    paths = opened.js("id => plangraphMap.paths(id)", iri("t-lampang/issue/1/indicator/1"))
    assert paths["reachesTop"] is False  # only the stated first step is left
    opened.assert_clean()


def test_strategy_filter_keeps_what_reaches_it(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    opened.page.select_option("#strategy", iri("t-ns/strategy/2"))
    visible = set(opened.js("plangraphMap.visible()"))
    assert visible == {iri(s) for s in ("t-ns/strategy/2", "t-lampang/issue/1",
                                        "t-lampang/issue/1/strategy/1",
                                        "t-lampang/issue/1/indicator/1",
                                        "t-lampang/issue/1/indicator/2")}
    opened.page.click("#reset")
    assert len(opened.js("plangraphMap.visible()")) == 13
    opened.assert_clean()


def test_search_and_language_switch(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html")
    opened.page.fill("#search", "นักท่องเที่ยว")
    rows = opened.js("Array.from(document.querySelectorAll('tr[data-id]')).filter(r => "
                     "!r.hidden).map(r => r.dataset.id)")
    assert rows == [iri("t-lampang/issue/1/indicator/1")]
    opened.page.fill("#search", "TOURISM INCOME")
    rows = opened.js("Array.from(document.querySelectorAll('tr[data-id]')).filter(r => "
                     "!r.hidden).length")
    assert rows == 2
    node = iri("t-ns/strategy/1")
    label = "id => plangraphMap.nodes.get(id).label.split('\\n').slice(1).join('')"
    assert opened.js(label, node) == "ยุทธศาสตร์ชาติด้านการท่องเที่ยว"
    opened.page.check("input[name=lang][value=en]")
    assert opened.js(label, node).replace(" ", "") == "NationalStrategyontourism"
    opened.assert_clean()


def test_focus_parameter_selects_the_node(sites, open_page) -> None:
    opened = open_page(sites["mini"] / "alignment.html",
                       "?focus=t-lampang%2Fissue%2F1%2Findicator%2F2")
    lit = opened.js("plangraphMap.highlighted()")
    assert iri("t-lampang/issue/1/indicator/2") in lit and iri("t-ns/strategy/1") in lit
    opened.assert_clean()


def test_hostile_text_runs_no_script(sites, open_page) -> None:
    for path in sorted(sites["xss"].glob("*.html")):
        opened = open_page(path)
        if path.name == "alignment.html":
            for node in opened.js("plangraphMap.nodes.getIds()"):
                opened.js("id => plangraphMap.select(id)", node)
            _hover_first_node(opened)
            opened.page.fill("#search", "<img")
            opened.page.check("input[name=lang][value=en]")
            opened.page.click("button.show")
        assert opened.js("typeof window.__xss") == "undefined", path.name
        assert opened.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        opened.assert_clean()


def _hover_first_node(opened: Opened) -> None:
    """Show the vis tooltip of the hostile indicator: it must hold text, no elements."""
    node = iri("x-lampang/issue/1/indicator/1")
    point = opened.js("""id => {
        const net = plangraphMap.network;
        net.fit({nodes: [id], animation: false});
        const dom = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('map').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y};
    }""", node)
    opened.page.mouse.move(point["x"], point["y"])
    opened.page.mouse.move(point["x"] + 1, point["y"] + 1)
    opened.page.wait_for_timeout(400)
    tip = opened.js("""() => { const t = document.querySelector('div.vis-tooltip');
        return t ? {text: t.innerText, visible: t.style.visibility,
                    elements: Array.from(t.children).map(c => c.tagName)} : null; }""")
    assert tip is not None and tip["visible"] == "visible"
    assert '<img src=x onerror="window.__xss=9">' in tip["text"]
    assert set(tip["elements"]) <= {"BR"}  # innerText turns line breaks into <br>, nothing else


def test_trace_page_reads_as_text(sites, open_page) -> None:
    path = sites["mini"] / trace_file(iri("t-lampang/issue/1/indicator/1"))
    opened = open_page(path)
    text = opened.js("document.body.innerText")
    assert "Both are about tourism." in text and "«ท่องเที่ยว» ↔ «ท่องเที่ยว»" in text
    assert "ความเชื่อมั่น · confidence 0.9" in text
    opened.assert_clean()


@pytest.fixture(scope="module")
def hundredfold(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The 100× synthetic cascade's overview, its largest province map and a cluster map."""
    provinces, _ = SIZES[100]
    _, files = write(Spec(provinces=provinces, years=0), tmp_path_factory.mktemp("synth100"))
    g, data = load_graph(load_store(validation_sources(files)))
    maps = layout(g, data)
    pages = {v.page: v for v in views(g, data, maps)}
    province = max((v for v in pages.values() if v.plan and v.plan.rank == 5),
                   key=lambda v: v.graph.number_of_nodes())
    cluster = next(v for v in pages.values() if v.plan and v.plan.rank == 4)
    out = tmp_path_factory.mktemp("maps100")
    for view in (pages[ALIGNMENT_PAGE], province, cluster):
        (out / view.page).write_text(alignment_page(view, data, True), encoding="utf-8")
    return {"g": g, "maps": maps, "pages": pages, "province": province, "cluster": cluster,
            "out": out}


def test_every_map_page_at_100x_stays_within_the_documented_bound(hundredfold) -> None:
    g, pages = hundredfold["g"], hundredfold["pages"]
    assert g.number_of_nodes() > 10_000 and len(pages) > 200
    assert max(v.graph.number_of_nodes() for v in pages.values()) <= PAGE_NODE_BOUND


def test_overview_at_100x_renders_offline_and_opens_plan_maps(hundredfold, open_page) -> None:
    overview = hundredfold["pages"][ALIGNMENT_PAGE].graph
    opened = open_page(hundredfold["out"] / ALIGNMENT_PAGE)
    drawn = opened.js("Object.keys(plangraphMap.network.body.nodes).length")
    assert drawn == overview.number_of_nodes()
    assert opened.js("document.querySelectorAll('tbody tr[data-id]').length") == drawn
    got = opened.js("ids => ids.map(id => plangraphMap.paths(id).nodes.sort())", sorted(overview))
    for node, nodes in zip(sorted(overview), got, strict=True):
        assert set(nodes) == highlight(overview, node)[0], node
    opened.assert_clean()
    province = hundredfold["province"]
    opened.js("id => plangraphMap.open(id)", province.plan.iri)
    opened.page.wait_for_url("**/" + province.page)
    opened.page.wait_for_function("window.plangraphMap !== undefined", timeout=15000)
    assert set(opened.js("plangraphMap.nodes.getIds()")) == set(province.graph)
    assert opened.js("Object.keys(plangraphMap.network.body.nodes).length") == len(
        province.graph)
    opened.assert_clean()


def test_a_cluster_map_at_100x_draws_its_provinces_as_one_node_each(hundredfold,
                                                                     open_page) -> None:
    cluster = hundredfold["cluster"]
    opened = open_page(hundredfold["out"] / cluster.page)
    folded = {n for n in cluster.graph if element(cluster.graph, n).members}
    assert folded and all(element(cluster.graph, n).rank == 5 for n in folded)
    pages = opened.js("ids => ids.map(id => plangraphMap.data.nodes[id].page)", sorted(folded))
    assert pages == [hundredfold["maps"].pages[p] for p in sorted(folded)]
    lit = set(opened.js("id => plangraphMap.select(id)", sorted(folded)[0]))
    assert lit == highlight(cluster.graph, sorted(folded)[0])[0]
    opened.assert_clean()


def test_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _missing("Chromium")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _missing("Chromium")
