"""The query library: ``queries/*.rq`` files and their comment headers.


Query text lives only in ``queries/*.rq``. Each file opens with a comment header::

    # title: Indicator register
    # title (th): ทะเบียนตัวชี้วัด
    # question: (th) ...
    # question: (en) ...
    # param: indicator  IRI  (optional)  the indicator to trace; default: all
    # param: year  integer  (optional)  default=2566  plan year (BE)
    # param: keyword  string  (required)  text to look for
    # tags: register, indicators

A parameter is a variable of the query (``?indicator``) that gets pre-bound to a value;
values are never pasted into query text (except as a parse-checked ``VALUES`` block for
remote endpoints, see :func:`run_endpoint`). ``default=VALUE`` (or ``default="two words"``)
sets the value used when none is given; an optional parameter without a default stays
unbound. Any other text after the ``(required)``/``(optional)`` marker is the description.
"""


from __future__ import annotations

import functools
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plangraph import paths
from plangraph.errors import PlangraphError

PARAM_TYPES = ("IRI", "string", "integer", "decimal", "langstring")
_HEADER_LINE = re.compile(r"^#\s*([A-Za-z_-]+(?:\s*\(th\))?)\s*:\s*(.*?)\s*$")
VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Param:
    """One declared parameter of a library query."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """A library query: its header fields and its text."""

    name: str
    path: Path | None
    title: str
    questions: tuple[str, ...]
    params: tuple[Param, ...]
    text: str
    tags: tuple[str, ...] = ()
    #: the Thai title (``# title (th):``), empty when the file has none
    title_th: str = ""

    @functools.cached_property
    def source(self) -> str:
        """How error messages name this query (``queries/x.rq``); made once (it resolves the
        path on disk, and a query's run asks for it some ten times)."""
        return paths.display_path(self.path) if self.path else f"<{self.name}>"

    def param(self, name: str) -> Param | None:
        """The declared parameter ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, source: str = "<query>") -> dict[str, Any]:
    """Parse the leading ``# key: value`` comment block of a query file."""
    header: dict[str, Any] = {"title": "", "title_th": "", "questions": [], "params": [],
                              "tags": []}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER_LINE.match(stripped)
        if not m:
            continue
        key, value = " ".join(m.group(1).lower().replace("(", " (").split()), m.group(2)
        if key == "title":
            header["title"] = value
        elif key == "title (th)":
            header["title_th"] = value
        elif key == "question":
            header["questions"].append(value)
        elif key == "param":
            header["params"].append(_parse_param(value, source, number))
        elif key == "tags":
            header["tags"].extend(t.strip() for t in value.split(",") if t.strip())
    return header


def _parse_param(spec: str, source: str, line: int) -> Param:
    """``name TYPE (required|optional) [default=VALUE] description``."""
    parts = spec.split(None, 2)
    if len(parts) < 2:
        raise PlangraphError.at(source, f"param line needs 'name TYPE ...': {spec!r}", line)
    name, type_ = parts[0].lstrip("?$"), parts[1]
    rest = parts[2] if len(parts) > 2 else ""
    if not VAR_NAME.match(name):
        raise PlangraphError.at(source, f"param name {name!r} is not a SPARQL variable name", line)
    canonical = {t.lower(): t for t in PARAM_TYPES}.get(type_.lower())
    if canonical is None:
        raise PlangraphError.at(
            source, f"param {name}: unknown type {type_!r} (use {', '.join(PARAM_TYPES)})", line
        )
    required = False
    m = re.match(r"^\((required|optional)\)\s*", rest, re.IGNORECASE)
    if m:
        required = m.group(1).lower() == "required"
        rest = rest[m.end() :]
    default = None
    m = re.search(r'(?:^|\s)default=("[^"]*"|\S+)', rest)
    if m:
        raw = m.group(1)
        default = shlex.split(raw)[0] if raw.startswith('"') else raw.rstrip(";,")
        rest = (rest[: m.start()] + rest[m.end() :]).strip()
    return Param(name, canonical, required, default, " ".join(rest.split()))


def read_query(path: Path) -> QueryInfo:
    """Read one ``.rq`` file into a :class:`QueryInfo`."""
    source = paths.display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlangraphError.at(source, "no such query file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PlangraphError.at(source, f"cannot read query: {e}") from None
    return _info_from_text(text, name=path.stem, path=path, source=source)


def _info_from_text(text: str, name: str, path: Path | None, source: str) -> QueryInfo:
    """A QueryInfo from query text and its header."""
    h = parse_header(text, source)
    return QueryInfo(
        name=name,
        path=path,
        title=h["title"],
        questions=tuple(h["questions"]),
        params=tuple(h["params"]),
        text=text,
        tags=tuple(h["tags"]),
        title_th=h["title_th"],
    )


def list_queries(directory: Path | None = None) -> list[QueryInfo]:
    """All library queries (``queries/*.rq``), sorted by name."""
    directory = paths.QUERIES_DIR if directory is None else directory
    return [read_query(p) for p in sorted(directory.glob("*.rq"))]


def resolve(name_or_path: str | Path, directory: Path | None = None) -> QueryInfo:
    """A library query by name (``indicator-register``) or a path to a ``.rq`` file."""
    directory = paths.QUERIES_DIR if directory is None else directory
    text = str(name_or_path)
    if text.endswith(".rq") or os.sep in text or "/" in text:
        return read_query(Path(text))
    path = directory / f"{text}.rq"
    if path.is_file():
        return read_query(path)
    names = sorted(p.stem for p in directory.glob("*.rq"))
    available = ", ".join(names) if names else "none"
    raise PlangraphError(f"unknown query {text!r}; available: {available}")


