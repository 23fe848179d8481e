"""The ``plangraph`` command line: a thin layer over the public API.

Add a command by writing one function decorated with ``@cli.command()``; raise
:class:`PlangraphError` for anything the user should read as one line (exit code from
the error), click's usage errors keep exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from plangraph import __version__, paths
from plangraph.errors import PlangraphError
from plangraph.ingest.observations import DEFAULT_DATASET
from plangraph.publish.export import FORMATS as EXPORT_FORMATS
from plangraph.runtime.atomic import atomic_write
from plangraph.serve import DEFAULT_PORT, DEFAULT_TIMEOUT, DEFAULT_WORKERS
from plangraph.sparql.engines import DEFAULT_ENGINE, ENGINES, execute
from plangraph.sparql.library import list_queries, resolve
from plangraph.sparql.params import known_prefixes
from plangraph.sparql.results import FORMATS, format_table, render


class PlangraphGroup(click.Group):
    """A click group that prints :class:`PlangraphError` as ``plangraph: msg`` and exits."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlangraphError as e:
            click.echo(f"plangraph: {e.message}", err=True)
            ctx.exit(e.exit_code)


@click.group(cls=PlangraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plangraph")
def cli() -> None:
    """Thailand's development-plan cascade as RDF: load, validate, query."""


def write_output(text: str, out: Path | None) -> None:
    """Data to ``out`` (atomically) or stdout, always UTF-8."""
    if out is not None:
        atomic_write(out, text)
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (some notebook/test harnesses)
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``k=v`` pairs from ``--param`` (the value may contain ``=``)."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        params[key.strip()] = value
    return params


def _expand_sources(_ctx: click.Context, _param: click.Parameter,
                    value: tuple[Path, ...]) -> tuple[Path, ...]:
    """``--data`` values with each directory replaced by the RDF files in it, and the
    ontology added (the library queries need its controlled values and unit labels)."""
    from plangraph.graph.load import expand_sources

    return tuple(paths.validation_sources(expand_sources(value))) if value else ()


DATA_OPTION = click.option(
    "--data",
    "sources",
    multiple=True,
    type=click.Path(path_type=Path),
    callback=_expand_sources,
    help="Load these RDF files (or every RDF file in a folder) instead of the project's data; "
    "the ontology is always added (repeatable).",
)


@cli.command("queries")
def queries_cmd() -> None:
    """List the library queries: name, title and parameters."""
    rows = []
    for info in list_queries():
        params = " ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in info.params)
        rows.append([info.name, info.title, params])
    write_output(format_table(["name", "title", "params"], rows), None)


@cli.command("query")
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter (repeatable).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES[:2]),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="Embedded query engine (PLANGRAPH_ENGINE sets the default).",
)
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint instead.")
@click.option("--allow-network", is_flag=True, help="Permit SERVICE and remote FROM.")
@click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel).")
@DATA_OPTION
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)
def query_cmd(
    query: str,
    params: tuple[str, ...],
    fmt: str,
    engine: str,
    endpoint: str | None,
    allow_network: bool,
    bom: bool,
    sources: tuple[Path, ...],
    out: Path | None,
) -> None:
    """Run QUERY (a library name or a .rq file) and print its results."""
    if bom and fmt not in ("csv", "tsv"):
        raise click.UsageError("--bom applies to --format csv or tsv only")
    from plangraph.graph.load import load, load_store, read_quads

    graph, store, declared = None, None, {}
    if endpoint is None and engine == "oxigraph":  # pyoxigraph reads the files ~15x faster
        quads = read_quads(list(sources) or None)
        store, declared = load_store(quads), quads.prefixes
    elif endpoint is None:
        graph = load(list(sources) or None)
    info = resolve(query)
    result = execute(
        info,
        parse_params(params),
        graph=graph,
        store=store,
        namespaces=declared,
        engine=engine,
        endpoint=endpoint,
        allow_network=allow_network,
    )
    namespaces = known_prefixes(graph, info.text, declared) if fmt == "table" else None
    write_output(render(result, fmt, bom=bom, namespaces=namespaces), out)


BASE_OPTION = click.option(
    "--base", metavar="IRI", help="Move instance IRIs and dataset names to this base."
)


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
    help="Query time limit in seconds.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=DEFAULT_WORKERS,
    show_default=True,
    help="Queries run at the same time.",
)
@DATA_OPTION
def serve_cmd(port: int, timeout: float, workers: int, sources: tuple[Path, ...]) -> None:
    """Serve the graph read-only as a SPARQL 1.1 endpoint on 127.0.0.1."""
    from plangraph.graph.load import load
    from plangraph.serve import serve

    serve(load(list(sources) or None), port, timeout=timeout, workers=workers)


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


@cli.command("map")
@click.option("--trace", metavar="INDICATOR",
              help="Write only this indicator's trace page (IRI or slug such as "
              "lampang/issue/2/indicator/3).")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory [default: build/maps].")
