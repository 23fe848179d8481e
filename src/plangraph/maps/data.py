"""Read what the maps show out of the RDF graph, via the ``queries/map-*.rq`` library queries.

The result is plain records (no rdflib terms beyond this module), so the graph building,
layout and rendering code never needs SPARQL or RDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.term import Identifier

from plangraph import sparql
from plangraph.graph.terms import to_oxigraph
from plangraph.paths import ID_BASE, PG
from plangraph.sparql.session import QuerySession

INDICATOR_CLASS = PG + "Indicator"
NATIONAL_STRATEGY_CLASS = PG + "NationalStrategy"
SUB_STRATEGY_CLASS = PG + "SubStrategy"
ISSUE_CLASSES = (PG + "StrategicIssue", PG + "DevelopmentIssue")
INDICATOR_LEVEL = 6  # indicators sit one level below the lowest plan level (5)


@dataclass(frozen=True)
class Plan:
    """One plan and its level in the cascade."""

    iri: str
    rank: int
    label_th: str
    label_en: str
    level_th: str
    level_en: str
    identifier: str = ""


@dataclass(frozen=True)
class Target:
    """An indicator's target as printed and as numbers."""

    value: Decimal | None = None
    value_wording: str = ""
    unit_th: str = ""
    unit_en: str = ""
    unit_symbol: str = ""
    year: str = ""
    year_wording: str = ""
    cadence_th: str = ""
    cadence_en: str = ""


@dataclass(frozen=True)
class Progress:
    """An indicator's first and latest observed values and its status against the target
    (``queries/progress.rq``)."""

    first_year: str = ""
    first_value: Decimal | None = None
    last_year: str = ""
    last_value: Decimal | None = None
    status: str = ""
    status_th: str = ""
    status_en: str = ""


@dataclass(frozen=True)
class Element:
    """One plan element (a node of the maps)."""

    iri: str
    cls: str
    class_th: str
    class_en: str
    plan: str
    rank: int
    notation: str
    order: int | None
    label_th: str
    label_en: str
    section: str
    parent: str | None
    target: Target | None = None
    #: Observed values, when the data holds some for this indicator.
    progress: Progress | None = None
    #: On an overview, a whole plan folded into one node: how many elements it holds ...
    members: int = 0
    #: ... and the map page that shows them.
    page: str = ""
    #: The parent's notation (``2`` for indicator 3 of issue 2): labels say ``2.3``.
    parent_notation: str = ""

    @property
    def is_indicator(self) -> bool:
        """Indicators get their own level (6) below the provincial plan."""
        return self.cls == INDICATOR_CLASS

    @property
    def is_national_strategy(self) -> bool:
        """One of the National Strategy's six strategies (the top of every path)."""
        return self.cls == NATIONAL_STRATEGY_CLASS

    @property
    def is_sub_strategy(self) -> bool:
        """A sub-strategy (ประเด็นย่อย) of a National Strategy strategy."""
        return self.cls == SUB_STRATEGY_CLASS

    @property
    def is_issue(self) -> bool:
        """A provincial strategic issue or a cluster development issue."""
        return self.cls in ISSUE_CLASSES

    @property
    def gathers_indicators(self) -> bool:
        """Paths down end here: an indicator, or a folded plan (which holds indicators)."""
        return self.is_indicator or self.members > 0

    @property
    def level(self) -> int:
        """Layout level: the plan's rank (1..5), or 6 for indicators."""
        return INDICATOR_LEVEL if self.is_indicator else self.rank


@dataclass(frozen=True)
class Alignment:
    """One alignment claim from a lower element to a higher one."""

    iri: str
    source: str
    target: str
    basis: str
    basis_th: str
    basis_en: str
    confidence: Decimal | None
    relation: str
    justification_th: str
    justification_en: str


@dataclass
class MapData:
    """Everything the maps need, read once from the graph."""

    plans: dict[str, Plan] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)
    alignments: list[Alignment] = field(default_factory=list)


def slug(iri: str) -> str:
    """The IRI without the plangraph id base (``lampang/issue/2/indicator/3``)."""
    return iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


def _text(term: Identifier | None) -> str:
    """A term's lexical form ('' for unbound)."""
    return "" if term is None else str(term)


def _int(term: Identifier | None) -> int | None:
    """An integer literal as int (None when unbound or not a number)."""
    if isinstance(term, Literal):
        value: Any = term.toPython()
        if isinstance(value, int):
            return value
    return None


def _decimal(term: Identifier | None) -> Decimal | None:
    """A numeric literal as Decimal (None when unbound or not a number)."""
    if term is None:
        return None
    try:
        return Decimal(str(term))
    except ArithmeticError:
        return None


Row = dict[str, Identifier | None]
RecordT = TypeVar("RecordT")

