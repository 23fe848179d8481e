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
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rdflib.term import Identifier

from plangraph.graph.terms import to_number
from plangraph.runtime.atomic import atomic_write
from plangraph.sparql.results import Result
from plangraph.sparql.table import display_width

#: Document dates and zip entry times (the build must be reproducible).
FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
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
    """The ``.xlsx`` file of ``sheets`` (openpyxl, imported here: only the build needs it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "plangraph"
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.name))
        ws.append(sheet.header)
        for row in sheet.rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if sheet.header:
            ws.auto_filter.ref = ws.dimensions
        for i, name in enumerate(sheet.header):
            widest = max([display_width(name), *(display_width(str(r[i])) for r in sheet.rows
                                                   if r[i] is not None)])
            ws.column_dimensions[get_column_letter(i + 1)].width = min(widest + 2, MAX_WIDTH)
            if widest > MAX_WIDTH:
                for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_times(buf.getvalue())


def _sheet_title(name: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


def _fixed_times(data: bytes) -> bytes:
    """The zip rewritten with every entry dated :data:`_ZIP_TIME` and the document's
    modification date (set by openpyxl on saving) :data:`FIXED_TIME`: reproducible bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + FIXED_TIME.isoformat().encode() + rb"Z\g<2>",
                                        content)
            zout.writestr(fixed, content)
    return out.getvalue()


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` atomically (temp file, then rename)."""
    atomic_write(path, workbook_bytes(sheets))
    return Path(path)


def sheet_values(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values, header first (for tests and checks)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
