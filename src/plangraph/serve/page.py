"""The endpoint's HTML page: a query form and the library queries with their parameters."""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Sequence
from typing import Any

SPARQL_PATH = "/sparql"


def render_page(queries: Sequence[Any], selected: str = "") -> str:
    """The HTML page: a query form (pre-filled with ``?q=NAME``) and the library list."""
    esc = html.escape
    chosen = next((q for q in queries if q.name == selected), None)
    text = chosen.text if chosen else "SELECT * WHERE { ?s ?p ?o } LIMIT 10\n"
    items = []
    for q in queries:
        params = "".join(
            f"<li><code>?{esc(p.name)}</code> {esc(p.type)}"
            f"{' (required)' if p.required else ''}"
            f"{' default ' + esc(p.default) if p.default else ''} {esc(p.description)}</li>"
            for p in q.params
        )
        questions = "".join(f"<li{_lang_attr(x)}>{esc(x)}</li>" for x in q.questions)
        link = "/?" + urllib.parse.urlencode({"q": q.name})
        items.append(
            f'<li><a href="{esc(link)}"><code>{esc(q.name)}</code></a> {esc(q.title)}'
            f"<ul>{questions}</ul>{'<p>parameters:</p><ul>' + params + '</ul>' if params else ''}"
            "</li>"
        )
    formats = '<option value="">auto (by query type)</option>' + "".join(
        f'<option value="{k}">{k}</option>'
        for k in ("json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml")
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>plangraph SPARQL endpoint</title>
<style>body{{font-family:"Noto Sans Thai","Noto Sans",sans-serif;max-width:60rem;margin:1rem auto;
padding:0 1rem}}textarea{{width:100%;font-family:monospace}}li{{margin:.3rem 0}}</style></head>
<body><h1>plangraph SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>{SPARQL_PATH}</code>
(GET <code>?query=</code>, POST form or <code>application/sparql-query</code>).</p>
<form method="get" action="{SPARQL_PATH}">
<label for="query">Query</label><br>
<textarea id="query" name="query" rows="18">{esc(text)}</textarea><br>
<label for="format">Results as</label> <select id="format" name="format">{formats}</select>
<button type="submit">Run</button></form>
<h2>Library queries</h2><p>Parameters stay unbound here: optional ones then mean "all".</p>
<ul>{"".join(items)}</ul></body></html>
"""


def _lang_attr(question: str) -> str:
    """`` lang="th"`` for a ``(th) ...`` question (fonts, line breaking, screen readers)."""
    return ' lang="th"' if question.startswith("(th)") else ""
