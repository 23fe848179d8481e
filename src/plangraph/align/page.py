"""The review page: every draft suggestion with both texts, its evidence and the commands
that accept or reject it, as one self-contained, read-only HTML file (no script, no network:
its Content-Security-Policy allows only its own inline style; every value is escaped by
Jinja's autoescape).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from plangraph.align.suggest import Suggestion
from plangraph.align.texts import Cascade
from plangraph.runtime.atomic import atomic_write

PAGE_NAME = "review.html"
CSP = "default-src 'none'; style-src 'unsafe-inline'"

TEMPLATE = """<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ตรวจข้อเสนอความเชื่อมโยง · Review suggested links</title>
<style>
body { font-family: "Noto Sans Thai", "Sarabun", sans-serif; margin: 1.5rem; max-width: 70rem; }
section { border: 1px solid #ccc; border-radius: .4rem; padding: .8rem 1rem; margin: 1rem 0; }
.texts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.part { color: #555; margin-left: 1rem; font-size: .92em; }
code { user-select: all; background: #f4f4f4; padding: .1rem .3rem; display: inline-block; }
.meta { color: #444; }
mark { background: #fde9c6; }
</style>
</head>
<body>
<h1>ตรวจข้อเสนอความเชื่อมโยง · <span lang="en">Review suggested links</span></h1>
<p lang="en">{{ items|length }} suggestions awaiting review. This page only shows them; decide with
the commands (click a command to select it, then copy). Confidence is calibrated on the seed's
claims (docs/suggest.md).</p>
{% for it in items %}
<section id="{{ it.s.id }}">
<h2>{{ it.s.id }}</h2>
<p class="meta" lang="en">confidence {{ "%.2f"|format(it.s.confidence) }} · score
{{ "%.4f"|format(it.s.score) }} · rank {{ it.s.rank }} · {{ it.relation }}</p>
<div class="texts">
{% for side in it.sides %}
<div><h3>{{ side.heading }} <small><a href="{{ side.iri }}">{{ side.short }}</a></small></h3>
{% for label, own in side.parts %}
<p{% if not own %} class="part"{% endif %}>{{ label }}</p>
{% endfor %}
</div>
{% endfor %}
</div>
<p>คำที่ตรงกัน · <span lang="en">shared words</span>:
{% for e in it.s.evidence %}
<mark>{{ e.source_form }}</mark> ↔ <mark>{{ e.target_form }}</mark>{{ " ;" if not loop.last }}
{% else %}—{% endfor %}</p>
<p lang="en">Accept: <code>plangraph review --accept {{ it.s.id }}</code>
 · Reject: <code>plangraph review --reject {{ it.s.id }}</code></p>
</section>
{% endfor %}
</body>
</html>
"""


def _side(cascade: Cascade, heading: str, iri: str) -> dict:
    short = iri.rsplit("/id/", 1)[-1]
    parts = [(label, element == iri) for element, label in cascade.segments(iri)[:10]]
    return {"heading": heading, "iri": iri, "short": short, "parts": parts}


def render(cascade: Cascade, drafts: list[Suggestion]) -> str:
    """The page's HTML."""
    env = Environment(autoescape=True, keep_trailing_newline=True)
    items = [{"s": s, "relation": s.relation.rsplit("#", 1)[-1],
              "sides": [_side(cascade, "จาก · from", s.source),
                        _side(cascade, "ไปยัง · to", s.target)]} for s in drafts]
    return env.from_string(TEMPLATE).render(items=items, csp=CSP)


def write(cascade: Cascade, drafts: list[Suggestion], out_dir: Path) -> Path:
    """Write ``review.html`` into ``out_dir`` (atomically); returns its path."""
    path = Path(out_dir) / PAGE_NAME
    atomic_write(path, render(cascade, drafts))
    return path
