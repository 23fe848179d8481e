"""One Excel workbook of the build's tables (``build/plangraph.xlsx``), written atomically.

A sheet per table, the header row bold and frozen, a filter on every column, numbers as
numbers (``xsd:integer``/``decimal``/``double`` and four-digit ``xsd:gYear`` years) and Thai
text as text. The file is the same byte for byte for the same tables: fixed document dates
and zip entry times, so two builds compare equal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rdflib.term import Identifier

from plangraph.graph.terms import to_number
from plangraph.runtime.atomic import atomic_write
from plangraph.sparql.results import Result
from plangraph.sparql.table import display_width

#: The document's dates (the build must be reproducible).
FIXED_TIME = datetime(2000, 1, 1)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
#: Widest column, in characters (longer text wraps inside its cell when opened).
MAX_WIDTH = 60
Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet name, column names and rows of cell values."""

    name: str
    header: list[str]
    rows: list[list[Cell]]

    @classmethod
    def from_result(cls, name: str, result: Result) -> Sheet:
        """A query's rows, typed: numbers and years as numbers, the rest as text."""
        rows = [[cell_value(row.get(v)) for v in result.vars] for row in result.rows]
        return cls(name, list(result.vars), rows)

    @classmethod
    def from_csv(cls, name: str, text: str) -> Sheet:
        """A CSV table (BOM or not); cells that read as numbers become numbers."""
        header, *rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        return cls(name, header, [[_number_or_text(c) for c in row] for row in rows])


def cell_value(term: Identifier | None) -> Cell:
    """A cell for an RDF term: typed numbers, gYear years as integers, else the text."""
    value = to_number(term)
    return value if value is None or isinstance(value, int | float | str) else str(term)


def _number_or_text(text: str) -> Cell:
    """``"12"`` -> 12, ``"0.5"`` -> 0.5, ``""`` -> None, other text unchanged."""
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The ``.xlsx`` file of ``sheets`` (XlsxWriter, imported here: only the build needs it;
    its zip entries carry a fixed time, and the document dates are :data:`FIXED_TIME`).
    Text is written as text: never as a formula, a number or a link."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False,
                                   "nan_inf_to_errors": True})
    wb.set_properties({"created": FIXED_TIME, "author": "plangraph"})
    bold = wb.add_format({"bold": True})
    wrapped = wb.add_format({"text_wrap": True, "valign": "top"})
    for sheet in sheets:
        ws = wb.add_worksheet(_sheet_title(sheet.name))
        ws.write_row(0, 0, sheet.header, bold)
        for r, row in enumerate(sheet.rows, 1):
            ws.write_row(r, 0, row)
        ws.freeze_panes(1, 0)
        if sheet.header:
            ws.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)
        for i, name in enumerate(sheet.header):
            widest = _widest([name, *(str(r[i]) for r in sheet.rows if r[i] is not None)])
            # longer text wraps inside its cell (from the second row: the header stays bold)
            ws.set_column(i, i, min(widest + 2, MAX_WIDTH), wrapped if widest > MAX_WIDTH else None)
    wb.close()
    return buf.getvalue()


def _widest(texts: Iterable[str]) -> int:
    """The widest of ``texts`` in columns, or any width above :data:`MAX_WIDTH` once one is
    found (the column is as wide as it gets then)."""
    widest = 0
    for text in texts:
        if len(text) > widest // 2:  # a character is at most two columns wide
            widest = max(widest, display_width(text))
            if widest > MAX_WIDTH:
                break
    return widest


def _sheet_title(name: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` atomically (temp file, then rename)."""
    atomic_write(path, workbook_bytes(sheets))
    return Path(path)


def sheet_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, header first (for tests and checks)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
