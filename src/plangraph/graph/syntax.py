"""Around the parser: rdflib's wording of a syntax error (users know it), the line of an
over-long token, and the prefixes a Turtle/TriG file declares, read off its text.

pyoxigraph parses every file (:mod:`plangraph.graph.load`); this module only explains
what it refused and reads the declarations that a load straight into a store does not
report.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.plugins.parsers.notation3 import BadSyntax

#: pyoxigraph's lexer refuses a single token (a literal, an IRI) longer than this (bytes).
TOKEN_LIMIT = 16 * 2**20
# Directives on a line of their own, each matched with the line break before it (the text is
# read with one put in front; a search anchored on a plain character is several times quicker
# than ``^`` in MULTILINE mode over a large file): a prefix declaration (Turtle ``@prefix`` or
# SPARQL-style ``PREFIX``) and a base directive (``@base <…> .`` or ``BASE <…>``), against
# which a prefix's relative IRI is resolved; and every line that may start a base directive.
_END = rb"[ \t]*(?:#[^\n]*)?(?=\n|\Z)"
_PREFIX = rb"(?:@prefix|(?i:prefix))[ \t]+[^\s:]*:[ \t]*<[^>\n]*>[ \t]*\.?"
_BASE_DIRECTIVE = rb"(?:@base[ \t]*<[^>\n]*>[ \t]*\.|(?i:base)[ \t]*<[^>\n]*>)"
_DIRECTIVE = re.compile(rb"\n[ \t]*(?:(" + _PREFIX + rb")|(" + _BASE_DIRECTIVE + rb"))" + _END)
_BASE = re.compile(rb"\n[ \t]*(?:@base|(?i:base))\b")
_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal it makes; the literal checks of
    the validators report those instead."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def rdflib_problem(text: str, fmt: str) -> tuple[str, int | None] | None:
    """rdflib's wording of a syntax error (users know it), or None when rdflib cannot say."""
    try:
        with quiet_rdflib():
            Dataset().parse(data=text, format=fmt)
    except BadSyntax as e:
        return _bad_syntax_problem(e, text), e.lines + 1
    except RecursionError:
        return None
    except Exception as e:  # rdflib raises many types; all are syntax errors here
        line = _find_bad_line(text, fmt) if fmt in ("nt", "nquads") else None
        return f"bad syntax: {' '.join(str(e).split())[:200]}", line
    return None


def long_line(text: str) -> int | None:
    """The first line longer than the parser's token limit."""
    lines = text.split("\n")
    if max(map(len, lines), default=0) * 4 <= TOKEN_LIMIT:  # no line can be: skip the loop
        return None
    for number, line in enumerate(lines, start=1):
        if len(line) * 4 > TOKEN_LIMIT and len(line.encode("utf-8")) > TOKEN_LIMIT:
            return number
    return None


def _bad_syntax_problem(e: BadSyntax, text: str) -> str:
    """rdflib's reason plus the text where parsing stopped."""
    why = getattr(e, "_why", "") or "syntax error"
    pos = getattr(e, "_i", None)
    near = ""
    if isinstance(pos, int) and 0 <= pos < len(text):
        snippet = text[pos:].lstrip().split("\n", 1)[0][:30]
        near = f" near {snippet!r}" if snippet else ""
    return f"bad syntax: {why}{near}"


def _find_bad_line(text: str, fmt: str) -> int | None:
    """For line-based formats: the first line that does not parse on its own."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return None


def declared_prefixes(data: bytes, fmt: str, base_iri: str) -> dict[str, str] | None:
    """The prefixes the UTF-8 text ``data`` declares (``name -> IRI``, the last declaration
    of a name wins, as pyoxigraph's parser reports them), or None when the text alone
    cannot say for sure: a ``prefix`` mentioned anywhere but in a declaration line of its
    own (a comment, a literal, two on a line), a line starting with ``base`` that is not a
    base directive of its own, or a long (triple-quoted) literal. The declarations are read
    with the base directives among them, in the text's order. N-Triples and N-Quads declare
    none."""
    if fmt not in _FORMATS:
        return {}
    if b'"""' in data or b"'''" in data:  # a declaration-like line may sit inside a literal
        return None
    text = b"\n" + data
    found = _DIRECTIVE.findall(text)  # (prefix declaration, base directive): one is empty
    bases = sum(1 for _, base in found if base)
    if data.lower().count(b"prefix") != len(found) - bases or len(_BASE.findall(text)) != bases:
        return None
    lines = b"\n".join(prefix or base for prefix, base in found)
    try:
        parsed = ox.parse(input=lines, format=_FORMATS[fmt], base_iri=base_iri)
        for _ in parsed:
            pass
    except (SyntaxError, ValueError):
        return None
    return dict(parsed.prefixes)
