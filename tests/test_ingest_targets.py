"""Target wording -> value, unit, direction, measure, cadence, years (the issue's examples)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plangraph.ingest.model import Line
from plangraph.ingest.recognise import recognise
from plangraph.ingest.targets import parse_table_target, parse_text_target


@pytest.mark.parametrize("text,expected", [
    ("จำนวนนักท่องเที่ยวเพิ่มขึ้น ร้อยละ ๑๐ ต่อปี", ("10", "unit:PERCENT", "Increase", "Change", True)),
    ("ร้อยละของผู้ผ่านการรับรอง ไม่น้อยกว่า ร้อยละ ๘๐ ต่อปี",
     ("80", "unit:PERCENT", "AtLeast", "Level", True)),
    ("มูลค่าการจำหน่ายเพิ่มขึ้นร้อยละ 3", ("3", "unit:PERCENT", "Increase", "Change", False)),
    ("องค์ความรู้ใหม่ จำนวน 2 เรื่อง/ปี", ("2", "unit:NUM", "Reach", "Level", True)),
    ("พื้นที่เผาไหม้ ลดลง (ร้อยละ) ๓๐", ("30", "unit:PERCENT", "Decrease", "Change", False)),
    ("ขยะมูลฝอย ลดลง ๕,๐๐๐ ตันต่อปี", ("5000", "unit:TONNE", "Decrease", "Change", True)),
    ("ป่าได้รับการฟื้นฟู จำนวน ๑,๐๐๐ ไร่ต่อปี", ("1000", "pgunit:RAI", "Reach", "Level", True)),
    ("ค่าฝุ่นเฉลี่ย ไม่เกิน ๕๐ ไมโครกรัม", ("50", "unit:UNITLESS", "AtMost", "Level", False)),
])
def test_text_targets(text: str, expected: tuple) -> None:
    t = parse_text_target(text)
    assert t is not None
    assert (format(t.value, "f"), t.unit, t.direction, t.measure, t.annual) == (
        Decimal(expected[0]).to_eng_string(), *expected[1:])


def test_baseline_year_is_be_minus_543_with_its_wording() -> None:
    t = parse_text_target("ความสูญเสียลดลง ร้อยละ ๒๐ (ลดลงจากปี ๒๕๖๑)")
    assert t is not None and t.value == 20 and t.baseline_year == 2018
    assert t.baseline_wording == "(ลดลงจากปี ๒๕๖๑)"


def test_no_number_no_target() -> None:
    assert parse_text_target("ประชาชนมีความสุข") is None


def test_table_target_takes_its_year_from_the_column_heading() -> None:
    t = parse_table_target("รายได้เพิ่มขึ้นเป็น (ล้านบาท)", "๑๐๒,๐๐๐", "ค่าเป้าหมาย ปี ๒๕๖๕")
    assert t is not None
    assert (t.value, t.unit, t.direction, t.measure, t.year, t.year_wording) == (
        Decimal(102000), "pgunit:MegaTHB", "Increase", "Level", 2022, "ปี ๒๕๖๕")


def test_a_table_with_several_year_columns_uses_the_last_filled_one() -> None:
    rows = ["ประเด็นการพัฒนาที่ 1 การท่องเที่ยว", "ตัวชี้วัด\t๒๕๖๖\t๒๕๖๗\t๒๕๖๘",
            "๑. รายได้เพิ่มขึ้น (ร้อยละ)\t๕\t๖\t๗", "๒. จำนวนนักท่องเที่ยวเพิ่มขึ้น (ร้อยละ)\t๓\t๔\t"]
    draft = recognise([Line(i, t, f"line {i}") for i, t in enumerate(rows, 1)], "cluster")
    targets = {e.path: e.target for e in draft.elements if e.target}
    first, second = targets["issue/1/indicator/1"], targets["issue/1/indicator/2"]
    assert (first.value, first.year) == (Decimal(7), 2025)
    assert (second.value, second.year) == (Decimal(4), 2024)


def test_an_unknown_unit_is_kept_as_a_doubt_for_the_report() -> None:
    t = parse_text_target("ค่าฝุ่นเฉลี่ย ไม่เกิน ๕๐ ไมโครกรัม")
    assert t is not None and t.doubt and "ไมโครกรัม" in t.doubt
    rows = ["ประเด็นยุทธศาสตร์ที่ ๑ อากาศ", "ตัวชี้วัด", "๑. ค่าฝุ่นเฉลี่ย ไม่เกิน ๕๐ ไมโครกรัม"]
    draft = recognise([Line(i, x, f"line {i}") for i, x in enumerate(rows, 1)], "province")
    assert [o.status for o in draft.outcomes if o.line.number == 3] == ["uncertain"]


def test_a_second_heading_row_of_years_and_targets_worded_in_the_cell() -> None:
    rows = ["ประเด็นการพัฒนาที่ 1 การท่องเที่ยว", "ตัวชี้วัด\tค่าเป้าหมาย\t", "\t๒๕๖๖\t๒๕๖๗",
            "๑. ผู้ประกอบการผ่านการรับรอง\tไม่น้อยกว่า ร้อยละ ๗๐\tไม่น้อยกว่า ร้อยละ ๘๐"]
    draft = recognise([Line(i, t, f"line {i}") for i, t in enumerate(rows, 1)], "cluster")
    (el,) = draft.elements[1:]
    t = el.target
    assert t is not None and el.label == "ผู้ประกอบการผ่านการรับรอง"
    assert (t.value, t.unit, t.direction, t.measure, t.year) == (
        Decimal(80), "unit:PERCENT", "AtLeast", "Level", 2024)
