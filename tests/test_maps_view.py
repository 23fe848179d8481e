"""The alignment map as a reader meets it, in Debian's Chromium at laptop and phone sizes:
it opens readable, search/click/filter/show bring the whole highlighted path into view at a
readable zoom, labels are cut only between Thai clusters, nothing is wider than a phone,
the side panel names the reached strategies, and the map saves as PNG and SVG.

"Readable" is the page's own floor (``readablePx``, from :mod:`plangraph.maps.network`):
on-screen font size = zoom × font size ≥ 10 px.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from maps_support import iri, project_graph

from plangraph.maps import build_maps, load_graph
from plangraph.maps.browser import PageLog, block_network, chromium_path, launch
from plangraph.maps.graph import element, highlight
from plangraph.maps.network import READABLE_PX

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
INDICATOR_2_3 = iri("lampang/issue/2/indicator/3")
#: Thai vowels written before their consonant, and the signs that end a cluster.
LEADING_VOWELS = "เแโใไ"
FOLLOWING_SIGNS = "ะาำๅๆ"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium on a fresh profile (skipped without it, failed in CI)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is required in CI")
        pytest.skip("playwright not available")
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI")
        pytest.skip("Chromium not available")
    with sync_playwright() as p:
        ctx = launch(p, tmp_path_factory.mktemp("profile"), accept_downloads=True)
        yield ctx
        ctx.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's maps."""
    out = tmp_path_factory.mktemp("view") / "maps"
    build_maps(project_graph(), out)
    return out


@pytest.fixture(scope="module")
def cascade() -> Any:
    return load_graph(project_graph())[0]


@pytest.fixture
def open_map(context: Any, site: Path) -> Iterator[Any]:
    """``open_map(size, page="alignment.html")`` → (page, log)."""
    pages = []

    def open_(size: dict[str, int], name: str = "alignment.html") -> tuple[Any, PageLog]:
        page = context.new_page()
        page.set_viewport_size(size)
        log = PageLog()
        block_network(page, log)
        log.watch(page)
        page.goto((site / name).as_uri())
        if name.startswith("alignment"):
            page.wait_for_function("window.plangraphMap !== undefined", timeout=15000)
        pages.append(page)
        return page, log

    yield open_
    for page in pages:
        page.close()


IN_VIEW = """ids => {
  const net = plangraphMap.network;
  const box = document.getElementById('map');
  const w = box.clientWidth, h = box.clientHeight;
  const out = [];
  for (const id of ids) {
    const b = net.getBoundingBox(id);
    const a = net.canvasToDOM({x: b.left, y: b.top});
    const z = net.canvasToDOM({x: b.right, y: b.bottom});
    if (a.x < -1 || a.y < -1 || z.x > w + 1 || z.y > h + 1) out.push(id);
  }
  return {outside: out, px: net.getScale() * plangraphMap.data.view.fontSize};
}"""


def assert_path_in_view(page: Any, ids: list[str]) -> None:
    """Every node of ``ids`` drawn inside the map's box, at a readable zoom."""
    assert ids
    seen = page.evaluate(IN_VIEW, ids)
    assert seen["outside"] == [], seen
    assert seen["px"] >= READABLE_PX - 1e-9, seen


def test_map_opens_readable_above_the_fold_on_the_provincial_plan(open_map, cascade) -> None:
    page, log = open_map(LAPTOP)
    box = page.evaluate("document.getElementById('map').getBoundingClientRect().toJSON()")
    assert box["top"] < LAPTOP["height"] / 2 and box["bottom"] <= LAPTOP["height"]
    issues = [n for n in cascade if element(cascade, n).is_issue and element(cascade, n).rank == 5]
    assert issues and set(page.evaluate("plangraphMap.data.view.home")) == set(issues)
    assert_path_in_view(page, issues)
    shown = page.evaluate("plangraphMap.nodes.get().filter(n => !n.hidden).map(n => n.id)")
    assert set(issues) < set(shown) < set(cascade)
    assert log.network == [] and log.errors == []


@pytest.mark.parametrize("query", ["2.3", "ตัวชี้วัด 2.3", "ตัวชี้วัด ๒.๓", "Indicator 2.3"])
def test_search_by_number_goes_to_the_indicator_and_its_whole_path(open_map, cascade,
                                                                   query) -> None:
    page, log = open_map(LAPTOP)
    page.fill("#search", query)
    page.press("#search", "Enter")
    assert page.evaluate("plangraphMap.state.selected") == INDICATOR_2_3
    lit = page.evaluate("plangraphMap.highlighted()")
    assert set(lit) == highlight(cascade, INDICATOR_2_3)[0]
    assert_path_in_view(page, lit)
    assert log.errors == []


def test_search_by_issue_number_and_by_words(open_map) -> None:
    page, _ = open_map(LAPTOP)
    page.fill("#search", "ประเด็นยุทธศาสตร์ 2")
    page.click("#go")
    assert page.evaluate("plangraphMap.state.selected") == iri("lampang/issue/2")
    assert_path_in_view(page, page.evaluate("plangraphMap.highlighted()"))
    page.fill("#search", "ท่องเที่ยว")
    found = page.evaluate("plangraphMap.found()")
    assert iri("lampang/issue/1") in found and INDICATOR_2_3 not in found


