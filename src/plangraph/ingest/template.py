"""The spreadsheet template: write it (empty or filled from a plan), read it back as a draft.

One row per element on the ``Elements`` sheet; drop-down lists for the controlled columns;
an ``Instructions`` sheet in Thai and English. The same columns work as CSV (UTF-8, a BOM
is accepted). Errors name the cell: ``plan.xlsx!Elements!F7: 'สิบ' is not a number``.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from plangraph.errors import PlangraphError
from plangraph.ingest.model import (
    SEGMENTS,
    SINGLE_KINDS,
    TOP_KINDS,
    Draft,
    Element,
    Line,
    Outcome,
    Target,
    element_path,
)
from plangraph.ingest.readers import decode_text
from plangraph.ingest.targets import be_to_ce, to_decimal
from plangraph.runtime.atomic import atomic_write

SHEET = "Elements"
PLAN_SHEET = "Plan"
TITLE_KEY = "title (ชื่อแผนภาษาไทย)"
# (key, header, help in Thai, help in English); the first four are required.
COLUMNS = [
    ("kind", "kind (ชนิด)", "ชนิดขององค์ประกอบ เลือกจากรายการ", "element kind, from the list"),
    ("number", "number (ลำดับ)", "เลขข้อ (เลขอารบิก) เว้นว่างถ้ามีข้อเดียว", "item number; blank if single"),
    ("parent", "parent (อยู่ภายใต้)", "รหัสองค์ประกอบแม่ เช่น issue/1", "parent id, e.g. issue/1"),
    ("thai", "Thai text (ข้อความภาษาไทย)", "ข้อความตามต้นฉบับ", "the text as printed"),
    ("english", "English text (ข้อความภาษาอังกฤษ)", "คำแปล (ถ้ามี)", "translation, if any"),
    ("value", "target value (ค่าเป้าหมาย)", "ตัวเลข", "a number"),
    ("unit", "unit (หน่วย)", "หน่วย เลือกจากรายการ", "unit, from the list"),
    ("year", "target year (ปีเป้าหมาย)", "พ.ศ. หรือ ค.ศ.", "BE or CE"),
    ("cadence", "cadence (รอบ)", "annual = ต่อปี", "annual = per year"),
    ("direction", "direction (ทิศทาง)", "เลือกจากรายการ", "from the list"),
    ("measure", "measure (ชนิดของค่า)", "level = ระดับ, change = การเปลี่ยนแปลง", "level or change"),
    ("source", "source line or page (บรรทัด/หน้า)", "เลขบรรทัด หรือหน้า", "line number or page"),
    ("id", "id (รหัส)", "เว้นว่างได้ ระบบสร้างให้", "optional; derived if blank"),
    ("printed", "printed number (เลขข้อตามต้นฉบับ)", "เช่น ๑. หรือ (๒)", "e.g. ๑. or (๒)"),
    ("value_wording", "value as printed (ตัวเลขตามต้นฉบับ)", "เช่น ๑,๐๐๐", "e.g. ๑,๐๐๐"),
    ("year_wording", "year as printed (ปีตามต้นฉบับ)", "เช่น ปี ๒๕๖๕", "e.g. ปี ๒๕๖๕"),
    ("baseline_year", "baseline year (ปีฐาน)", "พ.ศ. หรือ ค.ศ.", "BE or CE"),
    ("baseline_wording", "baseline as printed (ปีฐานตามต้นฉบับ)", "", ""),
    ("definition", "definition (นิยาม)", "นิยามของวิสัยทัศน์", "the vision's definition"),
    ("first_phase", "first-phase concept (แนวคิดระยะแรก)", "", ""),
    ("definition_en", "English definition (นิยามภาษาอังกฤษ)", "", ""),
    ("first_phase_en", "English first-phase concept (แนวคิดระยะแรกภาษาอังกฤษ)", "", ""),
    ("section", "source section (หมวดในต้นฉบับ)", "", ""),
    ("end_line", "source end line (บรรทัดสุดท้าย)", "", ""),
]
KEYS = [c[0] for c in COLUMNS]
REQUIRED = KEYS[:4]
KINDS = list(SEGMENTS)
UNITS = {"PERCENT": "unit:PERCENT", "NUM": "unit:NUM", "UNITLESS": "unit:UNITLESS",
         "TONNE": "unit:TONNE", "RAI": "pgunit:RAI", "MegaTHB": "pgunit:MegaTHB",
         "THB-PER-MO": "pgunit:THB-PER-MO", "THB-PER-PERSON-DAY": "pgunit:THB-PER-PERSON-DAY"}
DIRECTIONS = {"increase": "Increase", "decrease": "Decrease", "at-least": "AtLeast",
              "at-most": "AtMost", "reach": "Reach"}
MEASURES = {"level": "Level", "change": "Change"}
INSTRUCTIONS = [
    "แม่แบบแผนพัฒนา plangraph / plangraph plan template",
    "หนึ่งแถวต่อหนึ่งองค์ประกอบในแผ่นงาน Elements / One row per element on the Elements sheet.",
    "คอลัมน์ kind, direction, unit, measure, cadence เลือกจากรายการ / Pick kind, direction, "
    "unit, measure and cadence from the drop-down lists.",
    "parent คือรหัสองค์ประกอบแม่ เช่น issue/1 (เว้นว่างสำหรับวิสัยทัศน์ พันธกิจ ประเด็น) / "
    "parent is the parent's id, e.g. issue/1 (blank for vision, missions, issues).",
    "ตัวชี้วัดต้องมีค่าเป้าหมาย หน่วย และทิศทาง ปีใส่เป็น พ.ศ. หรือ ค.ศ. ก็ได้ / Indicators need "
    "a target value, unit and direction; years may be BE or CE.",
    "นำเข้า: plangraph ingest plan.xlsx --plan SLUG --level province / Ingest: plangraph "
    "ingest plan.xlsx --plan SLUG --level province",
]


def write_template(out: Path, rows: list[dict[str, str]], title: str | None = None) -> None:
    """The workbook with its instructions, drop-downs, ``rows`` and the plan's title
    (sheet ``Plan``), atomically."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([c[1] for c in COLUMNS])
    for row in rows:
        ws.append([row.get(k, "") for k in KEYS])
    for key, values in (("kind", KINDS), ("unit", list(UNITS)), ("direction", list(DIRECTIONS)),
                        ("measure", list(MEASURES)), ("cadence", ["annual"])):
        letter = get_column_letter(KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{letter}2:{letter}2000")
        ws.add_data_validation(dv)
    for i, _ in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if i in (4, 5) else 16
    plan = wb.create_sheet(PLAN_SHEET)
    plan.append([TITLE_KEY, title or ""])
    info = wb.create_sheet("Instructions")
    for text in INSTRUCTIONS:
        info.append([text])
    info.append([])
    info.append(["column", "ภาษาไทย", "English"])
    for _, header, th, en in COLUMNS:
        info.append([header, th, en])
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write(out, buffer.getvalue())


def write_csv(out: Path, rows: list[dict[str, str]]) -> None:
    """The same columns as CSV (UTF-8 with a BOM, so Excel shows Thai)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c[1] for c in COLUMNS])
    for row in rows:
        writer.writerow([row.get(k, "") for k in KEYS])
    atomic_write(out, "\ufeff" + buffer.getvalue())


def read_template(path: Path) -> Draft:
    """The filled template (``.xlsx`` or ``.csv``) as a draft; one-line errors per cell."""
    name = path.name
    if path.suffix.lower() == ".csv":
        text = decode_text(path.read_bytes(), name)
        table = [list(r) for r in csv.reader(io.StringIO(text))]
        where, title = f"{name}!", None
    else:
        table, title = _xlsx_rows(path)
        where = f"{name}!{SHEET}!"
    if not table:
        raise PlangraphError(f"{where.rstrip('!')}: empty; expected a header row")
    header = [str(h or "").split(" (")[0].strip().lower() for h in table[0]]
    names = {c[1].split(" (")[0].strip().lower(): c[0] for c in COLUMNS}
    index = {names[h]: i for i, h in enumerate(header) if h in names}
    missing = [c[1] for c in COLUMNS if c[0] in REQUIRED and c[0] not in index]
    if missing:
        raise PlangraphError(f"{where}1: missing column(s): {', '.join(missing)}")
    elements: list[Element] = []
    outcomes: list[Outcome] = []
    rows: dict[str, int] = {}
    for r, raw in enumerate(table[1:], start=2):
        cells = {k: _cell(raw, i) for k, i in index.items()}
        line = Line(r, " | ".join(v for v in cells.values() if v), f"{where}{r}")
        if not any(cells.values()):
            outcomes.append(Outcome(line, "skipped", "blank row"))
            continue
        el = _element(cells, line, _Cells(where, index, r))
        if el.path in rows:
            raise PlangraphError(f"{where}A{r}: a second element with id {el.path}")
        rows[el.path] = r
        elements.append(el)
        outcomes.append(Outcome(line, "element", f"{el.kind} {el.path}"))
    _check_parents(elements, rows, where, index)
    return Draft(elements, outcomes, {}, title or None)


class _Cells:
    """Cell addresses for error messages."""

    def __init__(self, where: str, index: dict[str, int], row: int) -> None:
        self.where, self.index, self.row = where, index, row

    def at(self, key: str) -> str:
        from openpyxl.utils import get_column_letter

        col = get_column_letter(self.index.get(key, KEYS.index(key)) + 1)
        return f"{self.where}{col}{self.row}"


def _xlsx_rows(path: Path) -> tuple[list[list[object]], str | None]:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises several types for a damaged file
        raise PlangraphError(f"{path.name}: not a readable .xlsx workbook ({type(e).__name__})"
                             ) from None
    if SHEET not in wb.sheetnames:
        raise PlangraphError(f"{path.name}: no sheet named {SHEET!r}")
    rows = [list(r) for r in wb[SHEET].iter_rows(values_only=True)]
    title = None
    if PLAN_SHEET in wb.sheetnames:
        for key, value, *_ in wb[PLAN_SHEET].iter_rows(values_only=True, max_col=2):
            if str(key or "").startswith("title") and value:
                title = str(value).strip()
    wb.close()
    return rows, title


def _cell(raw: list[object], i: int) -> str:
    value = raw[i] if i < len(raw) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(text: str, where: str, what: str = "a number") -> Decimal:
    value = to_decimal(text)
    if value is None:
        raise PlangraphError(f"{where}: {text!r} is not {what}")
    return value


def _choice(text: str, options: dict[str, str], where: str) -> str:
    if text not in options and text not in options.values():
        raise PlangraphError(f"{where}: {text!r} is not one of {', '.join(options)}")
    return options.get(text, text)


def _element(c: dict[str, str], line: Line, cells: _Cells) -> Element:
    kind = c.get("kind", "")
    if kind not in KINDS:
        raise PlangraphError(f"{cells.at('kind')}: {kind!r} is not one of {', '.join(KINDS)}")
    if not c.get("thai"):
        raise PlangraphError(f"{cells.at('thai')}: the Thai text is empty")
    number = int(_number(c["number"], cells.at("number"))) if c.get("number") else None
    parent = c.get("parent") or None
    if kind not in TOP_KINDS and parent is None:
        raise PlangraphError(f"{cells.at('parent')}: a {kind} needs its parent's id")
    path = c.get("id") or _path(kind, number, parent, cells)
    source = c.get("source", "")
    if source.isdigit():
        line = Line(int(source), line.text, f"line {source}")
    elif source:
        line = Line(line.number, line.text, source)
    end = c.get("end_line", "")
    el = Element(kind=kind, path=path, label=c["thai"], line=line,
                 section=c.get("section") or f"{SHEET} › {path}",
                 parent=None if kind in TOP_KINDS else parent, notation=number,
                 source_notation=c.get("printed") or None, order=number, top=kind in TOP_KINDS,
                 english=c.get("english") or None, definition=c.get("definition") or None,
                 first_phase=c.get("first_phase") or None,
                 definition_en=c.get("definition_en") or None,
                 first_phase_en=c.get("first_phase_en") or None,
                 end_line=Line(int(end), "", f"line {end}") if end.isdigit() else None)
    if kind == "Indicator" or c.get("value"):
        el.target = _target(c, cells)
    return el


def _path(kind: str, number: int | None, parent: str | None, cells: _Cells) -> str:
    if number is None and kind not in SINGLE_KINDS:
        raise PlangraphError(f"{cells.at('number')}: a {kind} needs its number")
    return element_path(kind, number, parent)


def _target(c: dict[str, str], cells: _Cells) -> Target:
    for key in ("value", "unit", "direction"):
        if not c.get(key):
            raise PlangraphError(f"{cells.at(key)}: an indicator needs its target {key}")
    value = _number(c["value"], cells.at("value"))
    direction = _choice(c["direction"], DIRECTIONS, cells.at("direction"))
    default_measure = "Level" if direction in {"AtLeast", "AtMost", "Reach"} else "Change"
    year = _year(c.get("year", ""), cells.at("year"))
    cadence = c.get("cadence", "")
    if cadence and cadence not in {"annual", "ต่อปี"}:
        raise PlangraphError(f"{cells.at('cadence')}: {cadence!r} is not 'annual' or blank")
    return Target(
        value=value, value_wording=c.get("value_wording") or c["value"],
        unit=_choice(c["unit"], UNITS, cells.at("unit")), direction=direction,
        measure=_choice(c["measure"], MEASURES, cells.at("measure")) if c.get("measure")
        else default_measure,
        annual=bool(cadence), year=year, year_wording=c.get("year_wording") or None,
        baseline_year=_year(c.get("baseline_year", ""), cells.at("baseline_year")),
        baseline_wording=c.get("baseline_wording") or None)


def _year(text: str, where: str) -> int | None:
    if not text:
        return None
    _number(text, where, "a year")
    return be_to_ce(text)


def _check_parents(elements: list[Element], rows: dict[str, int], where: str,
                   index: dict[str, int]) -> None:
    for el in elements:
        if el.parent and el.parent not in rows:
            cell = _Cells(where, index, rows[el.path]).at("parent")
            raise PlangraphError(f"{cell}: parent {el.parent!r} is not the id of any row")
