"""Targets from the wording: value, unit, direction, measure, cadence, years (BE -> CE).

Two forms are understood. In the text: "… ร้อยละ ๑๐ ต่อปี", "… ไม่น้อยกว่า ร้อยละ ๘๐ ต่อปี",
"… เพิ่มขึ้นร้อยละ 3", "จำนวน 2 เรื่อง/ปี", "… ลดลง (ร้อยละ) ๓๐", "… ลดลง ร้อยละ ๒๐ (ลดลงจาก
ปี ๒๕๖๑)". In a table: the indicator's wording gives unit and direction ("… เพิ่มขึ้นเป็น
(ร้อยละ)"), the cell gives the value and the column heading the year ("ค่าเป้าหมาย ปี ๒๕๖๕").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from plangraph.ingest.model import Target
from plangraph.thai import BE_OFFSET, arabic_digits

DIGIT = "[0-9\u0e50-\u0e59]"
NUMBER = re.compile(rf"{DIGIT}+(?:,{DIGIT}{{3}})*(?:\.{DIGIT}+)?")
_BASELINE = re.compile(
    rf"\(?\s*(?:ลดลง|เพิ่มขึ้น)?\s*(?:จาก|เทียบกับ)\s*ปี\s*(?:พ\.ศ\.\s*)?({DIGIT}{{4}})\s*\)?"
)
_YEAR = re.compile(rf"(?:ปี\s*(?:พ\.ศ\.\s*)?|พ\.ศ\.\s*)({DIGIT}{{4}})")
_BARE_BE_YEAR = re.compile(rf"((?:25|๒๕){DIGIT}{{2}})")
_ANNUAL = re.compile(r"^\s*(?:[^\s(]*\s*)?(?:ต่อปี|/ปี|ต่อ\s*ปี|ทุกปี)")

# Units: (pattern after the number, CURIE); counting words give unit:NUM.
_UNITS_AFTER = [
    (r"ล้านบาท", "pgunit:MegaTHB"),
    (r"บาท\s*/\s*คน\s*/\s*วัน", "pgunit:THB-PER-PERSON-DAY"),
    (r"บาท\s*/\s*เดือน|บาทต่อเดือน", "pgunit:THB-PER-MO"),
    (r"ไร่", "pgunit:RAI"),
    (r"ตัน", "unit:TONNE"),
    (r"%|เปอร์เซ็นต์", "unit:PERCENT"),
    (r"ชนิด|เรื่อง|แห่ง|ครั้ง|คน|ราย|โครงการ|กลุ่ม|หมู่บ้าน|ชุมชน|แปลง|ฟาร์ม|วัน|ผลิตภัณฑ์"
     r"|ตำบล|อำเภอ|หน่วย|องค์กร|เครือข่าย|ด้าน|รายการ|ผลงาน|หลักสูตร|ฉบับ|เส้นทาง", "unit:NUM"),
]
_UNITS_IN_BRACKETS = [
    (r"\(\s*ร้อยละ\s*\)", "unit:PERCENT"),
    (r"\(\s*ล้านบาท\s*\)", "pgunit:MegaTHB"),
    (r"\(\s*บาท\s*/\s*คน\s*/\s*วัน\s*\)", "pgunit:THB-PER-PERSON-DAY"),
    (r"\(\s*บาท\s*/\s*เดือน\s*\)", "pgunit:THB-PER-MO"),
    (r"\(\s*ไร่\s*\)", "pgunit:RAI"),
    (r"\(\s*ตัน\s*\)", "unit:TONNE"),
]
# Direction words, latest in the wording wins: (pattern, direction, measure or None).
_DIRECTIONS = [
    (r"ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย", "AtLeast", "Level"),
    (r"ไม่เกิน|ไม่มากกว่า|ไม่สูงกว่า", "AtMost", "Level"),
    (r"เพิ่มขึ้นเป็น|เพิ่มเป็น", "Increase", "Level"),
    (r"ลดลงเหลือ|ลดลงเป็น", "Decrease", "Level"),
    (r"เพิ่มขึ้นจากเดิม|เพิ่มขึ้น|อัตราเพิ่ม|การเพิ่ม", "Increase", None),
    (r"ลดลงจากเดิม|ลดลง|ลดจำนวน", "Decrease", None),
]


def to_decimal(text: str) -> Decimal | None:
    """``"๑,๐๐๐"`` -> ``Decimal(1000)``; None if it is not a number."""
    try:
        return Decimal(arabic_digits(text).replace(",", ""))
    except InvalidOperation:
        return None


def be_to_ce(text: str) -> int:
    """A Buddhist-era year in Thai or Arabic digits -> the CE year (``๒๕๖๕`` -> 2022)."""
    year = int(arabic_digits(text))
    return year - BE_OFFSET if year > 2400 else year


def _direction(wording: str, unit: str) -> tuple[str, str]:
    best: tuple[int, str, str | None] = (-1, "Reach", "Level")
    for pattern, direction, measure in _DIRECTIONS:
        for m in re.finditer(pattern, wording):
            if m.start() > best[0] or (m.start() == best[0] and measure):
                best = (m.start(), direction, measure)
    _, direction, measure = best
    if measure is None:  # plain "increase"/"decrease": a change, unless there is no unit
        measure = "Level" if unit == "unit:UNITLESS" else "Change"
    return direction, measure


def _bracket_unit(wording: str) -> str | None:
    found = [(m.start(), unit) for p, unit in _UNITS_IN_BRACKETS for m in re.finditer(p, wording)]
    return max(found)[1] if found else None


def split_baseline(text: str) -> tuple[str, int | None, str | None]:
    """The wording without its baseline remark, the baseline year (CE) and its wording."""
    m = _BASELINE.search(text)
    if not m:
        return text, None, None
    return (text[: m.start()] + text[m.end():]).strip(), be_to_ce(m.group(1)), m.group(0).strip()


def parse_text_target(text: str) -> Target | None:
    """The target written at the end of an indicator's wording, or None if there is none."""
    rest, base_year, base_wording = split_baseline(text)
    year_m = None
    numbers = [m for m in NUMBER.finditer(rest) if not _is_year(rest, m)]
    if not numbers:
        return None
    num = numbers[-1]
    before, after = rest[: num.start()], rest[num.end():]
    value = to_decimal(num.group(0))
    if value is None:
        return None
    unit = _unit_after(after) or _unit_before(before) or _bracket_unit(before)
    doubt = None
    if unit is None:
        unit = "unit:NUM" if "จำนวน" in before else "unit:UNITLESS"
        word = re.match(r"\s*([\u0e01-\u0e4e]+)", after)
        if word and not _ANNUAL.match(after):
            doubt = f"unit {word.group(1)!r} not known: recorded as {unit}"
    direction, measure = _direction(before, unit)
    for m in _YEAR.finditer(rest):
        year_m = m
    return Target(doubt=doubt,
        value=value, value_wording=num.group(0), unit=unit, direction=direction,
        measure=measure, annual=bool(_ANNUAL.match(after)),
        year=be_to_ce(year_m.group(1)) if year_m else None,
        year_wording=year_m.group(0) if year_m else None,
        baseline_year=base_year, baseline_wording=base_wording,
    )


