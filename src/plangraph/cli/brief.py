"""``plangraph brief``: a province's alignment brief as print-ready HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph.cli.base import DATA_OPTION, cli, write_output


@cli.command("brief")
@click.argument("plan")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE.pdf (PDF, with WeasyPrint) or FILE.html; default: HTML "
              "on stdout.")
@DATA_OPTION
def brief_cmd(plan: str, out: Path | None, sources: tuple[Path, ...]) -> None:
    """The alignment brief of a provincial PLAN (e.g. lampang): per issue and indicator
    the National Strategy strategies it serves and through what, target and progress,
    the gaps, the coverage chart and the paths picture."""
    from plangraph.brief import brief_html, write_brief
    from plangraph.graph.load import load_store
    from plangraph.maps import load_graph

    g, data = load_graph(load_store(list(sources) or None))
    if out is None:
        write_output(brief_html(g, data, plan), None)
        return
    click.echo(str(write_brief(g, data, plan, out)))
