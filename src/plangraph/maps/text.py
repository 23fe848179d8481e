"""Plain-text wording for the maps: short node labels, targets, tooltips.

Everything here returns plain text; the pages escape it (HTML) or hand it to vis-network
as strings, which vis shows as text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import cache, lru_cache

from plangraph.maps.data import Alignment, Element, Plan, Target
from plangraph.thai import arabic_digits, be_year

ELLIPSIS = "…"
PERCENT_TH = "ร้อยละ"


#: Thai vowels written before the consonant they follow in speech: never end a line.
LEADING_VOWELS = "เแโใไ"
LINE = 20  # visible characters per label line
LINES = 2  # lines of text under the heading


def _is_mark(ch: str) -> bool:
    """Combining marks (Thai vowels and tone marks above/below) take no position."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


class _Marks(dict[int, int | None]):
    """``str.translate`` table that drops combining marks, filled as characters are met
    (the lookups then run in C)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if _is_mark(chr(code)) else code
        return self[code]


_MARKS = _Marks()
#: Distinct texts whose wrapping is remembered (the maps label each element on many pages).
WRAPPED = 100_000


def width(text: str) -> int:
    """Visible characters: combining marks take no position."""
    return len(text.translate(_MARKS))


@cache
def _tokenizers() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    """pythainlp's dictionary word breaker (newmm) and its Thai character clusters (tcc)."""
    from pythainlp.tokenize import subword_tokenize, word_tokenize

    return (lambda t: word_tokenize(t, engine="newmm", keep_whitespace=True),
            lambda t: subword_tokenize(t, engine="tcc"))


def pieces(text: str) -> list[str]:
    """``text`` as words (Thai by dictionary, others by spaces); a word longer than a line
    is split into Thai character clusters, never inside one."""
    words, clusters = _tokenizers()
    out: list[str] = []
    for word in words(text):
        out += clusters(word) if width(word) > LINE else [word]
    return out


def wrap(text: str, line: int = LINE, lines: int = LINES) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``line`` visible characters, broken
    only between words (or clusters); the last line ends in ``…`` when text was left out."""
    return list(_wrapped(text, line, lines))


@lru_cache(maxsize=WRAPPED)
def _wrapped(text: str, line: int, lines: int) -> tuple[str, ...]:
    """:func:`wrap`, remembered: word breaking is the costly part of a page."""
    rows: list[str] = []
    current = ""
    for piece in pieces(" ".join(text.split())):
        if current and width(current + piece) > line:
            rows.append(current.rstrip())
            current = ""
            if len(rows) == lines:
                rows[-1] += ELLIPSIS
                return tuple(rows)
        current += piece.lstrip() if not current else piece
    if current.strip():
        rows.append(current.rstrip())
    return tuple(rows)


def shorten(text: str, limit: int = 30) -> str:
    """``text`` cut to about ``limit`` visible characters at a word boundary (``…``)."""
    return wrap(text, limit, 1)[0] if text.strip() else ""


def number(value: Decimal) -> str:
    """A decimal with thousands separators and no exponent (``102,000``, ``0.45``)."""
    text = format(value, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text

def target_text(target: Target | None, lang: str) -> str:
    """The target in one line: value, unit, year or cadence (``lang`` ``th`` or ``en``)."""
    if target is None:
        return ""
    if lang == "th":
        value = target.value_wording or (number(target.value) if target.value is not None else "")
        unit = target.unit_th or target.unit_en
        when = target.year_wording or (f"ปี พ.ศ. {be_year(target.year)}" if target.year else "")
        cadence = target.cadence_th
    else:
        value = number(target.value) if target.value is not None else target.value_wording
        unit = target.unit_en or target.unit_th
        when = f"by {target.year}" if target.year else ""
        cadence = target.cadence_en
    # Thai writes "ร้อยละ ๑๐" (percent before the number); other units follow it.
    amount = (unit, value) if lang == "th" and unit == PERCENT_TH else (value, unit)
    return " ".join(part for part in (*amount, when, cadence) if part)


def progress_text(e: Element, lang: str) -> str:
    """The observed values against the target in one line (``lang`` ``th`` or ``en``), e.g.
    ``latest 7.5 (2023), first 15 (2022): behind``; '' for an element without observations."""
    p = e.progress
    if p is None:
        return ""
    last, first = (number(v) if v is not None else "?" for v in (p.last_value, p.first_value))
    if lang == "th":
        text = f"ล่าสุด {last} (พ.ศ. {be_year(p.last_year)})"
        if p.first_year != p.last_year:
            text += f" แรกสุด {first} (พ.ศ. {be_year(p.first_year)})"
        return f"{text}: {p.status_th or p.status}"
    text = f"latest {last} ({p.last_year})"
    if p.first_year != p.last_year:
        text += f", first {first} ({p.first_year})"
    return f"{text}: {p.status_en or p.status}"


def number_of(e: Element) -> str:
    """What people call the element by: ``2.3`` for indicator 3 of issue 2, else its
    notation (Arabic digits)."""
    n = arabic_digits(e.notation)
    if n and e.parent_notation and not e.is_sub_strategy:
        return f"{arabic_digits(e.parent_notation)}.{n}"
    return n


def heading(e: Element, lang: str) -> str:
    """Kind and number, e.g. ``ตัวชี้วัด 2.3`` / ``Indicator 2.3``, ``ยุทธศาสตร์ชาติด้านที่ 5
    › ประเด็นย่อย 4``; a folded plan's size, e.g. ``แผน · 63 องค์ประกอบ``."""
    kind = e.class_th if lang == "th" else e.class_en
    if e.members:
        return f"{kind} · {e.members} " + ("องค์ประกอบ" if lang == "th" else "elements")
    n = number_of(e)
    if e.is_national_strategy:
        return f"ยุทธศาสตร์ชาติด้านที่ {n}" if lang == "th" else f"National Strategy {n}"
    if e.is_sub_strategy and e.parent_notation:
        top = arabic_digits(e.parent_notation)
        return (f"ยุทธศาสตร์ชาติด้านที่ {top} › ประเด็นย่อย {n}" if lang == "th"
                else f"National Strategy {top} › sub-strategy {n}")
    return f"{kind} {n}".strip()


