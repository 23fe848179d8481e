"""Observed indicator values: a CSV in, W3C Data Cube Turtle out (``plangraph observe``).

The CSV has the header ``indicator,year,value`` and optionally ``unit``:

- ``indicator``: an IRI, a CURIE or a plan path such as ``lampang/issue/1/indicator/2``
  (parsed by :func:`plangraph.sparql.params.to_term`); it must be a ``pg:Indicator`` with a target;
- ``year``: CE, or BE (≥ 2400, converted by − 543); stored as a CE ``xsd:gYear``, 2000–2037;
- ``value``: a decimal number in the target's terms (same unit, and a change where the target
  is a change, see ``pg:observedValue``); Thai digits and thousands commas accepted;
- ``unit`` (optional): the indicator's target unit, by IRI, CURIE, label or symbol; the
  observation always carries the target's unit.

Each row becomes ``<…/id/observation/<indicator path>/<year>> a qb:Observation`` in one
``qb:DataSet`` (``…/id/dataset/<name>``). The first bad row stops the run with one line,
``file.csv:LINE: problem``, and nothing is written; the output file is replaced atomically.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.graph.terms import quote
from plangraph.runtime.atomic import atomic_write
from plangraph.sparql.params import known_prefixes, to_term
from plangraph.thai import BE_OFFSET, arabic_digits

PG = Namespace(paths.PG)
QB = Namespace("http://purl.org/linked-data/cube#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
#: Where ``plangraph observe`` writes by default (loaded by every command from data/).
DEFAULT_OUT = paths.DATA_DIR / "observations.ttl"
DEFAULT_DATASET = "indicator-values"
COLUMNS = ("indicator", "year", "value")
FIRST_YEAR, LAST_YEAR = 2000, 2037
BE_FROM = 2400  # a year at or above this is Buddhist Era
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Significant digits a value may have: the decimal context's precision, which
#: :func:`canonical` would otherwise round to.
MAX_DIGITS = 28


@dataclass(frozen=True)
class Observation:
    """One checked CSV row."""

    indicator: URIRef
    year: int
    value: Decimal
    unit: URIRef
    line: int

    @property
    def iri(self) -> URIRef:
        """``…/id/observation/<indicator path>/<year>``."""
        return URIRef(f"{paths.ID_BASE}observation/{_relative(self.indicator)}/{self.year}")


def read(csv_path: Path, graph: Graph) -> list[Observation]:
    """Parse and check every row of ``csv_path`` against ``graph``; raise on the first problem."""
    where = paths.display_path(csv_path)
    namespaces = known_prefixes(graph)
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip().lower() for h in next(reader, [])]
            _check_header(header, where)
            rows: list[Observation] = []
            seen: dict[tuple[URIRef, int], int] = {}
            for record in reader:
                if not any(cell.strip() for cell in record):
                    continue
                line = reader.line_num
                if len(record) != len(header):
                    raise PlangraphError.at(
                        where, f"{len(record)} fields, the header has {len(header)}", line
                    )
                row = _row(
                    dict(zip(header, record, strict=True)), graph, namespaces, f"{where}:{line}"
                )
                obs = Observation(*row, line=line)
                key = (obs.indicator, obs.year)
                if key in seen:
                    raise PlangraphError.at(
                        where,
                        f"{_relative(obs.indicator)} {obs.year} is already on line {seen[key]}",
                        line,
                    )
                seen[key] = line
                rows.append(obs)
    except UnicodeDecodeError as e:
        raise PlangraphError.at(where, f"not UTF-8 text ({e.reason})") from None
    except csv.Error as e:
        raise PlangraphError.at(where, f"bad CSV: {e}") from None
    except OSError as e:
        raise PlangraphError.at(where, e.strerror or str(e)) from None
    return rows


def _check_header(header: list[str], where: str) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in (*COLUMNS, "unit")]
    if missing or unknown or len(set(header)) != len(header):
        raise PlangraphError.at(
            where,
            f"the header must be {','.join(COLUMNS)} (and optionally unit), "
            f"not {','.join(header) or 'empty'}",
            1,
        )


def _row(
    cells: dict[str, str], graph: Graph, namespaces: dict[str, str], where: str
) -> tuple[URIRef, int, Decimal, URIRef]:
    """(indicator, CE year, value, target unit) of one row; ``where`` is ``file:line``."""
    indicator = URIRef(to_term(cells["indicator"], "IRI", namespaces, f"{where}: indicator"))
    if (indicator, RDF.type, PG.Indicator) not in graph:
        raise PlangraphError(f"{where}: unknown indicator {cells['indicator'].strip()!r}")
    if not str(indicator).startswith(paths.ID_BASE):
        raise PlangraphError(f"{where}: indicator {indicator} is not under {paths.ID_BASE}")
    unit = graph.value(graph.value(indicator, PG.hasTarget), QUDT.unit)
    if not isinstance(unit, URIRef):
        raise PlangraphError(f"{where}: indicator {_relative(indicator)} has no target unit")
    given = cells.get("unit", "").strip()
    if given and not _same_unit(given, unit, graph, namespaces):
        raise PlangraphError(
            f"{where}: unit {given!r} is not the indicator's target unit "
            f"({_unit_name(unit, graph)}, <{unit}>)"
        )
    return indicator, _year(cells["year"], where), _value(cells["value"], where), unit


def _digits(text: str, what: str, where: str) -> str:
    """``text`` stripped, Thai digits made ASCII; other scripts' digits (Arabic-Indic ٣,
    Devanagari …) are refused by name rather than read as numbers."""
    clean = arabic_digits(text.strip())
    foreign = next((c for c in clean if c.isdigit() and not c.isascii()), None)
    if foreign is not None:
        script = unicodedata.name(foreign, "unknown").split(" DIGIT")[0].title()
        raise PlangraphError(f"{where}: {what} {text.strip()!r} has {script} digits "
                             f"({foreign}); write 0-9 or Thai ๐-๙")
    return clean


def _year(text: str, where: str) -> int:
    clean = _digits(text, "year", where)
    if not clean.isascii() or not clean.isdigit():
        raise PlangraphError(f"{where}: year {text.strip()!r} is not a whole number")
    year = int(clean)
    ce = year - BE_OFFSET if year >= BE_FROM else year
    if not FIRST_YEAR <= ce <= LAST_YEAR:
        raise PlangraphError(
            f"{where}: year {year} is outside {FIRST_YEAR}–{LAST_YEAR} "
            f"(CE; BE {FIRST_YEAR + BE_OFFSET}–{LAST_YEAR + BE_OFFSET})"
        )
    return ce


def _value(text: str, where: str) -> Decimal:
    clean = _digits(text, "value", where)
    if _GROUPED.match(clean):
        clean = clean.replace(",", "")
    value = Decimal(str(to_term(clean, "decimal", {}, f"{where}: value")))
    significant = "".join(map(str, value.as_tuple().digits)).strip("0")
    if len(significant) > MAX_DIGITS:
        raise PlangraphError(f"{where}: value {text.strip()!r} has {len(significant)} significant "
                             f"digits; at most {MAX_DIGITS} are kept exactly")
    return value


def _same_unit(given: str, unit: URIRef, graph: Graph, namespaces: dict[str, str]) -> bool:
    """Whether ``given`` names ``unit``: a label, a symbol, or its IRI / CURIE."""
    names = {str(o).casefold() for p in (RDFS.label, QUDT.symbol) for o in graph.objects(unit, p)}
    if given.casefold() in names:
        return True
    try:
        return to_term(given, "IRI", namespaces, "unit") == unit
    except PlangraphError:
        return False


def _unit_name(unit: URIRef, graph: Graph) -> str:
    for label in graph.objects(unit, RDFS.label):
        if getattr(label, "language", None) == "en":
            return str(label)
    return str(unit)


PREFIXES = f"""@base <{paths.ID_BASE}> .
@prefix pg:      <{PG}> .
@prefix qb:      <{QB}> .
@prefix qudt:    <{QUDT}> .
@prefix skos:    <{SKOS}> .
@prefix dcterms: <{DCTERMS}> .
@prefix xsd:     <{XSD}> .
"""


def to_turtle(rows: list[Observation], dataset: str, source: str) -> str:
    """The dataset and one qb:Observation per row, in CSV order (Turtle text)."""
    described = quote(f"Read from {source} by plangraph observe.")
    parts = [
        PREFIXES,
        f"<dataset/{dataset}> a qb:DataSet ;\n"
        f'    skos:prefLabel "ค่าที่วัดได้ของตัวชี้วัด"@th , "Observed indicator values"@en ;\n'
        f"    dcterms:description {described}@en .\n",
    ]
    for obs in rows:
        parts.append(
            f"<{_relative(obs.iri)}> a qb:Observation ;\n"
            f"    qb:dataSet <dataset/{dataset}> ;\n"
            f"    pg:indicator <{_relative(obs.indicator)}> ;\n"
            f'    pg:refYear "{obs.year}"^^xsd:gYear ;\n'
            f'    pg:observedValue "{canonical(obs.value)}"^^xsd:decimal ;\n'
            f"    qudt:unit <{obs.unit}> .\n"
        )
    return "\n".join(parts)


def canonical(value: Decimal) -> str:
    """The canonical xsd:decimal form (``12.0`` -> ``12``, ``2E+4`` -> ``20000``), as oxigraph
    stores it, so both engines print the same literal."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def _relative(iri: URIRef) -> str:
    return str(iri).removeprefix(paths.ID_BASE)


def observe(
    csv_path: Path, graph: Graph, out: Path | None = None, dataset: str = DEFAULT_DATASET
) -> tuple[Path, int]:
    """Check ``csv_path`` against ``graph`` and write its observations to ``out`` (Turtle).

    Returns the path written and the number of observations.
    """
    if not _NAME.match(dataset):
        raise PlangraphError(
            f"dataset name {dataset!r} must be lower-case letters, digits and hyphens"
        )
    rows = read(csv_path, graph)
    target = DEFAULT_OUT if out is None else out
    if not rows:
        raise PlangraphError.at(paths.display_path(csv_path), "no observations, only a header; "
                                f"{paths.display_path(target)} is left as it was")
    atomic_write(target, to_turtle(rows, dataset, csv_path.name))
    return target, len(rows)