def parse_table_target(wording: str, cell: str, year_heading: str | None) -> Target | None:
    """A target from a table row: the indicator's wording, its value cell, the year heading."""
    num = NUMBER.search(cell)
    if not num or to_decimal(num.group(0)) is None:
        return None
    rest, base_year, base_wording = split_baseline(wording)
    unit = (_bracket_unit(rest) or _unit_before(cell[: num.start()])
            or _unit_after(cell[num.end():]) or "unit:UNITLESS")
    direction, measure = _direction(f"{rest} {cell[: num.start()]}", unit)
    year_m = _YEAR.search(year_heading or "") or _BARE_BE_YEAR.search(year_heading or "")
    return Target(
        value=to_decimal(num.group(0)) or Decimal(0), value_wording=num.group(0), unit=unit,
        direction=direction, measure=measure,
        annual=bool(re.search(r"ต่อปี|/ปี", cell + " " + rest)),
        year=be_to_ce(year_m.group(1)) if year_m else None,
        year_wording=year_m.group(0) if year_m else None,
        baseline_year=base_year, baseline_wording=base_wording,
    )


def _is_year(text: str, m: re.Match[str]) -> bool:
    return bool(re.search(r"(?:ปี|พ\.ศ\.)\s*$", text[: m.start()])) and len(m.group(0)) == 4


def _unit_after(after: str) -> str | None:
    head = after.strip()
    for pattern, unit in _UNITS_AFTER:
        if re.match(pattern, head):
            return unit
    return None


def _unit_before(before: str) -> str | None:
    tail = before.rstrip()
    if re.search(r"(?:ร้อยละ|\(\s*ร้อยละ\s*\))$", tail):
        return "unit:PERCENT"
    return None
