"""The recognition report: every input line accounted for, not-understood lines first."""

from __future__ import annotations

from collections import Counter, defaultdict

from plangraph.ingest.model import Draft, Line, Outcome

#: The status a line is filed under when it has several outcomes (most telling first).
_RANK = ["unrecognised", "uncertain", "element", "continuation", "heading", "skipped"]
_FIRST = {"unrecognised", "uncertain"}


def line_status(outcomes: list[Outcome]) -> str:
    """The one status a line is counted under."""
    return min((o.status for o in outcomes), key=_RANK.index)


def by_line(draft: Draft) -> dict[int, list[Outcome]]:
    """Outcomes grouped by input line number, in input order."""
    grouped: dict[int, list[Outcome]] = defaultdict(list)
    for outcome in draft.outcomes:
        grouped[outcome.line.number].append(outcome)
    return dict(sorted(grouped.items()))


def summary(draft: Draft, source: str, out: str | None = None) -> str:
    """One screen: counts per kind and per line status, repairs, the first unclear lines."""
    kinds = Counter(e.kind for e in draft.elements)
    grouped = by_line(draft)
    statuses = Counter(line_status(v) for v in grouped.values())
    lines = [
        f"{source}: {len(draft.elements)} elements"
        + (f" -> {out}" if out else ""),
        "  kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        f"  lines: {len(grouped)} ("
        + ", ".join(f"{s} {statuses[s]}" for s in _RANK if statuses[s]) + ")",
    ]
    if draft.repairs:
        lines.append("  repaired: " + ", ".join(f"{k} {n}" for k, n in draft.repairs.items()))
    unclear = [(n, v) for n, v in grouped.items() if line_status(v) in _FIRST]
    for _, outcomes in unclear[:10]:
        label = "NOT UNDERSTOOD" if line_status(outcomes) == "unrecognised" else "CHECK"
        lines.append(f"  {label} {_where(outcomes[0].line)}: {_detail(outcomes)}")
    if len(unclear) > 10:
        lines.append(f"  … and {len(unclear) - 10} more not understood (see the report)")
    return "\n".join(lines) + "\n"


def full_report(draft: Draft, source: str, out: str | None = None) -> str:
    """The report file: the summary, then the lines not understood, then every line."""
    grouped = by_line(draft)
    parts = ["# Recognition report", "", summary(draft, source, out)]
    unclear = [v for v in grouped.values() if line_status(v) in _FIRST]
    parts += ["## Not understood (check these first)", ""]
    parts += [_row(v) for v in unclear] or ["(none)"]
    parts += ["", "## Every input line", ""]
    parts += [_row(v) for v in grouped.values()]
    return "\n".join(parts) + "\n"


def _where(line: Line) -> str:
    return line.origin


def _detail(outcomes: list[Outcome]) -> str:
    return "; ".join(o.detail for o in outcomes)


def _row(outcomes: list[Outcome]) -> str:
    line = outcomes[0].line
    text = line.text.strip()
    shown = (text[:70] + "…") if len(text) > 70 else text
    return f"{_where(line)} [{line_status(outcomes)}] {_detail(outcomes)}" + (
        f" | {shown}" if shown else "")
