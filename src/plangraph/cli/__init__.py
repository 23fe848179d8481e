"""The ``plangraph`` command line: a thin layer over the public API.

One module per family of commands; add a command with ``@cli.command()`` from
:mod:`plangraph.cli.base` in the module it belongs to (import it here so it registers).
Raise :class:`~plangraph.errors.PlangraphError` for anything the user should read as one
line.
"""

from plangraph.cli import (  # noqa: F401  (register the commands)
    align,
    brief,
    build,
    data,
    ingest,
    publish,
    query,
)
from plangraph.cli.base import cli, main

__all__ = ["cli", "main"]
