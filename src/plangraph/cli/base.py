"""What every command shares: the ``plangraph`` group, its error handling, output and the
``--data``/``--base`` options.

A :class:`PlangraphError` raised by a command is printed as ``plangraph: msg`` with the
error's exit code; click's usage errors keep exit code 2.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from plangraph import __version__, paths
from plangraph.errors import PlangraphError
from plangraph.runtime.atomic import atomic_write

#: Each command and the module that defines it: a command's module is imported when the
#: command runs (or ``--help`` lists them all), so ``plangraph query`` does not load what
#: ``suggest`` or ``publish`` need (~50 ms of a one-off command).
COMMANDS = {
    "queries": "query", "query": "query", "indicators": "query",
    "build": "build", "validate": "build", "map": "build",
    "suggest": "align", "review": "align", "brief": "brief",
    "observe": "data", "synth": "data",
    "ingest": "ingest", "template": "ingest", "export-plan": "ingest",
    "export": "publish", "site": "publish", "serve": "publish", "publish": "publish",
}


class PlangraphGroup(click.Group):
    """A click group that prints :class:`PlangraphError` as ``plangraph: msg`` and exits with
    its code, and Ctrl-C in any command as ``plangraph: interrupted`` with exit code 130
    (click's own "Aborted!" would exit 1, the code for violations). Its commands are
    registered by their modules (:data:`COMMANDS`), each imported when first needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"plangraph.cli.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlangraphError as e:
            click.echo(f"plangraph: {e.message}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("plangraph: interrupted", err=True)
            ctx.exit(130)


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

BASE_OPTION = click.option(
    "--base", metavar="IRI", help="Move instance IRIs and dataset names to this base."
)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="plangraph")
    except BrokenPipeError:  # e.g. `plangraph query x | head`
        sys.stderr.close()
        sys.exit(1)
