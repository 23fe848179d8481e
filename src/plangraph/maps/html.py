"""Safe HTML for the map pages: an autoescaping Jinja environment, JSON in script tags,
inlined assets and a Content-Security-Policy that allows only the page's own scripts.

Nothing from the data is ever pasted into HTML or JS unescaped: text goes through Jinja's
autoescape, data for scripts goes into ``<script type="application/json">`` with ``<``,
``>`` and ``&`` escaped as ``\\uXXXX`` and is read back with ``JSON.parse``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from plangraph.maps import markup

PACKAGE = "plangraph.maps"
VIS_NETWORK = "vendor/vis-network-9.1.2.min.js"
MAP_SCRIPT = "templates/map.js"
STYLESHEET = "templates/maps.css"

_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=.*$", re.MULTILINE)
_SCRIPT_END = re.compile(r"</script|<!--", re.IGNORECASE)
_STYLE_END = re.compile(r"</style", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


@cache
def environment() -> Environment:
    """Jinja2 with autoescape on for every template (including ``.js``/``.css`` names)."""
    env = Environment(
        loader=PackageLoader(PACKAGE, "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(markup.GLOBALS)
    return env


@cache
def resource(name: str) -> str:
    """A text file shipped in this package (``vendor/…``, ``templates/…``)."""
    return files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def script_body(text: str) -> Markup:
    """JavaScript to inline in ``<script>``; refuses text that could end the element."""
    text = _SOURCE_MAP.sub("", text).rstrip() + "\n"
    if _SCRIPT_END.search(text):
        raise ValueError("inline script contains '</script' or '<!--'")
    return Markup(text)  # noqa: S704 - our own or vendored code, checked above


def style_body(text: str) -> Markup:
    """CSS to inline in ``<style>``; refuses text that could end the element."""
    if _STYLE_END.search(text):
        raise ValueError("inline style contains '</style'")
    return Markup(text)  # noqa: S704 - our own CSS, checked above


def json_for_script(data: Any) -> Markup:
    """``data`` as JSON that is inert inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for ch, code in _JSON_ESCAPES.items():  # one C-speed pass each (translate is slow on Thai)
        text = text.replace(ch, code)
    return Markup(text)  # noqa: S704 - '<', '>', '&' are escaped above


@lru_cache(maxsize=32)
def csp_hash(text: str) -> str:
    """A CSP source expression for one inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: list[str], styles: list[str]) -> str:
    """Allow exactly these inline scripts and styles; no network, no plugins, no forms."""
    script_src = " ".join(csp_hash(s) for s in scripts) or "'none'"
    style_src = " ".join(csp_hash(s) for s in styles) or "'none'"
    return (
        "default-src 'none'; "
        f"script-src {script_src}; style-src {style_src}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def render(template: str, *, scripts: list[str] | None = None, extra_css: str = "",
           **context: Any) -> str:
    """Render ``template`` with the shared stylesheet, ``scripts`` inlined and a CSP."""
    bodies = [script_body(s) for s in scripts or []]
    css = style_body(resource(STYLESHEET) + extra_css)
    page = environment().get_template(template).render(
        css=css,
        scripts=bodies,
        csp=content_security_policy([str(b) for b in bodies], [str(css)]),
        **context,
    )
    return page
