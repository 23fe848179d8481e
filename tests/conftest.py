"""Shared test helpers. Infrastructure fixtures live in tests/fixtures/infra/."""

from __future__ import annotations

import socket
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset

from plangraph.cli import cli
from plangraph.load import load

INFRA = Path(__file__).parent / "fixtures" / "infra"
INFRA_SOURCES = [INFRA / "plans.ttl", INFRA / "indicators.ttl"]
EX = "http://example.org/pgtest/"


@pytest.fixture
def infra_ds() -> Dataset:
    """The infrastructure fixture files, loaded."""
    return load(INFRA_SOURCES)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to ``tmp_path/name`` (UTF-8) and return the path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def run_cli(*args: str | Path) -> Result:
    """Invoke the ``plangraph`` CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def infra_data_args() -> list[str]:
    """``--data FILE`` options for the infrastructure fixtures."""
    return [arg for p in INFRA_SOURCES for arg in ("--data", str(p))]


def closed_port() -> int:
    """A loopback TCP port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
