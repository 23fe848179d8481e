"""Where the project's files live.

``PLANGRAPH_HOME`` overrides the project root (useful for tests and installed copies).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from plangraph.errors import PlangraphError

PROJECT_ROOT: Path = Path(
    os.environ.get("PLANGRAPH_HOME") or Path(__file__).resolve().parents[2]
).resolve()
ONTOLOGY_DIR: Path = PROJECT_ROOT / "ontology"
DATA_DIR: Path = PROJECT_ROOT / "data"
QUERIES_DIR: Path = PROJECT_ROOT / "queries"
BUILD_DIR: Path = PROJECT_ROOT / "build"

SHAPES_FILE_NAME = "shapes.ttl"

#: Base of instance IRIs (``…/id/lampang/issue/2``); exports may rewrite it.
ID_BASE = "https://w3id.org/plangraph/id/"
#: The ontology namespace.
PG = "https://w3id.org/plangraph/def/plangraph#"


def validation_sources(data: Sequence[Path | str] | None = None) -> list[Path]:
    """The ontology files (never the shapes) plus ``data`` (default: ``data/*.ttl``); an
    ontology file also named in ``data`` is read once."""
    if data is None:
        return default_sources()
    ontology = ontology_sources()
    known = {p.resolve() for p in ontology}
    return ontology + [Path(p) for p in data if resolved(p) not in known]


def resolved(path: Path | str) -> Path:
    """``path`` made absolute with its links followed; a link loop is a one-line error."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as e:  # Python 3.11 raises RuntimeError on a loop
        raise PlangraphError(f"{path}: cannot follow the symbolic link ({e})") from None


def shapes_path() -> Path:
    """The SHACL shapes file."""
    return ONTOLOGY_DIR / SHAPES_FILE_NAME


def default_sources() -> list[Path]:
    """The ontology (without the shapes) and the data files, sorted: what queries run over."""
    return ontology_sources() + _visible(DATA_DIR.glob("*.ttl"))


def ontology_sources() -> list[Path]:
    """The ontology's files (the vocabulary, units, controlled values), never the shapes."""
    return _visible(p for p in ONTOLOGY_DIR.glob("*.ttl") if p.name != SHAPES_FILE_NAME)


def _visible(found: Iterable[Path]) -> list[Path]:
    """``found`` without hidden files (an editor's ``.draft.ttl``), sorted."""
    return sorted(p for p in found if not p.name.startswith("."))


def display_path(path: Path | str) -> str:
    """``path`` relative to the project root when it lies inside it, else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(PROJECT_ROOT).as_posix()
    except (ValueError, RuntimeError, OSError):  # outside the project, or a link loop
        return str(path)
