"""The maps' most-called template pieces as Python functions, the templates' globals.

``both`` and ``element_card`` were Jinja macros; a trace page calls them dozens of times and
macro calls cost more than the rest of the page. They return :class:`Markup` with every value
escaped, exactly what the macros wrote (tests/test_build_shortcuts.py compares them).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def both(th: Any, en: Any) -> Markup:
    """The Thai text, and the English one after " · " when there is one, each in its
    language."""
    english = f' · <span lang="en">{escape(en)}</span>' if en else ""
    return Markup(f'<span lang="th">{escape(th)}</span>{english}')  # noqa: S704 - escaped


def element_card(e: Any, plan: Any, target_th: Any, target_en: Any) -> Markup:
    """An element's box: kind and number (and plan), its texts, target, source section and
    IRI. The line breaks are the macro's (its block tags took theirs away)."""
    kind = both(f"{e.class_th} {e.notation}", f"{e.class_en} {e.notation}")
    parts = [f'<div class="element lvl-{escape(e.level)}">\n  <p class="kind">{kind}\n',
             f"— {both(plan.label_th, plan.label_en)}" if plan else "",
             f'</p>\n  <p class="th" lang="th">{escape(e.label_th)}</p>\n']
    if e.label_en:
        parts.append(f'<p class="en" lang="en">{escape(e.label_en)}</p>')
    if target_th or target_en:
        parts.append('  <p class="target">ค่าเป้าหมาย · <span lang="en">target</span>: '
                     f"{both(target_th, target_en)}</p>\n")
    if e.section:
        parts.append('<p class="section">หมวดในต้นฉบับ · <span lang="en">source section</span>: '
                     f"{escape(e.section)}</p>")
    parts.append(f'  <p class="iri"><code>{escape(e.iri)}</code></p>\n</div>')
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


GLOBALS = {"both": both, "element_card": element_card}
