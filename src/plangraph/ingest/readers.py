"""Readers per format: a plan file becomes a list of :class:`Line` with their origin.

``.txt`` (UTF-8, UTF-16 with or without a BOM, TIS-620/cp874; any line ends), ``.docx``
(paragraphs and table rows in document order), ``.pdf`` (the text layer, page by page, read
with PDFium through pypdfium2: the same lines as pdfplumber on our Thai test PDFs, ~70x
faster).
The spreadsheet template (``.xlsx``/``.csv``) is read by :mod:`plangraph.ingest.template`.
"""

from __future__ import annotations

import re
from pathlib import Path

from plangraph.errors import PlangraphError
from plangraph.ingest.model import Line

_BREAK = re.compile(r"\r\n|\r|\n")
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a text file as str: BOM first, then UTF-8, UTF-16 (NUL-heavy), cp874."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise PlangraphError(
            f"{name}: unknown text encoding (not UTF-8, UTF-16 or TIS-620/cp874)"
        ) from None
    if not _THAI.search(text):
        raise PlangraphError(f"{name}: unknown text encoding (no Thai text as cp874 either)")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is a high byte of Thai or ASCII (0x0E/0x00).

    Thai in UTF-16 has no NUL bytes, and its bytes can be valid UTF-8 (control characters),
    so the high bytes are what give it away.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    high = {0x00, 0x0E}
    for name, half in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if sum(b in high for b in half) > 0.9 * len(half):
            return name
    return None


def read_txt(path: Path) -> list[Line]:
    """A text file, one :class:`Line` per line (``line N``)."""
    text = decode_text(_read_bytes(path), path.name)
    return [Line(i, t, f"line {i}") for i, t in enumerate(_BREAK.split(text), start=1)]


def read_docx(path: Path) -> list[Line]:
    """Paragraphs and table rows (cells joined by tabs) in document order."""
    try:
        import docx
        from docx.table import Table

        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several types for a bad package
        raise PlangraphError(f"{path.name}: not a readable .docx file ({e})") from None
    lines: list[Line] = []
    paragraph = table_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_no += 1
            for r, row in enumerate(block.rows, start=1):
                cells = [c.text.replace("\n", " ") for c in row.cells]
                where = f"table {table_no}!A{r}:{chr(64 + min(len(cells), 26))}{r}"
                lines.append(Line(len(lines) + 1, "\t".join(cells), where))
        else:
            paragraph += 1
            for part in _BREAK.split(block.text):
                lines.append(Line(len(lines) + 1, part, f"paragraph {paragraph}"))
    return lines


def read_pdf(path: Path) -> list[Line]:
    """The text layer, line by line (``page P line L``); lines may be wrapped."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
    except Exception as e:  # PdfiumError, OSError…
        raise PlangraphError(f"{path.name}: not a readable PDF ({type(e).__name__})") from None
    pages = []
    try:
        for page in document:
            text = page.get_textpage()
            pages.append(text.get_text_range())
            text.close()
            page.close()
    finally:
        document.close()
    if not "".join(pages).strip():
        raise PlangraphError(f"{path.name}: the PDF has no text layer (a scan?); OCR it first")
    lines: list[Line] = []
    for p, text in enumerate(pages, start=1):
        for n, part in enumerate(_BREAK.split(text), start=1):
            lines.append(Line(len(lines) + 1, part, f"page {p} line {n}", wrapped=True))
    return lines


READERS = {".txt": read_txt, ".text": read_txt, ".docx": read_docx, ".pdf": read_pdf}


def read_lines(path: Path) -> list[Line]:
    """The lines of a plan document, by its extension."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted({*READERS, ".xlsx", ".csv"}))
        raise PlangraphError(f"{path.name}: cannot read {path.suffix or 'this'} files ({known})")
    return reader(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise PlangraphError(f"{path}: cannot read ({e.strerror})") from None
