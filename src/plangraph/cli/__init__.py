"""The ``plangraph`` command line: a thin layer over the public API.

One module per family of commands; add a command with ``@cli.command()`` from
:mod:`plangraph.cli.base` in the module it belongs to, and name it with its module in
:data:`plangraph.cli.base.COMMANDS` (a command's module is imported when it is needed).
Raise :class:`~plangraph.errors.PlangraphError` for anything the user should read as one
line.
"""

from plangraph.cli.base import cli, main

__all__ = ["cli", "main"]
