"""The recogniser: repaired lines -> plan elements, and what became of every line.

A line is read as: an optional item marker (``๑.``, ``1)``, ``(๑)``, ``ข้อ 1``, ``-``, ``•``),
then either a heading that opens a section (``วิสัยทัศน์``, ``พันธกิจ``, ``เป้าประสงค์รวม``,
``เป้าหมายการพัฒนา``, ``ประเด็นยุทธศาสตร์ที่ N …``, ``ประเด็นการพัฒนาที่ N …``,
``ยุทธศาสตร์ที่ N …``, ``เป้าประสงค์เชิงยุทธศาสตร์``, ``กลยุทธ์``, ``วัตถุประสงค์``,
``ตัวชี้วัด…``, ``แนวทางการพัฒนา``, ``นิยาม``; with or without a colon, English in brackets),
or content for the section that is open. Table rows (cells split by tabs) give indicators
whose target sits in a column headed by its year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plangraph.ingest.model import (
    SINGLE_KINDS,
    TOP_KINDS,
    Draft,
    Element,
    Line,
    Outcome,
    element_path,
)
from plangraph.ingest.targets import DIGIT, NUMBER, parse_table_target, parse_text_target
from plangraph.thai import arabic_digits

_MARKER = re.compile(
    rf"^(?P<m>\(\s*{DIGIT}+\s*\)|{DIGIT}+(?:\.{DIGIT}+)+\.?|{DIGIT}+[.)]"
    rf"|ข้อ(?:ที่)?\s*{DIGIT}+[.)]?|[-•▪●○◦*–·])\s*"
)
_ENGLISH = re.compile(r"\s*\([A-Za-z][A-Za-z .,&/-]*\)\s*$")
_ENGLISH_AFTER = re.compile(r"^\s*\([A-Za-z][A-Za-z .,&/-]*\)(?=\s*[:：])")
_COLON = re.compile(r"^\s*[:：]\s*")
_QUOTES = re.compile(r'^[“"](.*)[”"]$')
_ISSUE = re.compile(
    rf"^(ประเด็นยุทธศาสตร์|ประเด็นการพัฒนา|ยุทธศาสตร์(?:การพัฒนา)?)ที่\s*({DIGIT}+)\s*[:：]?\s*(.*)$"
)
_TRAILING = re.compile(
    r"\s+(วัตถุประสงค์|กลยุทธ์|ตัวชี้วัด|แนวทางการพัฒนา|เป้าประสงค์(?:เชิงยุทธศาสตร์)?)\s*[:：]?\s*$"
)
_PHASE = re.compile(r"แนวคิด\s*[“\"]([^”\"]+)[”\"]\s*$")
_JOINS_WITH_SPACE = re.compile(r"[A-Za-z0-9)]$")

# (heading keyword at the start, section). Order matters: longer keywords first.
_SECTIONS = [
    ("เป้าประสงค์เชิงยุทธศาสตร์", "StrategicGoal"),
    ("เป้าประสงค์รวม", "OverallGoal"),
    ("เป้าหมายและตัวชี้วัด", "Indicator"),
    ("ตัวชี้วัด", "Indicator"),
    ("เป้าหมายการพัฒนา", "DevelopmentGoal"),
    ("เป้าประสงค์", "StrategicGoal"),
    ("วิสัยทัศน์", "Vision"),
    ("พันธกิจ", "Mission"),
    ("กลยุทธ์", "ProvincialStrategy"),
    ("วัตถุประสงค์", "Objective"),
    ("แนวทางการพัฒนา", "Guideline"),
    ("นิยาม", "definition"),
]
_PLAIN_HEADINGS = re.compile(
    rf"^(ประเด็นการพัฒนาของ|ประเด็นยุทธศาสตร์ของ|ยุทธศาสตร์การพัฒนา|แผนพัฒนา|การเชื่อมโยง"
    rf"|(?:บท|ส่วน)ที่\s*{DIGIT}+)"
)
_FLAT_HEADING = re.compile(rf"^ตัวชี้วัด\s+(ค่าเป้าหมาย.*?{DIGIT}{{4}})\s*$")
_TRAILING_VALUE = re.compile(rf"\s({DIGIT}+(?:,{DIGIT}{{3}})*(?:\.{DIGIT}+)?)\s*$")
_NOTE = re.compile(r"^(หมายเหตุ|ที่มา\s*[:：]|แหล่งข้อมูล)")
_ISSUE_KINDS = {"StrategicIssue", "DevelopmentIssue"}
SINGLE = SINGLE_KINDS
TOP = TOP_KINDS
UNDER_ISSUE = {"StrategicGoal", "ProvincialStrategy", "Objective", "Guideline"}
_HEADING_MAX = 90


@dataclass
class _State:
    level: str
    join_wrapped: bool
    elements: list[Element] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    section: str | None = None
    heading: str = ""
    issue: Element | None = None
    last: Element | None = None  # the element the next unmarked line may continue
    blank_before: bool = True
    full_at: float = 0.0  # a wrapped line at least this long may continue on the next
    prev_full: bool = False
    prev_role: str = ""
    table_years: list[str | None] = field(default_factory=list)
    flat_table: bool = False  # a table whose cells came out of a PDF joined by spaces
    title: str | None = None
    counters: dict[str, int] = field(default_factory=dict)
    marked: dict[str, bool] = field(default_factory=dict)
    paths: set[str] = field(default_factory=set)


def recognise(lines: list[Line], level: str, join_wrapped: bool | None = None) -> Draft:
    """Read ``lines`` as a plan of ``level`` (province, cluster, region)."""
    join = any(line.wrapped for line in lines) if join_wrapped is None else join_wrapped
    st = _State(level=level, join_wrapped=join)
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if join and lengths:
        st.full_at = 0.8 * lengths[int(0.75 * (len(lengths) - 1))]
    for line in lines:
        _read(st, line)
        st.blank_before = not line.text.strip()
        st.prev_full = len(line.text.strip()) >= st.full_at
    _finish(st)
    return Draft(st.elements, st.outcomes, {}, st.title)


def _finish(st: _State) -> None:
    """Quotes off single statements; indicators still without a target are not kept."""
    for el in list(st.elements):
        if el.kind in {"Vision", "DevelopmentGoal"}:
            q = _QUOTES.match(el.label)
            el.label = q.group(1).strip() if q else el.label
        if el.kind == "Indicator" and el.target is None:
            st.elements.remove(el)
            for o in st.outcomes:
                if o.detail.split(" (check:")[0] == f"{el.kind} {el.path}":
                    o.status = "unrecognised"
                    o.detail = "indicator without a target this reader understands"


def _note(st: _State, line: Line, status: str, detail: str) -> None:
    st.outcomes.append(Outcome(line, status, detail))
    st.prev_role = "heading" if detail.startswith("continues the heading") else status


def _read(st: _State, line: Line) -> None:
    raw = line.text.strip()
    if not raw:
        _note(st, line, "skipped", "blank")
        return
    cells = [c.strip() for c in line.text.strip(" \r\n").split("\t")]
    if len(cells) > 1 and any(cells[1:]):
        _table_row(st, line, cells)
        return
    text = " ".join(raw.split("\t")).strip()
    marker, body = _split_marker(text)
    continues = (st.join_wrapped and marker is None and st.prev_full and not st.blank_before
                 and st.prev_role in {"element", "uncertain", "continuation"})
    flat = _FLAT_HEADING.match(text) or (
        st.flat_table and st.section == "Indicator" and not continues
        and _TRAILING_VALUE.search(text))
    if flat:
        _table_row(st, line, [text[: flat.start(1)].strip(), flat.group(1)])
        st.flat_table = True
        return
    if _NOTE.match(body):
        _note(st, line, "skipped", "a note or source remark (หมายเหตุ/ที่มา)")
        return
    if _heading(st, line, marker, body):
        return
    if (st.join_wrapped and marker is None and st.prev_full and not st.blank_before
            and not body.startswith(("“", '"'))):
        if st.prev_role in {"element", "uncertain", "continuation"} and st.last is not None:
            _continue(st, line, body)
            return
        if st.prev_role == "heading":
            _note(st, line, "heading", "continues the heading above (a wrapped line)")
            return
    _content(st, line, marker, body)


def _split_marker(text: str) -> tuple[str | None, str]:
    m = _MARKER.match(text)
    if not m or m.end() == len(text):
        return None, text
    marker, body = m.group("m"), text[m.end():]
    if marker in "-•▪●○◦*–·":  # a bullet may carry a number: "- (๑) …"
        inner = _MARKER.match(body)
        if inner and inner.group("m") not in "-•▪●○◦*–·" and inner.end() < len(body):
            return inner.group("m"), body[inner.end():]
    return marker, body


def _heading(st: _State, line: Line, marker: str | None, body: str) -> bool:
    m = _ISSUE.match(body)
    if m:
        _issue(st, line, marker, m)
        return True
    bare = _ENGLISH.sub("", body).strip()
    for keyword, section in _SECTIONS:
        if not bare.startswith(keyword):
            continue
        rest = _ENGLISH_AFTER.sub("", bare[len(keyword):])
        colon = _COLON.match(rest)
        inline = rest[colon.end():].strip() if colon else ""
        if not colon and (len(bare) > _HEADING_MAX or (marker and marker in "-•▪●○◦*–·")):
            return False
        if section == "definition":
            _definition(st, line, inline)
            return True
        _open(st, line, section, bare[: len(keyword)] if colon else bare)
        if inline:
            _content(st, line, None, inline, inline_heading=True)
        return True
    if _PLAIN_HEADINGS.match(bare) and len(bare) <= _HEADING_MAX:
        if bare.startswith("แผนพัฒนา") and st.title is None:
            st.title = bare
        st.section, st.issue, st.last, st.heading = None, None, None, bare
        _note(st, line, "heading", f"heading: {bare}")
        return True
    return False


def _open(st: _State, line: Line, section: str, heading: str) -> None:
    st.section, st.heading, st.last, st.table_years = section, heading, None, []
    st.flat_table = False
    if section in {"Vision", "DevelopmentGoal", "Mission", "OverallGoal"}:
        st.issue = None
    _note(st, line, "heading", f"opens {section}: {heading}")


def _issue(st: _State, line: Line, marker: str | None, m: re.Match[str]) -> None:
    word, number, title = m.group(1), m.group(2), m.group(3).strip()
    if word.startswith("ยุทธศาสตร์") and st.level == "region":
        kind = "RegionalStrategy"
    elif word == "ประเด็นการพัฒนา" or (st.level == "cluster" and word.startswith("ยุทธศาสตร์")):
        kind = "DevelopmentIssue"
    else:
        kind = "StrategicIssue"
    trailing = _TRAILING.search(title)
    if trailing:
        title = title[: trailing.start()].strip()
    if not title:
        _note(st, line, "unrecognised", f"{word}ที่ {number} has no title")
        return
    n = int(arabic_digits(number))
    path = element_path(kind, n, None)
    printed = marker if (marker and kind == "RegionalStrategy") else number
    section = " › ".join(x for x in (st.heading, f"{word}ที่ {number}") if x)
    el = Element(kind=kind, path=path, label=title, line=line, section=section, notation=n,
                 source_notation=printed, order=n, top=True)
    if not _add(st, el):
        return
    st.section, st.last, st.table_years, st.flat_table = None, el, [], False
    if kind != "RegionalStrategy":
        st.issue = el
    if trailing:
        _open(st, line, _section_of(trailing.group(1)), trailing.group(1))
        st.outcomes.pop()  # the line is reported once, as the element


def _section_of(word: str) -> str:
    return next(section for keyword, section in _SECTIONS if word.startswith(keyword))


def _definition(st: _State, line: Line, text: str) -> None:
    vision = next((e for e in st.elements if e.kind == "Vision"), None)
    if vision is None or not text:
        _note(st, line, "unrecognised", "นิยาม (definition) without a vision before it")
        return
    vision.definition = text
    vision.end_line = line
    phase = _PHASE.search(text)
    vision.first_phase = phase.group(1) if phase else None
    st.last, st.section = vision, "definition"
    _note(st, line, "element", f"definition of {vision.path}")


def _content(st: _State, line: Line, marker: str | None, body: str,
             inline_heading: bool = False) -> None:
    section = st.section
    if (marker is None and st.last is not None and not st.blank_before and not inline_heading
            and not st.join_wrapped and (section in SINGLE or section == "definition")):
        _continue(st, line, body)
        return
    if section is None or section == "definition":
        looks = marker is not None or NUMBER.search(body) is not None
        _note(st, line, "unrecognised" if looks else "skipped",
              "plan-like text outside any recognised section" if looks
              else "text outside any recognised section")
        return
    if section in SINGLE and any(e.kind == section and e.parent == _parent(st, section)
                                 for e in st.elements):
        _note(st, line, "unrecognised", f"a second paragraph for the single {section}")
        return
    _item(st, line, section, marker, body, None)


def _continue(st: _State, line: Line, body: str) -> None:
    el = st.last
    assert el is not None
    if el.definition is not None and st.section == "definition":
        el.definition = _join(el.definition, body)
    else:
        el.label = _join(el.label, body)
        flat = _TRAILING_VALUE.search(el.label) if st.flat_table else None
        if el.kind == "Indicator" and flat:
            el.label = el.label[: flat.start()].strip()
            el.target = parse_table_target(el.label, flat.group(1), st.table_years[-1])
        elif el.kind == "Indicator" and not st.table_years:
            el.target = parse_text_target(el.label)
        if el.kind == "Indicator":
            _recheck(st, el)
    el.end_line = line
    _note(st, line, "continuation", f"joined to {el.path}")
    trailing = _TRAILING.search(el.label) if el.kind in _ISSUE_KINDS else None
    if trailing:
        el.label = el.label[: trailing.start()].strip()
        _open(st, line, _section_of(trailing.group(1)), trailing.group(1))


def _recheck(st: _State, el: Element) -> None:
    """After a continuation: the indicator's doubt is its new target's, and so is its line's
    status in the report."""
    el.doubt = el.target.doubt if el.target else None
    for o in st.outcomes:
        if o.line is el.line and o.detail.split(" (check:")[0] == f"{el.kind} {el.path}":
            o.status = "uncertain" if el.doubt else "element"
            o.detail = f"{el.kind} {el.path}" + (f" (check: {el.doubt})" if el.doubt else "")


def _join(before: str, after: str) -> str:
    space = " " if _JOINS_WITH_SPACE.search(before) and re.match(r"[A-Za-z0-9(]", after) else ""
    return before + space + after


def _parent(st: _State, kind: str) -> str | None:
    if kind in UNDER_ISSUE:
        return st.issue.path if st.issue else None
    if kind == "Indicator":
        if st.issue is not None:
            return st.issue.path
        goal = next((e for e in st.elements if e.kind == "DevelopmentGoal"), None)
        return goal.path if goal else None
    return None


def _item(st: _State, line: Line, kind: str, marker: str | None, body: str,
          target_cell: tuple[str, str | None] | None) -> None:
    parent = _parent(st, kind)
    if kind not in TOP and parent is None:
        _note(st, line, "unrecognised", f"{kind} outside an issue or goal")
        return
    key = element_path(kind, None, parent)
    single = kind in SINGLE
    label = body.strip()
    if not label:
        _note(st, line, "unrecognised", f"a {kind} item with no text")
        return
    number = None
    printed = None
    numbered = rf"\(?\s*(?:ข้อ(?:ที่)?\s*)?{DIGIT}+(?:\.{DIGIT}+)*[.)]?\s*\)?"
    if marker and re.fullmatch(numbered, marker):
        printed = marker
        number = int(arabic_digits(re.findall(rf"{DIGIT}+", marker)[-1]))
    count = st.counters.get(key, 0) + 1
    order = number or count
    st.counters[key] = max(count, order)
    doubt = None
    if marker is None and not single and st.marked.get(key):
        doubt = f"no number or bullet after numbered items: taken as item {order}"
    st.marked[key] = st.marked.get(key, False) or marker is not None
    path = element_path(kind, order, parent)
    mark = printed or (f"ข้อ {order}" if not single else None)
    section = " › ".join(x for x in (st.issue.section.split(" › ")[-1] if st.issue else "",
                                     st.heading, mark) if x)
    el = Element(kind=kind, path=path, label=label, line=line, section=section, parent=parent
                 if kind not in TOP else None, notation=None if single else order,
                 source_notation=printed, order=None if single else order, top=kind in TOP,
                 bullet=bool(marker) and printed is None, doubt=doubt)
    if kind == "Indicator":
        el.target = (parse_table_target(label, *target_cell) if target_cell
                     else parse_text_target(label))
        el.doubt = el.doubt or (el.target.doubt if el.target else None)
        if el.target is None and not st.join_wrapped:
            _note(st, line, "unrecognised", "indicator without a target this reader understands")
            return
    if _add(st, el):
        st.last = el


def _add(st: _State, el: Element) -> bool:
    if el.path in st.paths:
        _note(st, el.line, "unrecognised", f"a second {el.kind} numbered {el.path}")
        return False
    st.paths.add(el.path)
    st.elements.append(el)
    _note(st, el.line, "uncertain" if el.doubt else "element",
          f"{el.kind} {el.path}" + (f" (check: {el.doubt})" if el.doubt else ""))
    return True


def _table_row(st: _State, line: Line, cells: list[str]) -> None:
    first = _ENGLISH.sub("", cells[0]).strip()
    if not first and st.section == "Indicator" and all(
            not c or re.fullmatch(rf"(?:ปี\s*|พ\.ศ\.\s*)?{DIGIT}{{4}}", c) for c in cells[1:]):
        st.table_years = [None, *cells[1:]]
        _note(st, line, "heading", "indicator table years: " + " | ".join(cells[1:]))
        return
    if first.startswith("ตัวชี้วัด") and any("ค่าเป้าหมาย" in c or re.search(rf"{DIGIT}{{4}}", c)
                                               for c in cells[1:]):
        if st.section != "Indicator":
            _open(st, line, "Indicator", first)
            st.outcomes.pop()
        st.table_years = [None, *cells[1:]]
        _note(st, line, "heading", "indicator table heading: " + " | ".join(cells[1:]))
        return
    if st.section != "Indicator":
        _note(st, line, "unrecognised", "a table row outside an indicator table")
        return
    marker, body = _split_marker(cells[0])
    col = max((i for i, c in enumerate(cells) if i and NUMBER.search(c)), default=None)
    if col is None:
        _content(st, line, marker, " ".join(c for c in cells if c))
        return
    year = st.table_years[col] if col < len(st.table_years) else None
    _item(st, line, "Indicator", marker, body, (cells[col], year))
