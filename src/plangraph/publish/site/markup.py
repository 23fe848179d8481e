"""The site's most-used template pieces as Python functions, for the templates' globals.

``both``, ``name``, ``link`` and ``item`` are called some thirty times per page; as Jinja
macros they took half the time of a page. They return :class:`Markup` with every value
escaped, exactly what the macros wrote. (f-strings of escaped values: ``Markup.format`` is
slower still.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape


def both(th: str, en: str) -> Markup:
    """The Thai and the English text, each in its language, joined by " · "."""
    if th and en:
        return Markup(f'<span lang="th">{escape(th)}</span> · <span lang="en">{escape(en)}</span>')
    if th:
        return Markup(f'<span lang="th">{escape(th)}</span>')
    return Markup(f'<span lang="en">{escape(en)}</span>' if en else "")


def name(r: Mapping[str, Any]) -> Markup:
    """A reference's short name as code, linked when it has a page."""
    code = f"<code>{escape(r['name'])}</code>"
    return Markup(f'<a href="{escape(r["href"])}">{code}</a>' if r["href"] else code)


def link(r: Mapping[str, Any]) -> Markup:
    """A reference by its labels (linked when it has a page), else by its name."""
    if not (r["th"] or r["en"]):
        return name(r)
    labels = both(r["th"], r["en"])
    return Markup(f'<a href="{escape(r["href"])}">{labels}</a>') if r["href"] else labels


def item(r: Mapping[str, Any]) -> Markup:
    """A reference with its kind and notation, its Thai label (linked when it has a page) and
    its English label below."""
    notation = f" {escape(r['notation'])}" if r["notation"] else ""
    label = f'<span lang="th">{escape(r["th"] or r["name"])}</span>'
    if r["href"]:
        label = f'<a href="{escape(r["href"])}">{label}</a>'
    en = f'<br><span lang="en" class="en">{escape(r["en"])}</span>' if r["en"] else ""
    return Markup(f'<span class="kind">{both(r["kind_th"], r["kind_en"])}{notation}</span>\n'
                  f"{label}{en}")


GLOBALS = {"both": both, "name": name, "link": link, "item": item}