def label(e: Element, lang: str) -> str:
    """Node label: kind and number on one line, the text below in two lines at most."""
    text = e.label_th if lang == "th" else (e.label_en or e.label_th)
    return "\n".join([heading(e, lang), *wrap(text)])


def tooltip(e: Element, plan: Plan | None) -> str:
    """Full plain-text description of an element, Thai and English."""
    lines = [f"{heading(e, 'th')} · {heading(e, 'en')}"]
    if plan is not None and not e.members:
        lines.append(f"{plan.label_th} · {plan.label_en}")
    lines += ["", e.label_th, e.label_en, ""]
    if e.notation:
        lines.append(f"เลขข้อ · notation: {e.notation}")
    if e.target is not None:
        lines.append(f"ค่าเป้าหมาย: {target_text(e.target, 'th')}")
        lines.append(f"target: {target_text(e.target, 'en')}")
    if e.progress is not None:
        lines.append(f"ความก้าวหน้า: {progress_text(e, 'th')}")
        lines.append(f"progress: {progress_text(e, 'en')}")
    if e.section:
        lines.append(f"หมวดในต้นฉบับ · source section: {e.section}")
    if e.page:
        lines.append("ดับเบิลคลิกเพื่อเปิดแผนที่ของแผนนี้ · double-click to open this plan's map")
    return "\n".join(line for line in lines).strip()


def confidence_text(claim: Alignment) -> str:
    """``0.9`` or ``?`` when the claim gives none."""
    return number(claim.confidence) if claim.confidence is not None else "?"


def relation_name(claim: Alignment) -> str:
    """``broadMatch`` / ``closeMatch`` from the SKOS property IRI."""
    return claim.relation.rsplit("#", 1)[-1] if claim.relation else ""


def claims_tooltip(claims: list[Alignment]) -> str:
    """The strongest claim of an edge described; how many more it stands for."""
    text = claim_tooltip(claims[0])
    if len(claims) > 1:
        text += (f"\n\nรวม {len(claims)} ข้ออ้างระหว่างสองโหนดนี้ · "
                 f"{len(claims)} claims between these nodes")
    return text


def claim_tooltip(claim: Alignment) -> str:
    """Plain-text description of an alignment edge."""
    basis = f"{claim.basis_th} · {claim.basis_en}" if claim.basis_th else claim.basis
    lines = [
        f"ความเชื่อมโยง · alignment ({relation_name(claim)})",
        f"ฐาน · basis: {basis}",
        f"ความเชื่อมั่น · confidence: {confidence_text(claim)}",
        "",
        claim.justification_th,
        claim.justification_en,
    ]
    return "\n".join(lines).strip()
