"""Plain-text wording for the maps: short node labels, targets, tooltips.

Everything here returns plain text; the pages escape it (HTML) or hand it to vis-network
as strings, which vis shows as text.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from plangraph.maps.data import Alignment, Element, Plan, Target

ELLIPSIS = "…"
PERCENT_TH = "ร้อยละ"


def _is_mark(ch: str) -> bool:
    """Combining marks (Thai vowels and tone marks above/below) take no position."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def shorten(text: str, limit: int = 30) -> str:
    """``text`` cut to about ``limit`` characters, never inside a Thai syllable's marks.

    Marks count as nothing; the cut prefers the last space in the final third.
    """
    text = " ".join(text.split())
    count = 0
    for i, ch in enumerate(text):
        if _is_mark(ch):
            continue
        count += 1
        if count > limit:
            head = text[:i]
            space = head.rfind(" ")
            if space > limit * 2 // 3:
                head = head[:space]
            return head.rstrip() + ELLIPSIS
    return text


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
        when = target.year_wording or (f"ปี ค.ศ. {target.year}" if target.year else "")
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
        text = f"ล่าสุด {last} (ปี ค.ศ. {p.last_year})"
        if p.first_year != p.last_year:
            text += f" แรกสุด {first} (ปี ค.ศ. {p.first_year})"
        return f"{text}: {p.status_th or p.status}"
    text = f"latest {last} ({p.last_year})"
    if p.first_year != p.last_year:
        text += f", first {first} ({p.first_year})"
    return f"{text}: {p.status_en or p.status}"


def heading(e: Element, lang: str) -> str:
    """Kind and number, e.g. ``ตัวชี้วัด 3`` / ``Indicator 3``; a folded plan's size,
    e.g. ``แผน · 63 องค์ประกอบ`` / ``Plan · 63 elements``."""
    kind = e.class_th if lang == "th" else e.class_en
    if e.members:
        return f"{kind} · {e.members} " + ("องค์ประกอบ" if lang == "th" else "elements")
    return f"{kind} {e.notation}".strip()


def label(e: Element, lang: str) -> str:
    """Node label: kind and number on one line, the shortened text below."""
    text = e.label_th if lang == "th" else (e.label_en or e.label_th)
    return f"{heading(e, lang)}\n{shorten(text)}"


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