def test_click_filter_and_show_fit_the_whole_highlighted_path(open_map, cascade) -> None:
    page, log = open_map(LAPTOP)
    start = iri("lampang/issue/4")
    point = page.evaluate("""id => {
        const net = plangraphMap.network, p = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.getElementById('map').getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", start)
    page.mouse.click(point["x"], point["y"])
    assert page.evaluate("plangraphMap.state.selected") == start
    assert_path_in_view(page, page.evaluate("plangraphMap.highlighted()"))

    strategy = iri("national-strategy/strategy/5")
    page.select_option("#strategy", strategy)
    lit = page.evaluate("plangraphMap.highlighted()")
    assert strategy in lit and set(lit) == highlight(cascade, strategy)[0]
    assert_path_in_view(page, lit)

    page.select_option("#strategy", "")
    node = iri("lampang/issue/1/indicator/2")
    page.click(f"tr[data-id='{node}'] button.show")
    assert page.evaluate("plangraphMap.state.selected") == node
    assert_path_in_view(page, page.evaluate("plangraphMap.highlighted()"))
    assert log.errors == []


def test_zoom_buttons_and_keys(open_map) -> None:
    page, _ = open_map(LAPTOP)
    scale = page.evaluate("plangraphMap.network.getScale()")
    page.click("#zoom-in")
    assert page.evaluate("plangraphMap.network.getScale()") > scale
    page.focus("#map")
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert page.evaluate("plangraphMap.network.getScale()") < scale
    at = page.evaluate("plangraphMap.network.getViewPosition()")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("plangraphMap.network.getViewPosition()")["x"] > at["x"]


def _cut_inside_a_cluster(before: str, after: str) -> bool:
    """A line ends after a leading vowel, or the next starts with a mark or a sign that
    belongs to the previous consonant."""
    return bool(before and before[-1] in LEADING_VOWELS) or bool(
        after and (unicodedata.category(after[0]) == "Mn" or after[0] in FOLLOWING_SIGNS))


def test_no_label_is_cut_inside_a_thai_cluster(open_map) -> None:
    page, _ = open_map(LAPTOP)
    page.click("#all")
    drawn = page.evaluate("""() => Object.values(plangraphMap.network.body.nodes)
        .filter(n => n.labelModule && n.labelModule.lines)
        .map(n => ({id: n.id, lines: Array.from(n.labelModule.lines).map(
            l => l.blocks.map(b => b.text).join(''))}))""")
    assert len(drawn) == 121
    for node in drawn:
        lines = [line.removesuffix("…").strip() for line in node["lines"]]
        for before, after in zip(lines, lines[1:], strict=False):
            assert not _cut_inside_a_cluster(before, after), (node["id"], node["lines"])


def test_at_390px_no_element_is_wider_than_the_viewport(open_map, site) -> None:
    names = ["alignment.html", "coverage.html", "index.html", "brief-lampang.html",
             next(p.name for p in site.glob("trace-*.html"))]
    for name in names:
        page, log = open_map(PHONE, name)
        wide = page.evaluate("""w => Array.from(document.querySelectorAll('body *'))
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > w + 0.5)
            .map(e => e.tagName + '.' + e.className)""", PHONE["width"])
        assert wide == [], (name, wide[:5])
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        assert log.errors == []


def test_side_panel_names_the_reached_strategies(open_map, cascade) -> None:
    page, _ = open_map({"width": 1600, "height": 900})
    page.fill("#search", "2.3")
    page.press("#search", "Enter")
    panel = page.locator("#panel")
    tops = {n for n in highlight(cascade, INDICATOR_2_3)[0]
            if element(cascade, n).is_national_strategy}
    assert tops
    assert set(page.evaluate("""() => Array.from(document.querySelectorAll(
        '#panel ol.reaches > li')).map(li => li.dataset.id)""")) == tops
    text = panel.inner_text()
    assert "ตัวชี้วัด 2.3" in text and "ยุทธศาสตร์ชาติด้านที่" in text
    assert "weakest link" in text and "ความเชื่อมั่น · confidence" in text
    assert panel.locator("a", has_text="trace").get_attribute("href").startswith("trace-")
    assert panel.locator("a", has_text="site page").get_attribute("href") == (
        "../site/id/lampang/issue/2/indicator/3/index.html")
    box = page.evaluate("document.getElementById('panel').getBoundingClientRect().toJSON()")
    assert box["top"] < 900 and box["left"] > 900  # beside the map on a wide screen


def test_map_saves_as_png_and_svg(open_map, tmp_path) -> None:
    page, _ = open_map(LAPTOP)
    page.click("#filters summary")
    with page.expect_download() as png:
        page.click("#save-png")
    data = Path(png.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    with page.expect_download() as svg:
        page.click("#save-svg")
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and "ประเด็นยุทธศาสตร์ 2" in text
    assert text.count("<rect") == page.evaluate(
        "plangraphMap.nodes.get().filter(n => !n.hidden).length")
