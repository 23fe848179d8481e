"""What ingest passes between its steps: input lines with their origin, elements, targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

#: Element kinds (pg: class names) ingest writes, and the path segment of their IRIs.
SEGMENTS = {"Vision": "vision", "Mission": "mission", "OverallGoal": "goal",
            "DevelopmentGoal": "goal", "StrategicIssue": "issue", "DevelopmentIssue": "issue",
            "RegionalStrategy": "strategy", "StrategicGoal": "goal",
            "ProvincialStrategy": "strategy", "Objective": "objective",
            "Guideline": "guideline", "Indicator": "indicator"}
#: Kinds at the top of a plan (skos:topConceptOf, no parent).
TOP_KINDS = {"Vision", "DevelopmentGoal", "Mission", "OverallGoal", "StrategicIssue",
             "DevelopmentIssue", "RegionalStrategy"}
#: Kinds that are one statement, not a numbered list (no notation).
SINGLE_KINDS = {"Vision", "DevelopmentGoal", "StrategicGoal", "Guideline"}


def element_path(kind: str, number: int | None, parent: str | None) -> str:
    """The element's path under its plan (``issue/2/indicator/3``), as data/*.ttl spells it;
    with ``number`` None for a list kind, the path its numbered items go under.

    Indicators of a cluster's development goal (parent ``goal``) sit at ``indicator/N``.
    """
    segment = SEGMENTS[kind]
    under = "" if kind in TOP_KINDS or (kind == "Indicator" and parent == "goal") else f"{parent}/"
    if kind in SINGLE_KINDS or number is None:
        return f"{under}{segment}"
    return f"{under}{segment}/{number}"


@dataclass
class Line:
    """One input line after reading: its text and where it came from.

    ``number`` is the 1-based position in the input (the line of a text file); ``origin`` says
    it in the reader's terms (``line 12``, ``paragraph 5``, ``table 1!B3``, ``page 2 line 7``).
    """

    number: int
    text: str
    origin: str
    wrapped: bool = False  # from a PDF text layer: may continue the line before it


@dataclass
class Target:
    """An indicator's target in the ontology's terms (see pg:Target)."""

    value: Decimal
    value_wording: str
    unit: str  # a CURIE: unit:PERCENT, pgunit:RAI …
    direction: str  # Increase, Decrease, AtLeast, AtMost, Reach
    measure: str  # Level, Change
    annual: bool = False
    year: int | None = None  # CE
    year_wording: str | None = None
    baseline_year: int | None = None  # CE
    baseline_wording: str | None = None
    doubt: str | None = None  # what the parser guessed and a reader should check


@dataclass
class Element:
    """One plan element: kind (a pg: class name), path under the plan, Thai label, place."""

    kind: str
    path: str  # e.g. "issue/1/indicator/2"; the IRI is <SLUG/path>
    label: str
    line: Line
    section: str
    parent: str | None = None  # path of the parent element
    notation: int | None = None
    source_notation: str | None = None
    order: int | None = None
    top: bool = False
    bullet: bool = False
    english: str | None = None
    definition: str | None = None
    first_phase: str | None = None
    definition_en: str | None = None
    first_phase_en: str | None = None
    target: Target | None = None
    end_line: Line | None = None
    doubt: str | None = None  # what the recogniser guessed and a reader should check
    extra_lines: list[Line] = field(default_factory=list)


@dataclass
class Outcome:
    """What became of one input line (for the recognition report)."""

    line: Line
    status: str  # element, uncertain (an element to check), heading, continuation, skipped,
    # unrecognised
    detail: str


@dataclass
class Draft:
    """The recognised plan: its elements in order and what became of every line."""

    elements: list[Element]
    outcomes: list[Outcome]
    repairs: dict[str, int]
    title: str | None = None  # a plan title line found in the input (แผนพัฒนา…)
