"""Commands that bring plans in: ``ingest``, ``template``, ``export-plan``."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph import paths
from plangraph.cli.base import DATA_OPTION, cli
from plangraph.errors import PlangraphError


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--plan", "slug", required=True,
              help="Slug of the new plan (lampang, upper-north-2…).")
@click.option("--level", type=click.Choice(["province", "cluster", "region"]), required=True)
@click.option("--title",
              help="Thai title (default: a แผนพัฒนา… heading in the file, or a draft name).")
@click.option("--steered-by", help="Slug of the plan that frames this one (e.g. upper-north-1).")
@click.option("--area", help="Slug of an existing area in the data (default: mint area/SLUG).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Turtle to write (default data/SLUG.ttl).")
@click.option("--force", is_flag=True, help="Replace an existing output and report.")
@click.option("--join-wrapped/--no-join-wrapped", default=None,
              help="Join unnumbered lines to the item above (default: on for PDF only).")
@click.option("--check/--no-check", default=True,
              help="Validate the draft with the project's data before writing (default on).")
def ingest(file: Path, slug: str, level: str, title: str | None, steered_by: str | None,
           area: str | None, out: Path | None, force: bool, join_wrapped: bool | None,
           check: bool) -> None:
    """Bring a plan in from .txt, .docx, .pdf or the spreadsheet template (.xlsx/.csv).

    Writes a draft plan Turtle file and a recognition report beside it that accounts for
    every input line; prints a one-screen summary to stderr.
    """
    from plangraph.ingest.document import check_draft, ingest_file, report_path, write_ingested

    out = out or paths.DATA_DIR / f"{slug}.ttl"
    result = ingest_file(file, slug, level, title=title, steered_by=steered_by, area=area,
                         join_wrapped=join_wrapped, out=paths.display_path(out),
                         replacing=out)
    if out.exists() and not force:
        raise PlangraphError(f"{out}: exists; use --force to replace it")
    if check:
        check_draft(result.turtle, out)
    write_ingested(result, out, force=force)
    click.echo(result.summary.rstrip("\n"), err=True)
    click.echo(f"  report: {paths.display_path(report_path(out))}", err=True)


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Workbook to write (.xlsx).")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def template(out: Path, force: bool) -> None:
    """Write the spreadsheet template planners fill in (then ``plangraph ingest`` it)."""
    from plangraph.ingest.template import write_template

    if out.exists() and not force:
        raise PlangraphError(f"{out}: exists; use --force to replace it")
    write_template(out, [])
    click.echo(f"template: wrote {out}", err=True)


@cli.command("export-plan")
@click.argument("slug")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Workbook (.xlsx) or CSV (.csv) to write.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@DATA_OPTION
def export_plan(slug: str, out: Path, force: bool, sources: tuple[Path, ...]) -> None:
    """Write an existing plan into the spreadsheet template, to edit and ingest again."""
    from plangraph.ingest.export import export_plan
    from plangraph.ingest.template import write_csv, write_template

    if out.exists() and not force:
        raise PlangraphError(f"{out}: exists; use --force to replace it")
    title, rows = export_plan(slug, list(sources) or None)
    if out.suffix.lower() == ".csv":
        write_csv(out, rows)
    else:
        write_template(out, rows, title)
    click.echo(f"export-plan: wrote {len(rows)} elements of {slug} to {out}", err=True)