# Field annotation (a string: annotations are postponed) -> converter from a result term.
_CONVERTERS: dict[str, Callable[[Identifier | None], Any]] = {
    "str": _text,
    "str | None": lambda term: _text(term) or None,
    "int": lambda term: _int(term) or 0,
    "int | None": _int,
    "Decimal | None": _decimal,
}


def _camel(name: str) -> str:
    """``label_th`` -> ``labelTh`` (the query's variable for a record field)."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def from_row(record: type[RecordT], row: Row, /, **given: Any) -> RecordT:
    """A ``record`` whose fields come from the row's camelCase variables, unless ``given``."""
    values = {
        f.name: _CONVERTERS[str(f.type)](row.get(_camel(f.name)))
        for f in fields(record)  # type: ignore[arg-type]
        if f.name not in given
    }
    return record(**values, **given)


#: Where the map queries run: an rdflib graph, or a pyoxigraph store (the fast path).
Source = Graph | ox.Store


def query_runner(source: Source) -> Callable[[str], sparql.Result]:
    """Run library queries by name over ``source``, converting a graph to a store at most
    once (when the default engine is oxigraph)."""
    if isinstance(source, ox.Store):
        return lambda name: sparql.execute(name, store=source, engine="oxigraph")
    store = to_oxigraph(source) if sparql.DEFAULT_ENGINE == "oxigraph" else None
    return lambda name: sparql.execute(name, graph=source, store=store)


def _first_rows(run: Callable[[str], sparql.Result], name: str, key: str) -> dict[str, Row]:
    """Rows of ``queries/<name>.rq``, the first one per value of ``key``."""
    rows: dict[str, Row] = {}
    for row in run(name).rows:
        rows.setdefault(_text(row[key]), row)
    return rows


def read_plans(run: Callable[[str], sparql.Result]) -> dict[str, Plan]:
    """Plans by IRI (``map-plans``)."""
    rows = _first_rows(run, "map-plans", "plan")
    return {iri: from_row(Plan, row, iri=iri) for iri, row in rows.items()}


def read_targets(run: Callable[[str], sparql.Result]) -> dict[str, Target]:
    """Indicator targets by indicator IRI (``map-targets``)."""
    rows = _first_rows(run, "map-targets", "indicator")
    return {iri: from_row(Target, row) for iri, row in rows.items()}


def read_progress(run: Callable[[str], sparql.Result]) -> dict[str, Progress]:
    """Observed progress by indicator IRI (``progress``), for indicators that have data."""
    rows = _first_rows(run, "progress", "indicator")
    return {iri: _progress(row) for iri, row in rows.items() if row.get("last_year") is not None}


def _progress(row: Row) -> Progress:
    """A ``progress`` row (snake_case variables) as a record."""
    return Progress(**{f.name: _CONVERTERS[str(f.type)](row.get(f.name))
                       for f in fields(Progress)})


def read_elements(run: Callable[[str], sparql.Result]) -> dict[str, Element]:
    """Plan elements by IRI (``map-elements``), with their targets and progress."""
    targets = read_targets(run)
    progress = read_progress(run)
    rows = _first_rows(run, "map-elements", "element")
    notations = {iri: _text(row.get("notation")) for iri, row in rows.items()}
    return {
        iri: from_row(Element, row, iri=iri, cls=_text(row["class"]), target=targets.get(iri),
                      progress=progress.get(iri),
                      parent_notation=notations.get(_text(row.get("parent")), ""))
        for iri, row in rows.items()
    }


def read_alignments(run: Callable[[str], sparql.Result]) -> list[Alignment]:
    """Alignment claims (``map-alignments``), one per claim node."""
    rows = _first_rows(run, "map-alignments", "alignment")
    return [
        from_row(
            Alignment, row, iri=iri, source=_text(row["from"]), target=_text(row["to"]),
            basis=_text(row.get("basisNotation")) or slug_of_basis(_text(row.get("basis"))),
        )
        for iri, row in rows.items()
    ]


def slug_of_basis(iri: str) -> str:
    """``stated``/``curated`` from ``pg:Stated``/``pg:Curated`` when no notation is given."""
    return iri.rsplit("#", 1)[-1].lower() if iri else ""


def read_map_data(source: Source) -> MapData:
    """Plans, elements (with targets) and alignment claims from ``source`` (a store's five
    queries answered by one worker process: a query session)."""
    if isinstance(source, ox.Store):
        with QuerySession(source) as session:
            return _map_data(lambda name: sparql.execute(name, session=session))
    return _map_data(query_runner(source))


def _map_data(run: Callable[[str], sparql.Result]) -> MapData:
    return MapData(plans=read_plans(run), elements=read_elements(run),
                   alignments=read_alignments(run))
