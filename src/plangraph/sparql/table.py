"""Text tables for a terminal: columns measured by display width, fitted to the window.

Widths come from wcwidth (Thai vowels and tone marks above or below a consonant take no
column, wide East Asian characters two). A table wider than the window has its widest
columns cut, at a character-cluster boundary and never right after a Thai leading vowel,
with ``…`` marking the cut; a table too wide even then (many columns) is shown as records,
one ``column  value`` line per cell, like psql's expanded display. ``--wide`` (no width)
shows every cell whole.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Sequence

from wcwidth import wcwidth

#: Columns are never cut narrower than this (headers are cut too when they must).
MIN_COLUMN = 8
GAP = "  "
ELLIPSIS = "…"
#: Columns of running text besides ``*_th`` / ``*_en``: cut before identifiers are.
TEXT_COLUMNS = frozenset({"title", "label", "reason", "source", "note", "justification"})
#: Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ)
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


@functools.cache
def char_width(ch: str) -> int:
    """Terminal columns of one character: marks 0, wide/fullwidth 2, controls 0
    (remembered: a workbook measures a few hundred thousand cells of a few hundred
    characters)."""
    return max(wcwidth(ch), 0)


def display_width(text: str) -> int:
    """Terminal columns of ``text`` (Thai vowels and tone marks above/below count 0):
    printable ASCII is a column a character."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_width, text))


def clusters(text: str) -> list[str]:
    """``text`` split before each character that takes a column: a base character with the
    marks that follow it stays whole."""
    out: list[str] = []
    for ch in text:
        if out and char_width(ch) == 0:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with ``…``, between clusters, not after a leading vowel."""
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for cluster in clusters(text):
        w = display_width(cluster)
        if used + w > width - 1:
            break
        kept.append(cluster)
        used += w
    while kept and (kept[-1] in LEADING_VOWELS or kept[-1].isspace()):
        kept.pop()
    return "".join(kept) + ELLIPSIS


def fit_widths(natural: Sequence[int], limit: int,
               text: Sequence[bool] | None = None) -> list[int]:
    """Column widths within ``limit`` columns (gaps included): the widest columns give way
    first, all cut to one common cap (water-filling), none below :data:`MIN_COLUMN`. Columns
    flagged in ``text`` (labels, titles) give way before identifiers are cut at all."""
    room = limit - len(GAP) * (len(natural) - 1)
    if sum(natural) <= room:
        return list(natural)
    flexible = list(text) if text is not None and any(text) else [True] * len(natural)
    for cut in (flexible, [True] * len(natural)):
        floor = [min(n, MIN_COLUMN) if c else n for n, c in zip(natural, cut, strict=True)]
        cap = max(natural)
        while cap > 0 and sum(max(min(n, cap), f)
                              for n, f in zip(natural, floor, strict=True)) > room:
            cap -= 1
        widths = [max(min(n, cap), f) for n, f in zip(natural, floor, strict=True)]
        if sum(widths) <= room:
            break
    return widths


def is_text_column(name: str) -> bool:
    """A column of running text (a label, title, reason…) rather than an identifier."""
    return name.endswith(("_th", "_en")) or name in TEXT_COLUMNS


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]],
                 width: int | None = None) -> str:
    """Aligned columns under a dashed rule, padded by display width; with ``width``, long
    cells are cut so that each line fits in that many columns."""
    cells = [[_one_line(c) for c in row] for row in [list(header), *rows]]
    natural = [max(display_width(row[i]) for row in cells) for i in range(len(header))]
    widths = natural
    if width is not None and cells[1:]:
        widths = fit_widths(natural, width, [is_text_column(h) for h in header])
        if sum(widths) + len(GAP) * (len(widths) - 1) > width:
            return format_records(cells[0], cells[1:], width)
        cells = [[truncate(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]
    lines = []
    for n, row in enumerate(cells):
        padded = [c + " " * (w - display_width(c)) for c, w in zip(row, widths, strict=True)]
        lines.append(GAP.join(padded).rstrip())
        if n == 0:
            lines.append(GAP.join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def format_records(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    """Each row as a block of ``column  value`` lines, values cut to ``width``."""
    key = max(display_width(h) for h in header)
    room = max(width - key - len(GAP), MIN_COLUMN)
    lines = []
    for n, row in enumerate(rows, start=1):
        lines.append(f"-[ {n} ]".ljust(width, "-"))
        for name, cell in zip(header, row, strict=True):
            pad = " " * (key - display_width(name))
            lines.append(f"{name}{pad}{GAP}{truncate(_one_line(cell), room)}".rstrip())
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """Keep a cell on one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def terminal_width() -> int | None:
    """The width to fit tables to: ``COLUMNS`` if set, else the terminal's when stdout is
    one; None (no limit) when the output goes to a file or a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None