@DATA_OPTION
def map_cmd(trace: str | None, out_dir: Path | None, sources: tuple[Path, ...]) -> None:
    """Write the offline HTML maps (alignment map, coverage, traces); print their paths."""
    from plangraph.graph.load import load_store
    from plangraph.maps import build_maps, build_trace

    store = load_store(list(sources) or None)
    written = [build_trace(trace, store, out_dir)] if trace else build_maps(store, out_dir)
    click.echo("\n".join(str(p) for p in written))


@cli.command("site")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory [default: build/site].")
@BASE_OPTION
@DATA_OPTION
def site_cmd(out_dir: Path | None, base: str | None, sources: tuple[Path, ...]) -> None:
    """Write the static linked-data site: a page (HTML, Turtle, JSON-LD) per resource."""
    from plangraph.graph.load import read_quads
    from plangraph.publish.site.writer import build_site

    folder = build_site(read_quads(list(sources) or None), out_dir, base=base)
    click.echo(f"plangraph: wrote {folder}", err=True)


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


@cli.command("build")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="Build directory (default: build/).")
@click.option("--no-maps", is_flag=True, help="Skip the HTML maps.")
@click.option("--no-export", is_flag=True, help="Skip the linked-data exports.")
@click.option("--no-site", is_flag=True, help="Skip the static linked-data site.")
@click.option("--pyshacl", "reference", is_flag=True,
              help="Validate with pySHACL (the reference) instead of the fast validator.")
@DATA_OPTION
def build_cmd(out: Path | None, no_maps: bool, no_export: bool, no_site: bool,
              reference: bool, sources: tuple[Path, ...]) -> None:
    """The main job: load, validate, query, and write maps and exports into build/.

    With --data, those files (the ontology is added) instead of the project's data.
    Exits 1 when validation fails (build/ is still written, with the report).
    """
    from plangraph.build import build

    def progress(step: str, seconds: float) -> None:
        click.echo(f"plangraph: {step} {seconds:.1f} s", err=True)

    summary = build(out, sources=list(sources) or None,
                    maps=not no_maps, export=not no_export, site=not no_site,
                    reference_validator=reference,
                    progress=progress if sys.stderr.isatty() else None)
    click.echo(summary.render(), nl=False, err=True)
    if not summary.report.conforms:
        click.echo(summary.report.render(), nl=False, err=True)
        sys.exit(1)


@cli.command("indicators")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@click.option("--plan", help="Only this plan (lampang, upper-north-1, …).")
@click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel).")
def indicators_cmd(fmt: str, plan: str | None, bom: bool) -> None:
    """The indicator register: every indicator with its target (queries/indicators.rq)."""
    result = execute("indicators", {"plan": plan} if plan else {})
    write_output(render(result, fmt, bom=bom), None)


@cli.command("observe")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Turtle file to write (replaced atomically) [default: data/observations.ttl].")
@click.option("--dataset", default=DEFAULT_DATASET, show_default=True,
              help="Dataset name (…/id/dataset/NAME).")
@DATA_OPTION
def observe_cmd(csv_file: Path, out: Path | None, dataset: str,
                sources: tuple[Path, ...]) -> None:
    """Turn observed indicator values (CSV: indicator,year,value[,unit]) into Data Cube Turtle.

    Every row is checked against the graph first; the first bad row is reported as
    FILE:LINE: problem (exit 2) and nothing is written.
    """
    from plangraph.graph.load import load, merged
    from plangraph.ingest.observations import observe

    written, n = observe(csv_file, merged(load(list(sources) or None)), out, dataset)
    click.echo(f"plangraph: wrote {n} observation(s) to {written}", err=True)


@cli.command("synth")
@click.option("--provinces", type=click.IntRange(min=1), default=1, show_default=True,
              help="Provincial plans (1 ≈ the seed, 20 ≈ 10×, 220 ≈ 100×; 76 = all of Thailand).")
@click.option("--years", type=click.IntRange(0, 21), default=0, show_default=True,
              help="Years of observed indicator values, from 2017.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--cycles", is_flag=True, help="Add a few alignment cycles (fails validation).")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the Turtle files.")
def synth_cmd(provinces: int, years: int, seed: int, cycles: bool, out: Path) -> None:
    """Generate a synthetic plan cascade (same arguments, same bytes), one file per level."""
    from plangraph.synth import Spec, write

    manifest, files = write(Spec(provinces, years, seed, cycles), out)
    counts = ", ".join(f"{k} {v}" for k, v in manifest.counts.items())
    click.echo(f"wrote {len(files)} files to {out} ({counts}; deliberate gaps "
               f"{len(manifest.gaps)}, cycles {len(manifest.cycles)})", err=True)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="plangraph")
    except BrokenPipeError:  # e.g. `plangraph query x | head`
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
