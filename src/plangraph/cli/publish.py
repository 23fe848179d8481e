"""Commands that publish the graph: ``export``, ``site``, ``serve`` and ``publish``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from plangraph.cli.base import BASE_OPTION, DATA_OPTION, cli, write_output
from plangraph.publish.export import FORMATS as EXPORT_FORMATS
from plangraph.serve import DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_WORKERS


@cli.command("export")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*EXPORT_FORMATS, "all"]),
    default="turtle",
    show_default=True,
    help="RDF format; 'all' writes every format, SSSOM and catalog.ttl into --out (a folder).",
)
@BASE_OPTION
@click.option("--endpoint", metavar="URL", help="With 'all': the SPARQL endpoint to name.")
@DATA_OPTION
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    help="Write to this file (atomically) instead of stdout; a folder for 'all'.",
)
def export_cmd(
    fmt: str, base: str | None, endpoint: str | None, sources: tuple[Path, ...], out: Path | None
) -> None:
    """Write the whole graph (ontology, units, data; not the shapes) as linked data."""
    from plangraph.graph.load import read_quads
    from plangraph.publish.export import export, export_all

    if fmt != "all" and endpoint:
        raise click.UsageError("--endpoint applies to --format all only")
    quads = read_quads(list(sources) or None)
    if fmt == "all":
        folder = export_all(quads, out, base=base, endpoint=endpoint)
        click.echo(f"plangraph: wrote {folder}", err=True)
        return
    write_output(export(quads, fmt, base=base).decode("utf-8"), out)


@cli.command("site")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory [default: build/site].")
@click.option("--redirect-pages", is_flag=True,
              help="Also write a small redirecting page per observation, for hosts that "
              "apply no _redirects/.htaccess rules (GitHub Pages, file://).")
@BASE_OPTION
@DATA_OPTION
def site_cmd(out_dir: Path | None, redirect_pages: bool, base: str | None,
             sources: tuple[Path, ...]) -> None:
    """Write the static linked-data site: a page (HTML, Turtle, JSON-LD) per resource."""
    from plangraph.graph.load import read_quads
    from plangraph.publish.site.writer import build_site

    folder = build_site(read_quads(list(sources) or None), out_dir, base=base,
                        redirect_pages=redirect_pages)
    click.echo(f"plangraph: wrote {folder}", err=True)


@cli.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Time limit in seconds for a whole request (check, run, results).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Queries run at the same time.",
)
@click.option("--cors", metavar="ORIGIN",
              help="Let web pages from this origin (https://app.example) query the endpoint.")
@DATA_OPTION
def serve_cmd(port: int, timeout: float, workers: int, cors: str | None,
              sources: tuple[Path, ...]) -> None:
    """Serve the graph read-only as a SPARQL 1.1 endpoint on 127.0.0.1."""
    from plangraph.graph.load import load
    from plangraph.serve import serve

    serve(load(list(sources) or None), port, timeout=timeout, workers=workers, cors=cors)


@cli.command("publish")
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL query endpoint.")
@click.option("--update", metavar="URL", help="SPARQL Update endpoint [default: --endpoint].")
@click.option(
    "--gsp",
    metavar="URL",
    help="Graph Store Protocol URL [default: --endpoint]; '{graph}' in it is replaced by "
    "the graph IRI, else ?graph= is added.",
)
@click.option("--graph", metavar="IRI", help="Target named graph [default: <data base>plangraph].")
@BASE_OPTION
@DATA_OPTION
def publish_cmd(
    endpoint: str,
    update: str | None,
    gsp: str | None,
    graph: str | None,
    base: str | None,
    sources: tuple[Path, ...],
) -> None:
    """Load the graph into a SPARQL 1.1 server, replacing the target graph atomically."""
    from plangraph.graph.load import read_quads
    from plangraph.publish.upload import make_target, publish

    target = make_target(endpoint, update=update, gsp=gsp, graph=graph, base=base)
    quads = read_quads(list(sources) or None)
    progress = (
        (lambda msg: click.echo(f"plangraph: {msg}", err=True)) if sys.stderr.isatty() else None
    )
    done = publish(quads, target, base=base, progress=progress)
    click.echo(f"plangraph: published {done.triples} triples to <{done.graph}>", err=True)
