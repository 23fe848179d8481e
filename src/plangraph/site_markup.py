"""The site's three most-used template pieces as Python functions, for the templates' globals.

``both``, ``name`` and ``link`` are called some thirty times per page; as Jinja macros each
call cost more than the rest of the page. They return :class:`Markup` with every value
escaped, exactly what the macros wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

_TH = Markup('<span lang="th">{}</span>')
_EN = Markup('<span lang="en">{}</span>')
_SEP = Markup(" · ")
_CODE = Markup("<code>{}</code>")
_CODE_LINK = Markup('<a href="{}"><code>{}</code></a>')
_LINK = Markup('<a href="{}">{}</a>')


def both(th: str, en: str) -> Markup:
    """The Thai and the English text, each in its language, joined by " · "."""
    if th and en:
        return _TH.format(th) + _SEP + _EN.format(en)
    if th:
        return _TH.format(th)
    return _EN.format(en) if en else Markup("")


def name(r: Mapping[str, Any]) -> Markup:
    """A reference's short name as code, linked when it has a page."""
    return _CODE_LINK.format(r["href"], r["name"]) if r["href"] else _CODE.format(r["name"])


def link(r: Mapping[str, Any]) -> Markup:
    """A reference by its labels (linked when it has a page), else by its name."""
    if not (r["th"] or r["en"]):
        return name(r)
    labels = both(r["th"], r["en"])
    return _LINK.format(r["href"], labels) if r["href"] else labels


GLOBALS = {"both": both, "name": name, "link": link}
