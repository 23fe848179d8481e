"""Where the project's files live.

``PLANGRAPH_HOME`` overrides the project root (useful for tests and installed copies).
"""

from __future__ import annotations

import os
from pathlib import Path

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


def shapes_path() -> Path:
    """The SHACL shapes file."""
    return ONTOLOGY_DIR / SHAPES_FILE_NAME


def default_sources() -> list[Path]:
    """The ontology (without the shapes) and the data files, sorted: what queries run over."""
    ontology = [p for p in ONTOLOGY_DIR.glob("*.ttl") if p.name != SHAPES_FILE_NAME]
    return sorted(ontology) + sorted(DATA_DIR.glob("*.ttl"))


def display_path(path: Path | str) -> str:
    """``path`` relative to the project root when it lies inside it, else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
