"""Commands that ask the graph: ``queries``, ``query`` and ``indicators``."""

from __future__ import annotations

from pathlib import Path

import click

from plangraph.cli.base import DATA_OPTION, cli, parse_params, write_output
from plangraph.sparql.engines import (
    DEFAULT_ENGINE,
    DEFAULT_QUERY_TIMEOUT,
    ENGINES,
    execute,
    resolve_text,
)
from plangraph.sparql.library import list_queries
from plangraph.sparql.params import known_prefixes
from plangraph.sparql.results import FORMATS, render
from plangraph.sparql.table import format_table, terminal_width

WIDE_OPTION = click.option(
    "--wide", is_flag=True,
    help="Show every table cell whole (tables are cut to the terminal width, COLUMNS sets it).",
)


def table_width(wide: bool, out: Path | None = None) -> int | None:
    """The width to fit a table to: none with ``--wide`` or into a file."""
    return None if wide or out is not None else terminal_width()


@cli.command("queries")
@WIDE_OPTION
def queries_cmd(wide: bool) -> None:
    """List the library queries: name, Thai and English title, and parameters."""
    rows = []
    for info in list_queries():
        params = " ".join(f"{p.name}:{p.type}{'' if p.required else '?'}" for p in info.params)
        rows.append([info.name, info.title_th, info.title, params])
    header = ["name", "title_th", "title", "params"]
    write_output(format_table(header, rows, table_width(wide)), None)


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
@click.option(
    "--timeout",
    type=float,
    metavar="SECONDS",
    help=f"Stop the query after this long (default {DEFAULT_QUERY_TIMEOUT:g}; 0: no limit; "
    "with --endpoint: each request's limit).",
)
@click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel).")
@WIDE_OPTION
@click.option("--include-suggested", is_flag=True,
              help="Let the query follow suggested (unreviewed) links too.")
@DATA_OPTION
@click.option("--no-cache", is_flag=True,
              help="Parse the files again instead of opening the store kept on disk for "
              "them (PLANGRAPH_CACHE=off does it always).")
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
    timeout: float | None,
    bom: bool,
    wide: bool,
    include_suggested: bool,
    sources: tuple[Path, ...],
    no_cache: bool,
    out: Path | None,
) -> None:
    """Run QUERY (a library name, a .rq file or the query text itself) and print its results.

    Ctrl-C stops it at once (exit code 130).
    """
    if bom and fmt not in ("csv", "tsv"):
        raise click.UsageError("--bom applies to --format csv or tsv only")
    _query(query, params, fmt, engine, endpoint, allow_network, timeout, bom, wide, sources,
           out, include_suggested=include_suggested, use_cache=not no_cache)


def _query(query: str, params: tuple[str, ...], fmt: str, engine: str, endpoint: str | None,
           allow_network: bool, timeout: float | None, bom: bool, wide: bool,
           sources: tuple[Path, ...], out: Path | None, include_suggested: bool = False,
           use_cache: bool = True) -> None:
    """The body of ``query``."""
    from plangraph.graph.cache import cached_store
    from plangraph.graph.load import load

    graph, store, declared = None, None, {}
    if endpoint is None and engine == "oxigraph":  # pyoxigraph reads the files ~15x faster
        # the suggested links are added to the store, so it cannot be the cached read-only one
        store, declared = cached_store(list(sources) or None,
                                       use_cache=use_cache and not include_suggested)
    elif endpoint is None:
        graph = load(list(sources) or None)
    if include_suggested:
        from plangraph.align import review

        if endpoint is not None:
            raise click.UsageError("--include-suggested works on the local data only")
        _ = review.include_suggested_links(store) if store is not None else \
            review.include_suggested_rdflib(graph)
    info = resolve_text(query)
    result = execute(
        info,
        parse_params(params),
        graph=graph,
        store=store,
        namespaces=declared,
        engine=engine,
        endpoint=endpoint,
        allow_network=allow_network,
        timeout=timeout,
    )
    namespaces = known_prefixes(graph, info.text, declared) if fmt == "table" else None
    write_output(render(result, fmt, bom=bom, namespaces=namespaces,
                        width=table_width(wide, out)), out)


@cli.command("indicators")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="Output format.")
@click.option("--plan", help="Only this plan (lampang, upper-north-1, …).")
@click.option("--bom", is_flag=True, help="Start CSV/TSV with a BOM (for Excel).")
@WIDE_OPTION
def indicators_cmd(fmt: str, plan: str | None, bom: bool, wide: bool) -> None:
    """The indicator register: every indicator with its target (queries/indicators.rq)."""
    from plangraph.graph.cache import cached_store

    store = cached_store()[0] if DEFAULT_ENGINE == "oxigraph" else None
    result = execute("indicators", {"plan": plan} if plan else {}, store=store)
    write_output(render(result, fmt, bom=bom, width=table_width(wide)), None)
