"""The brief's pictures, drawn in Python (no script; they print and convert to PDF as
they are): the coverage bar chart and the province's paths up the cascade.

Shapes and lines are inline SVG; the words are HTML laid over them, because WeasyPrint
does not shape Thai inside SVG ``<text>`` (its marks come out as dotted circles), while
its HTML text is shaped by Pango and broken by libthai. Text is escaped with
:func:`markupsafe.escape`.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from markupsafe import Markup, escape

from plangraph.maps.graph import edges_among, element, notation_key
from plangraph.maps.network import LEVEL_COLOURS, PART_OF_COLOUR
from plangraph.maps.text import heading, wrap

#: Levels the picture draws: the plans (the indicators are in the brief's table).
PLAN_LEVELS = range(1, 6)
BAR_WIDTH = 260


def _order(g: nx.DiGraph, node: str) -> tuple[object, ...]:
    """Plan, then number; a part (a sub-strategy) right after its parent."""
    e = element(g, node)
    parent = element(g, e.parent) if e.parent and e.parent in g else None
    if parent is None:
        return (e.plan, notation_key(e), 0)
    return (e.plan, notation_key(parent), 1, notation_key(e))


def coverage_chart(rows: list[tuple[str, str, str, int, int]]) -> Markup:
    """Per National Strategy strategy, a bar: how many of the plan's indicators reach it
    (of all its indicators)."""
    parts = ['<table class="chart"><caption>ตัวชี้วัดที่เชื่อมโยงถึงยุทธศาสตร์ชาติแต่ละด้าน · '
             '<span lang="en">indicators reaching each strategy</span></caption>']
    for _, th, en, hit, total in rows:
        w = 0 if not total else round(BAR_WIDTH * hit / total, 1)
        fill = "#3d85b8" if hit else "#b2182b"
        bar = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{BAR_WIDTH}" height="18" '
               f'viewBox="0 0 {BAR_WIDTH} 18" preserveAspectRatio="none" aria-hidden="true">'
               f'<rect width="{BAR_WIDTH}" height="18" fill="#eeeeee"/>'
               + (f'<rect width="{w}" height="18" fill="{fill}"/>' if w else "") + "</svg>")
        count = f"{hit} / {total}" + ("" if hit else " ช่องว่าง · gap")
        parts.append(f'<tr><th scope="row">{escape(th)}<span class="visually-hidden"> '
                     f'{escape(en)}</span></th><td class="bar">{bar}</td>'
                     f'<td class="count{"" if hit else " gap"}">{escape(count)}</td></tr>')
    parts.append("</table>")
    return Markup("".join(parts))  # noqa: S704 - every text escaped above


def paths_picture(g: nx.DiGraph, nodes: set[str]) -> tuple[Markup, str]:
    """The plan's issues and everything above them that they reach, one column per level
    (National Strategy on the left), the links between them as lines; and the CSS that
    places the boxes (the page's CSP allows no style attributes)."""
    columns: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        if element(g, n).level in PLAN_LEVELS:
            columns[element(g, n).level].append(n)
    levels = sorted(columns)
    box_w, box_h, col_gap, row_gap = 186, 54, 24, 8
    tallest = max((len(v) for v in columns.values()), default=0)
    width = max(1, len(levels) * (box_w + col_gap) - col_gap)
    height = max(1, tallest * (box_h + row_gap))
    where: dict[str, tuple[float, float]] = {}
    for c, level in enumerate(levels):
        column = sorted(columns[level], key=lambda n: _order(g, n))
        top = (height - len(column) * (box_h + row_gap)) / 2
        for r, n in enumerate(column):
            where[n] = (c * (box_w + col_gap), top + r * (box_h + row_gap))
    lines = []
    for a, b, attrs in edges_among(g, where):
        (ax, ay), (bx, by) = where[a], where[b]
        claim = attrs.get("alignment")
        colour = PART_OF_COLOUR if claim is None else (
            "#1b4f72" if claim.basis == "stated" else "#b03a2e")
        curated = claim is not None and claim.basis != "stated"
        dash = ' stroke-dasharray="4 3"' if curated else ""
        x1, x2 = (ax, bx + box_w) if ax > bx else (ax + box_w, bx)
        lines.append(f'<line x1="{x1}" y1="{ay + box_h / 2}" x2="{x2}" '
                     f'y2="{by + box_h / 2}" stroke="{colour}" stroke-width="1.2"{dash}/>')
    boxes = []
    css = [f"div.paths {{ width: {width}px; height: {height}px; }}",
           f"div.paths .node {{ width: {box_w}px; height: {box_h}px; }}"]
    css += [f"div.paths .lvl-{level} {{ border-color: {LEVEL_COLOURS[level][0]}; "
            f"background: {LEVEL_COLOURS[level][1]}; }}" for level in levels]
    for i, (n, (x, y)) in enumerate(sorted(where.items())):
        e = element(g, n)
        text = "<br>".join(escape(line) for line in wrap(e.label_th, 26, 2))
        css.append(f"div.paths .n{i} {{ left: {x}px; top: {y}px; }}")
        boxes.append(f'<div class="node lvl-{e.level} n{i}">'
                     f"<strong>{escape(heading(e, 'th'))}</strong><br>{text}</div>")
    return Markup(  # noqa: S704 - every text escaped above
        f'<div class="paths">'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true">{"".join(lines)}</svg>'
        f'{"".join(boxes)}</div>'), "\n".join(css)
