"""Ingest one plan file: read, repair, recognise, write Turtle and the report atomically."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.ingest.model import Draft, Line
from plangraph.ingest.readers import read_lines
from plangraph.ingest.recognise import recognise
from plangraph.ingest.repair import repair_lines
from plangraph.ingest.report import full_report, summary
from plangraph.ingest.turtle import LEVELS, PlanInfo, plan_turtle
from plangraph.runtime.atomic import atomic_write

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FORMATS = {".txt": "text/plain", ".text": "text/plain", ".pdf": "application/pdf",
           ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           ".csv": "text/csv"}


@dataclass
class Ingested:
    """A recognised plan: the Turtle text, the draft behind it, the report and its summary."""

    turtle: str
    draft: Draft
    report: str
    summary: str


def ingest_lines(lines: list[Line], info: PlanInfo, join_wrapped: bool | None = None,
                 out: str | None = None) -> Ingested:
    """Recognise already-read lines (repair included) and build the Turtle and report."""
    repaired, repairs = repair_lines(lines, info.source_name)
    draft = recognise(repaired, info.level, join_wrapped)
    draft.repairs = repairs
    if not draft.elements:
        raise PlangraphError(f"{info.source_name}: no plan elements recognised "
                             "(see docs/ingest.md for what is understood)", exit_code=1)
    return _finish(draft, info, out)


def _finish(draft: Draft, info: PlanInfo, out: str | None) -> Ingested:
    return Ingested(plan_turtle(info, draft.elements), draft,
                    full_report(draft, info.source_name, out),
                    summary(draft, info.source_name, out))


def ingest_file(path: Path, slug: str, level: str, *, title: str | None = None,
                steered_by: str | None = None, area: str | None = None,
                join_wrapped: bool | None = None, data_dir: Path | None = None,
                out: str | None = None, replacing: Path | None = None) -> Ingested:
    """Ingest a plan document or the spreadsheet template (by extension).

    ``replacing`` is the file the result will replace: what it defines is not counted as
    already in the data (a re-ingest mints its area again).
    """
    check_options(slug, level, steered_by)
    if not path.is_file():
        raise PlangraphError(f"{path}: no such file")
    info = plan_info(path, slug, level, title, steered_by, area, data_dir or paths.DATA_DIR,
                     replacing)
    if path.suffix.lower() in {".xlsx", ".csv"}:
        from plangraph.ingest.template import read_template

        draft = read_template(path)
        if title is None and draft.title:
            info.title = draft.title
        return _finish(draft, info, out)
    lines = read_lines(path)
    result = ingest_lines(lines, info, join_wrapped, out)
    if title is None and result.draft.title:
        info.title = result.draft.title
        result = _finish(result.draft, info, out)
    return result


def check_options(slug: str, level: str, steered_by: str | None) -> None:
    """One-line errors for a bad slug, level or steering plan."""
    if not SLUG.match(slug):
        raise PlangraphError(f"--plan {slug!r}: use lower-case letters, digits and hyphens")
    if level not in LEVELS:
        raise PlangraphError(f"--level {level!r}: use one of {', '.join(LEVELS)}")
    if steered_by is not None and not SLUG.match(steered_by):
        raise PlangraphError(f"--steered-by {steered_by!r}: not a plan slug")


def plan_info(path: Path, slug: str, level: str, title: str | None, steered_by: str | None,
              area: str | None, data_dir: Path, replacing: Path | None = None) -> PlanInfo:
    """The plan's metadata; an area already in the data is reused, not minted again."""
    known = _known_iris(data_dir, replacing)
    if steered_by and f"<plan/{steered_by}>" not in known:
        raise PlangraphError(f"--steered-by {steered_by}: no plan <plan/{steered_by}> in "
                             f"{paths.display_path(data_dir)}")
    area_slug = area or slug
    if area and f"<area/{area}>" not in known:
        raise PlangraphError(f"--area {area}: no area <area/{area}> in "
                             f"{paths.display_path(data_dir)}")
    return PlanInfo(slug=slug, level=level, title=title or _default_title(slug),
                    source_name=path.name,
                    source_format=FORMATS.get(path.suffix.lower(), "application/octet-stream"),
                    steered_by=steered_by, area=area_slug,
                    mint_area=f"<area/{area_slug}>" not in known)


def _default_title(slug: str) -> str:
    return f"ร่างแผน {slug}"


_SUBJECT = re.compile(r"^<((?:plan|area)/[^>]+)> a ", re.MULTILINE)


def _known_iris(data_dir: Path, skip: Path | None = None) -> set[str]:
    """Plans and areas the data folder already defines (subjects typed at a line's start)."""
    found: set[str] = set()
    skipped = skip.resolve() if skip else None
    for ttl in sorted(data_dir.glob("*.ttl")):
        if ttl.resolve() == skipped:
            continue
        try:
            found.update(f"<{m}>" for m in _SUBJECT.findall(ttl.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    return found


def check_draft(turtle: str, out: Path) -> None:
    """Validate the draft together with the project's data; violations stop the write."""
    from plangraph.validate.fast import validate_fast

    others = [p for p in sorted(paths.DATA_DIR.glob("*.ttl")) if p.resolve() != out.resolve()]
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / out.name
        draft.write_text(turtle, encoding="utf-8")
        report = validate_fast([*others, draft])
    if report.violations:
        first = report.violations[0]
        raise PlangraphError(
            f"{out.name}: the draft breaks the shapes ({len(report.violations)} violation(s); "
            f"first: {first.focus} {first.message}); nothing written", exit_code=1)


def write_ingested(result: Ingested, out: Path, force: bool = False) -> Path:
    """Write the Turtle to ``out`` and the report beside it; refuses to overwrite by default."""
    report = report_path(out)
    for target in (out, report):
        if target.exists() and not force:
            raise PlangraphError(f"{target}: exists; use --force to replace it")
    atomic_write(report, result.report)
    atomic_write(out, result.turtle)
    return report


def report_path(out: Path) -> Path:
    """``data/x.ttl`` -> ``data/x.report.txt``."""
    return out.with_name(out.stem + ".report.txt")
