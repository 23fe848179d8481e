"""The province brief: its content against the graph (networkx, not the brief's own code),
the command line, and the PDF laid out by WeasyPrint (Thai fonts embedded, lines broken
between Thai clusters, no table row cut across pages, the picture on a landscape page)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from maps_support import iri, project_graph

from plangraph.brief import brief_html, write_brief
from plangraph.cli import cli
from plangraph.maps import load_graph
from plangraph.maps.graph import element

LEADING_VOWELS = "เแโใไ"
FOLLOWING_SIGNS = "ะาำๅๆ"
LAMPANG = iri("plan/lampang")


@pytest.fixture(scope="module")
def cascade() -> tuple[nx.DiGraph, object]:
    return load_graph(project_graph())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split())


def test_brief_names_every_issue_indicator_and_the_gaps(cascade) -> None:
    g, data = cascade
    text = text_of(brief_html(g, data, "lampang"))
    mine = [n for n in g if element(g, n).plan == LAMPANG]
    for n in mine:
        e = element(g, n)
        if e.is_indicator or e.is_issue:
            assert e.label_th in text, n
    # the strategies reached, by networkx alone: descendants along the up-pointing edges
    tops = [n for n in g if element(g, n).is_national_strategy]
    reached = set().union(*(nx.descendants(g, n) for n in mine)) & set(tops)
    gaps = text.split("ช่องว่าง · Gaps", 1)[1].split("ประเด็นและตัวชี้วัด", 1)[0]
    for top in tops:
        said = element(g, top).label_th in gaps
        assert said == (top not in reached), top
    assert reached and set(tops) - reached  # the data has both (else the check proves less)
    assert "ตัวชี้วัด 2.3" in text and "weakest" in text


def test_brief_command_writes_html_and_refuses_an_unknown_plan(tmp_path) -> None:
    out = tmp_path / "lampang.html"
    result = CliRunner().invoke(cli, ["brief", "lampang", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<script" not in page
    result = CliRunner().invoke(cli, ["brief", "atlantis"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "plangraph: atlantis: no such plan; provincial plans: lampang"]


@pytest.fixture(scope="module")
def pdf(cascade, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("weasyprint")
    g, data = cascade
    return write_brief(g, data, "lampang", tmp_path_factory.mktemp("pdf") / "lampang.pdf")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed (poppler-utils)")
    return found


def test_pdf_embeds_thai_fonts_and_puts_the_picture_on_a_landscape_page(pdf: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert any(f in fonts for f in ("Loma", "Garuda", "Laksaman", "Kinnari", "Norasi"))
    info = subprocess.run([_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0].split(" x ")
             for line in info.splitlines() if line.startswith("Page") and "size" in line]
    portrait = [float(w) < float(h) for w, h in sizes]
    assert portrait[0] and not portrait[-1]  # A4 text, the paths picture landscape


def _boxes(box: object) -> list[object]:
    out = [box]
    for child in getattr(box, "children", []) or []:
        out += _boxes(child)
    return out


def test_pdf_breaks_thai_between_clusters_and_cuts_no_table_row(cascade) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    g, data = cascade
    document = weasyprint.HTML(string=brief_html(g, data, "lampang")).render()
    rows: dict[int, set[int]] = {}
    lines = 0
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            name = type(box).__name__
            if name == "TextBox" and box.text.strip():
                lines += 1
                text = box.text
                assert text[-1] not in LEADING_VOWELS, text
                assert unicodedata.category(text[0]) != "Mn", text
                assert text[0] not in FOLLOWING_SIGNS, text
            if name == "TableRowBox" and box.element is not None and box.element_tag == "tr":
                rows.setdefault(id(box.element), set()).add(number)
    assert lines > 100
    body_rows = [pages for key, pages in rows.items() if len(pages) == 1]
    assert len(body_rows) >= 18
    split = [pages for pages in rows.values() if len(pages) > 1]
    # only the header row repeats (thead on every page of the table)
    assert len(split) <= 1


def test_pdf_first_page_renders(pdf: Path, tmp_path) -> None:
    subprocess.run([_tool("pdftoppm"), "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5_000
