"""A SPARQL 1.1 tokenizer that follows the grammar's own rules, for checking what runs.

Codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are decoded first, anywhere in the text
(SPARQL 1.1 §19.2); a comment runs from ``#`` to the end of the line, where a line ends at
``\\n`` *or* ``\\r`` (§19.4: ``EOL ::= [#xA#xD]``); strings (short and long) and IRIs are
whole tokens. :func:`scan` gives the tokens and the *cleaned* text: decoded, comments
removed. Engines then see no escape and no comment, so rdflib and pyoxigraph (which split
comments and escapes differently) read the same tokens as the checker did; the cleaned text
is the one to execute. Imports only the standard library (the serve workers use it).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: Deepest nesting of ``( { [`` accepted (rdflib's parser and deep recursion stay safe).
MAX_DEPTH = 48

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAME_CHAR = r"[\w\-\u00B7\u0300-\u036F\u203F\u2040]"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(
    r"""
      (?P<WS>[ \t\r\n]+)
    | (?P<COMMENT>\#[^\r\n]*)
    | (?P<IRI><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<STRING>'''(?:'{0,2}(?:[^'\\]|\\.))*'''
              |\"\"\"(?:"{0,2}(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'
              |"(?:[^"\\\r\n]|\\.)*")
    | (?P<VAR>[?$](?:[^\W]|[\u00B7\u0300-\u036F\u203F\u2040])+)
    | (?P<BNODE>_:(?:[\w\-.\u00B7]*[\w\-\u00B7])?)
    | (?P<PNAME>(?:[^\W\d_](?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:
              (?:(?:[\w:\-.\u00B7]|%[0-9A-Fa-f]{2}|"""
    + _LOCAL_ESC
    + r""")*)?)
    | (?P<LANGTAG>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
    | (?P<NUMBER>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<WORD>[A-Za-z_]"""
    + _NAME_CHAR
    + r"""*)
    | (?P<QUOTE>['"])
    | (?P<PUNCT>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE = "({[", ")}]"


class LexError(ValueError):
    """Text that cannot be tokenized safely; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class Token(NamedTuple):
    """One token: its kind (``WORD``, ``IRI``, ``PNAME``, ``STRING`` ...), text and line."""

    kind: str
    value: str
    line: int

    @property
    def keyword(self) -> str:
        """The upper-cased word for a ``WORD`` token, else ``""``."""
        return self.value.upper() if self.kind == "WORD" else ""


@dataclass(frozen=True)
class Scan:
    """A query as the engines will read it: tokens (no comments) and the cleaned text."""

    text: str
    tokens: tuple[Token, ...]
    depth: int

    @property
    def form(self) -> str | None:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first such keyword)."""
        for token in self.tokens:
            if token.keyword in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return token.keyword
        return None


def decode_escapes(text: str) -> str:
    """Replace codepoint escapes by their characters (once, as every engine must).

    Refused: an escape for a surrogate or beyond U+10FFFF, and text that still holds an
    escape after decoding (``\\u005Cu0053`` would decode again in a second reader).
    """

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise LexError(f"codepoint escape {match.group()} is not a character",
                           _line_of(text, match.start()))
        return chr(code)

    decoded = _ESCAPE.sub(char, text)
    again = _ESCAPE.search(decoded)
    if again:
        raise LexError("a codepoint escape that spells another escape is refused",
                       _line_of(decoded, again.start()))
    return decoded


def has_escape(text: str) -> bool:
    """Does ``text`` hold a codepoint escape (which every reader decodes before parsing)?"""
    return _ESCAPE.search(text) is not None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def pieces(text: str) -> list[tuple[str, str]]:
    """Every piece of ``text`` as (kind, text), whitespace and comments included: joined,
    the pieces give ``text`` back (for edits that must leave the rest untouched)."""
    return [(m.lastgroup or "PUNCT", m.group()) for m in _TOKEN.finditer(text)]


def tokenize(text: str) -> tuple[list[Token], str]:
    """The tokens of already-decoded ``text`` (no whitespace, no comments) and the text
    without its comments (each line end kept)."""
    tokens: list[Token] = []
    append = tokens.append
    kept: list[str] = []
    start = 0  # where the text after the last comment starts
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "PUNCT"
        if kind == "WS":
            line += match.group().count("\n")
            continue
        value = match.group()
        if kind == "COMMENT":
            kept.append(text[start:match.start()])
            start = match.end()
        elif kind == "QUOTE":
            raise LexError("unterminated string", line)
        elif kind == "PNAME" and value.endswith("."):  # a trailing dot ends the triple
            stripped = value.rstrip(".")
            append(Token(kind, stripped, line))
            tokens.extend(Token("PUNCT", ".", line) for _ in value[len(stripped):])
        else:
            append(Token(kind, value, line))
            if kind == "STRING" and "\n" in value:
                line += value.count("\n")
    kept.append(text[start:])
    return tokens, "".join(kept)


#: Query texts up to this size are tokenized (and parsed by rdflib, :mod:`.safety`) once per
#: process (bigger ones every time: a cache of 1 MB queries would pin gigabytes).
CACHED_TEXT = 16 * 1024


def decoded_tokens(text: str) -> tuple[tuple[Token, ...], str]:
    """:func:`tokenize` of ``text`` with its escapes decoded; small texts once per process (a
    library query is checked on every run, and its parameters looked up first)."""
    if len(text) <= CACHED_TEXT:
        return _decoded_tokens(text)
    tokens, cleaned = tokenize(decode_escapes(text))
    return tuple(tokens), cleaned


@functools.lru_cache(maxsize=128)
def _decoded_tokens(text: str) -> tuple[tuple[Token, ...], str]:
    tokens, cleaned = tokenize(decode_escapes(text))
    return tuple(tokens), cleaned


def scan(text: str, max_depth: int = MAX_DEPTH) -> Scan:
    """Decode, tokenize and clean ``text``; nesting deeper than ``max_depth`` is refused."""
    tokens, cleaned = decoded_tokens(text)
    depth = deepest = 0
    for token in tokens:
        if token.kind != "PUNCT":
            continue
        if token.value in _OPEN:
            depth += 1
            if depth > max_depth:
                raise LexError(f"nesting deeper than {max_depth} levels is refused", token.line)
            deepest = max(deepest, depth)
        elif token.value in _CLOSE:
            depth -= 1
    return Scan(cleaned, tokens, deepest)


def declarations(tokens: Sequence[Token]) -> tuple[str, dict[str, str]]:
    """The BASE and the PREFIX map (``"ex:"`` -> IRI, resolved) declared among ``tokens``."""
    base, prefixes = "", {}
    for i, token in enumerate(tokens):
        if token.keyword == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "IRI":
            base = urllib.parse.urljoin(base, tokens[i + 1].value[1:-1])
        elif (token.keyword == "PREFIX" and i + 2 < len(tokens)
              and tokens[i + 1].kind == "PNAME" and tokens[i + 2].kind == "IRI"):
            prefixes[tokens[i + 1].value] = urllib.parse.urljoin(base, tokens[i + 2].value[1:-1])
    return base, prefixes


def declared_prefixes(text: str) -> dict[str, str]:
    """A query's PREFIX declarations (``"ex"`` -> IRI); none when it cannot be tokenized."""
    try:
        tokens = decoded_tokens(text)[0]
    except LexError:
        return {}
    return {k[:-1]: v for k, v in declarations(tokens)[1].items()}
