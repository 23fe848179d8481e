"""The evidence for a suggestion: the words both texts use, with where each occurs.

A position is ``element#offset``: the element whose label holds the word (the suggested
element itself or one of its parts) and the character offset of the word in that label.
"""

from __future__ import annotations

from dataclasses import dataclass

from plangraph.align.texts import Cascade
from plangraph.align.tokens import tokens


@dataclass(frozen=True)
class Shared:
    """One word both texts use: its Thai surface form on each side and the positions."""

    word: str
    source_form: str
    target_form: str
    source_at: str
    target_at: str


def _first(cascade: Cascade, iri: str) -> dict[str, tuple[str, str]]:
    """Each normalised word of ``iri``'s text → (surface form, first position)."""
    seen: dict[str, tuple[str, str]] = {}
    for element, label in cascade.segments(iri):
        for tok in tokens(label):
            seen.setdefault(tok.word, (tok.surface, f"{element}#{tok.start}"))
    return seen


def shared_words(cascade: Cascade, source: str, target: str, limit: int = 8) -> list[Shared]:
    """The words ``source`` and ``target`` share, longest first (long words say more)."""
    a, b = _first(cascade, source), _first(cascade, target)
    out: list[Shared] = []
    for w in sorted(set(a) & set(b), key=lambda w: (-len(w), w)):
        if not any(w in s.word and (a[w][1], b[w][1]) == (s.source_at, s.target_at)
                   for s in out):  # a compound's half at the compound's place adds nothing
            out.append(Shared(w, a[w][0], b[w][0], a[w][1], b[w][1]))
    return out[:limit]


def summary_th(found: list[Shared]) -> str:
    """The shared words as one Thai line: «คำ» ↔ «คำ» ; …"""
    return " ; ".join(f"«{s.source_form}» ↔ «{s.target_form}»" for s in found)
