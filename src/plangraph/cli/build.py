"""The main job and its parts: ``build``, ``validate`` and ``map``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from plangraph.cli.base import DATA_OPTION, cli


@cli.command("build")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Build directory (default: build/).")
@click.option("--no-maps", is_flag=True, help="Skip the HTML maps.")
@click.option("--no-export", is_flag=True, help="Skip the linked-data exports.")
@click.option("--no-site", is_flag=True, help="Skip the static linked-data site.")
@click.option("--plain-csv", is_flag=True,
              help="Write the CSV files without the UTF-8 BOM that Excel needs to show Thai.")
@click.option("--pyshacl", "reference", is_flag=True,
              help="Validate with pySHACL (the reference) instead of the fast validator.")
@DATA_OPTION
def build_cmd(out: Path | None, no_maps: bool, no_export: bool, no_site: bool,
              plain_csv: bool, reference: bool, sources: tuple[Path, ...]) -> None:
    """The main job: load, validate, query, and write maps and exports into build/.

    With --data, those files (the ontology is added) instead of the project's data.
    Exits 1 when validation fails (build/ is still written, with the report).
    """
    from plangraph.build import build

    def progress(step: str, seconds: float) -> None:
        click.echo(f"plangraph: {step} {seconds:.1f} s", err=True)

    summary = build(out, sources=list(sources) or None,
                    maps=not no_maps, export=not no_export, site=not no_site,
                    reference_validator=reference, bom=not plain_csv,
                    progress=progress if sys.stderr.isatty() else None)
    click.echo(summary.render(), nl=False, err=True)
    if not summary.report.conforms:
        click.echo(summary.report.render(), nl=False, err=True)
        sys.exit(1)


@cli.command("validate")
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fast", is_flag=True,
              help="Check the shapes on pyoxigraph (same findings as pySHACL, far faster).")
def validate_cmd(data: tuple[Path, ...], fast: bool) -> None:
    """Validate the plan graph (or the given data files, with the ontology) against the shapes.

    Exit 0 when it conforms, 1 on violations, 2 when a file cannot be loaded.
    """
    if fast:
        from plangraph.validate.fast import validate_fast as validate
    else:
        from plangraph.validate import validate

    report = validate(list(data) or None)
    click.echo(report.render(), nl=False)
    if not report.conforms:
        sys.exit(1)


@cli.command("map")
@click.option("--trace", metavar="INDICATOR",
              help="Write only this indicator's trace page (IRI or slug such as "
              "lampang/issue/2/indicator/3).")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory [default: build/maps].")
@click.option("--include-suggested", is_flag=True,
              help="Also draw suggested (unreviewed) links, in their own colour.")
@DATA_OPTION
def map_cmd(trace: str | None, out_dir: Path | None, include_suggested: bool,
            sources: tuple[Path, ...]) -> None:
    """Write the offline HTML maps (alignment map, coverage, traces); print their paths."""
    from plangraph.align.review import include_suggested_links
    from plangraph.graph.load import load_store
    from plangraph.maps import build_maps, build_trace

    store = load_store(list(sources) or None)
    if include_suggested:  # map-alignments draws a claim only when its link is asserted
        include_suggested_links(store)
    written = [build_trace(trace, store, out_dir)] if trace else build_maps(store, out_dir)
    if not trace:  # the read-only review page of the drafts, when there are any
        from plangraph.align.output import read_drafts
        from plangraph.align.page import write as write_review_page
        from plangraph.align.texts import read_cascade
        from plangraph.maps.render import default_out_dir

        cascade = read_cascade(store)
        if drafts := read_drafts(store, cascade):
            written.append(write_review_page(cascade, drafts, out_dir or default_out_dir()))
    click.echo("\n".join(str(p) for p in written))
