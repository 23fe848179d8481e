"""Helpers for the ingest tests: the seed's chapters as input files, faults, comparison."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from plangraph import paths

SEED = Path("/work/shared/seeds/000_4e11dbb71cd61cfb.txt")
# (plan slug, level, seed line ranges). Upper-North-1's issue 1 is split in the seed by
# unrelated NESDP text (lines 38-129); the cut leaves that text out.
CHAPTERS = {
    "lampang": ("province", [(191, 288)]),
    "upper-north-1": ("cluster", [(17, 37), (130, 189)]),
    "north": ("region", [(3, 15)]),
}
TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PG = paths.PG

_QUERY = """
PREFIX pg: <https://w3id.org/plangraph/def/plangraph#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
SELECT ?e ?kind ?label ?notation ?parent ?value ?unit ?direction ?measure ?cadence ?year ?base
WHERE {
  ?e skos:inScheme PLAN ; a ?kind ; skos:prefLabel ?label .
  FILTER (lang(?label) = "th" && STRSTARTS(STR(?kind), STR(pg:)))
  OPTIONAL { ?e skos:notation ?notation } OPTIONAL { ?e pg:partOf ?parent }
  OPTIONAL { ?e pg:hasTarget ?t . ?t qudt:numericValue ?value ; qudt:unit ?unit ;
             pg:direction ?direction ; pg:measure ?measure .
    OPTIONAL { ?t pg:cadence ?cadence } OPTIONAL { ?t pg:targetYear ?year }
    OPTIONAL { ?t pg:baselineYear ?base } }
}"""


def chapter_lines(slug: str) -> list[str]:
    """The chapter's lines as they stand in the seed."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    return [lines[i - 1] for a, b in CHAPTERS[slug][1] for i in range(a, b + 1)]


def store_of(turtle_or_path: str | Path) -> ox.Store:
    """A store holding one Turtle file or text."""
    store = ox.Store()
    if isinstance(turtle_or_path, Path):
        store.load(path=str(turtle_or_path), format=ox.RdfFormat.TURTLE)
    else:
        store.load(turtle_or_path, format=ox.RdfFormat.TURTLE)
    return store


def elements(turtle_or_path: str | Path, plan: str, arabic: bool = False) -> dict[str, tuple]:
    """Element path -> (kind, Thai label, notation, parent path, target fields), by query."""
    store = store_of(turtle_or_path)
    prefix = f"{paths.ID_BASE}{plan}/"
    out: dict[str, tuple] = {}
    query = _QUERY.replace("PLAN", str(ox.NamedNode(f"{paths.ID_BASE}plan/{plan}")))
    for row in store.query(query):
        def v(name: str, row: ox.QuerySolution = row) -> str | None:
            term = row[name]
            return None if term is None else term.value
        label = v("label") or ""
        if arabic:
            label = label.translate(TO_ARABIC)
        value = v("value")
        out[v("e").removeprefix(prefix)] = (
            v("kind").removeprefix(PG), label, v("notation"),
            (v("parent") or "").removeprefix(prefix),
            str(float(value)) if value is not None else None, v("unit"),
            v("direction"), v("measure"), v("cadence"), v("year"), v("base"))
    return out


def agreement(expected: dict[str, tuple], got: dict[str, tuple]) -> str:
    """A line saying how many elements agree, and the first disagreements."""
    same = sum(1 for k, v in expected.items() if got.get(k) == v)
    lines = [f"{same}/{len(expected)} elements agree ({len(got)} ingested)"]
    for k in sorted(set(expected) | set(got)):
        if expected.get(k) != got.get(k):
            lines.append(f"  {k}: expected {expected.get(k)} got {got.get(k)}")
            if len(lines) > 6:
                break
    return "\n".join(lines)


# --------------------------------------------------------------------------- variants

_MARK = re.compile(r"^(- |[๐-๙0-9]+\. )")


def arabic_digits(lines: list[str]) -> list[str]:
    """Every Thai digit written as an Arabic digit."""
    return [line.translate(TO_ARABIC) for line in lines]


def restyle(lines: list[str], style: str) -> list[str]:
    """Item markers rewritten: ``1)``, ``(๑)``, ``ข้อ 1``, ``•``, or ``none``."""
    out, n = [], 0
    for line in lines:
        m = _MARK.match(line)
        if not m:
            n = 0
            out.append(line)
            continue
        n += 1
        body = line[m.end():]
        marker = {"paren": f"{n}) ", "thai-paren": f"({str(n).translate(_TO_THAI)}) ",
                  "kho": f"ข้อ {n} ", "bullet": "• ", "none": ""}[style]
        out.append(marker + body)
    return out


_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ENGLISH = {"กลยุทธ์": "Strategies", "ตัวชี้วัด": "Indicators", "วัตถุประสงค์": "Objectives",
            "แนวทางการพัฒนา": "Guidelines", "พันธกิจ": "Mission", "เป้าประสงค์รวม": "Goals",
            "เป้าประสงค์เชิงยุทธศาสตร์": "Strategic goal", "เป้าหมายและตัวชี้วัด": "Targets"}


def english_headings(lines: list[str]) -> list[str]:
    """Headings with an English name in brackets, colons dropped where nothing follows."""
    out = []
    for line in lines:
        head, sep, rest = line.partition(" :")
        key = head.strip()
        if key in _ENGLISH:
            line = f"{key} ({_ENGLISH[key]})" + (f" :{rest}" if rest.strip() else "")
        elif line.strip() in _ENGLISH:
            line = f"{line.strip()} ({_ENGLISH[line.strip()]})"
        out.append(line)
    return out


_BREAKABLE = re.compile("[\u0e01-\u0e2e](?=[\u0e01-\u0e2e\u0e40-\u0e44])")


def pdf_faults(lines: list[str], width: int = 60) -> list[str]:
    """The classic faults of text pulled out of a PDF: สำ split, tone marks before their
    vowel, a space before a following vowel, long lines broken mid-word, no blank lines."""
    out = []
    for line in lines:
        if not line.strip():
            continue
        text = line.replace("ำ", "\u0e4d\u0e32")
        text = re.sub("([\u0e34-\u0e37])([\u0e48-\u0e4b])", r"\2\1", text)
        text = text.replace("การ", "ก าร", 1)
        while len(text) > width and "\t" not in text:
            cut = next((m.end() for m in _BREAKABLE.finditer(text, width - 10)
                        if m.end() >= width - 10 and text[m.end() - 1] != " "), None)
            if cut is None or cut >= len(text):
                break
            out.append(text[:cut])
            text = text[cut:]
        out.append(text)
    return out


FONT = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")


def write_pdf(path: Path, lines: list[str], width_mm: float = 170) -> None:
    """A PDF of ``lines`` in a Thai font (fonts-thai-tlwg); long lines wrap mid-word between
    two Thai letters, as Thai typesetting does (no space is lost at a wrap)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Garuda", fname=str(FONT))
    pdf.set_font("Garuda", size=10)
    pdf.add_page()
    for line in lines:
        rest = line.replace("\t", " ")  # a table row: its cells come out joined by a space
        while pdf.get_string_width(rest) > width_mm:
            fits = [m.end() for m in _BREAKABLE.finditer(rest)
                    if pdf.get_string_width(rest[: m.end()]) <= width_mm]
            cut = fits[-1] if fits else len(rest)
            pdf.cell(0, 6, rest[:cut], new_x="LMARGIN", new_y="NEXT")
            rest = rest[cut:]
        pdf.cell(0, 6, rest, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
