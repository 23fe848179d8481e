"""The brief as one self-contained, print-ready HTML page (inline CSS and SVG, no script,
strict CSP), and as PDF through WeasyPrint (no browser)."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from plangraph.brief.model import Brief, brief
from plangraph.brief.svg import coverage_chart, paths_picture
from plangraph.errors import PlangraphError
from plangraph.maps.data import MapData, Plan
from plangraph.maps.html import content_security_policy, style_body
from plangraph.runtime.atomic import atomic_write

PACKAGE = "plangraph.brief"


@cache
def environment() -> Environment:
    """Jinja2 with autoescape on; the maps' page head is shared."""
    loader = ChoiceLoader([PackageLoader(PACKAGE, "templates"),
                           PackageLoader("plangraph.maps", "templates")])
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def brief_file(plan: Plan) -> str:
    """``brief-lampang.html`` from the plan's identifier."""
    name = plan.identifier or plan.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"brief-{re.sub(r'[^A-Za-z0-9._-]+', '-', name).strip('-.') or 'plan'}.html"


def render_brief(g: nx.DiGraph, b: Brief, links: bool = False) -> str:
    """The brief's HTML (``links``: it sits beside the maps and links to them)."""
    picture, placing = paths_picture(g, b.path_nodes)
    css = style_body(files(PACKAGE).joinpath("templates/brief.css").read_text(encoding="utf-8")
                     + "\n" + placing)
    indicators = sum(1 for r in b.rows if r.indicator)
    reached = sum(1 for *_, hit, _total in b.coverage if hit)
    return environment().get_template("brief.html").render(
        css=css, csp=content_security_policy([], [str(css)]), plan=b.plan, rows=b.rows,
        gaps=b.gaps, chart=coverage_chart(b.coverage), picture=picture,
        links=links,
        counts={"issues": len(b.rows) - indicators, "indicators": indicators,
                "reached": reached, "strategies": len(b.coverage)})


def brief_html(g: nx.DiGraph, data: MapData, key: str, links: bool = False) -> str:
    """The HTML brief of plan ``key`` (e.g. ``lampang``)."""
    return render_brief(g, brief(g, data, key), links)


def write_pdf(html: str, out: Path) -> Path:
    """``html`` as a PDF at ``out`` (atomically), laid out by WeasyPrint with Pango
    (Thai line breaking by libthai; fonts from fonts-thai-tlwg)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as e:  # OSError: Pango missing
        raise PlangraphError(f"PDF needs WeasyPrint and Pango ({e}); "
                             "pip install 'plangraph[pdf]', apt-get install libpango-1.0-0 "
                             "libpangoft2-1.0-0 fonts-thai-tlwg") from e
    pdf = HTML(string=html).write_pdf()
    atomic_write(out, pdf)
    return out


def write_brief(g: nx.DiGraph, data: MapData, key: str, out: Path) -> Path:
    """Write the brief of ``key`` to ``out``: PDF when it ends in ``.pdf``, else HTML."""
    html = brief_html(g, data, key)
    if out.suffix.lower() == ".pdf":
        return write_pdf(html, out)
    atomic_write(out, html)
    return out

