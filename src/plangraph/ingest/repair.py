"""Thai text repair for extracted text, and a check that the text is worth reading at all.

pythainlp's ``normalize`` already mends the classic PDF faults that are unambiguous: สำ split
into ส + ◌ํ + า, a tone mark typed before its vowel, doubled marks and zero-width characters
(measured on the seed: it changes no well-formed line). Two rules are added here: a space
before a mark or following vowel, and a space after a leading vowel, are dropped (no Thai
word starts with a mark, and a leading vowel always joins the consonant after it;
pythainlp's ``remove_spaces_before_marks`` covers the marks but not า ะ ำ, measured). Other
spaces are kept: a lone consonant (``ประเท ศ ไทย``) may belong to the word before or after
it, and which spaces are PDF artefacts only a reader can tell.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from plangraph.errors import PlangraphError
from plangraph.ingest.model import Line

_SPLIT_AM = re.compile("\u0e4d\u0e32")
_TONE_FIRST = re.compile("[\u0e48-\u0e4b][\u0e31\u0e34-\u0e37\u0e4d]")
_SPACE_BEFORE_MARK = re.compile(" +(?=[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])")
_SPACE_AFTER_LEAD = re.compile("(?<=[\u0e40-\u0e44]) +(?=[\u0e01-\u0e2e])")
_UNREADABLE = re.compile(r"[\uf700-\uf8ff\ufffd]|\(cid:\d+\)")
_THAI = re.compile("[\u0e01-\u0e5b]")
# What pythainlp's normalize mends; a line without any of these is left alone (it is the
# slow step: ~60% of an ingest when run on every line).
_NEEDS_NORMALIZE = re.compile(
    "\u0e4d\u0e32|[\u0e48-\u0e4b][\u0e31\u0e34-\u0e37\u0e4d]|([\u0e31-\u0e3a\u0e47-\u0e4e])\\1"
    "|\u0e40\u0e40|[\u200b-\u200d\ufeff]"
)
_MAX_UNREADABLE = 0.02


def repair_text(text: str, counts: Counter[str]) -> str:
    """One line repaired and in NFC; ``counts`` gains one per repair made."""
    from pythainlp.util import normalize

    counts["split สำ joined"] += len(_SPLIT_AM.findall(text))
    counts["tone mark moved after its vowel"] += len(_TONE_FIRST.findall(text))
    spaces = len(_SPACE_BEFORE_MARK.findall(text)) + len(_SPACE_AFTER_LEAD.findall(text))
    counts["space inside a syllable removed"] += spaces
    text = _SPACE_AFTER_LEAD.sub("", _SPACE_BEFORE_MARK.sub("", text))
    if _NEEDS_NORMALIZE.search(text):
        stripped = text.strip()
        fixed = normalize(stripped)
        if fixed != stripped:
            text = text.replace(stripped, fixed)
    nfc = unicodedata.normalize("NFC", text)
    counts["not NFC"] += nfc != text
    return nfc


def repair_lines(lines: list[Line], name: str) -> tuple[list[Line], dict[str, int]]:
    """Every line repaired; refuses a text too broken to trust (a one-line error)."""
    text = "".join(line.text for line in lines)
    bad = len(_UNREADABLE.findall(text))
    total = max(1, len(_THAI.findall(text)) + bad)
    if bad and bad / total > _MAX_UNREADABLE:
        raise PlangraphError(
            f"{name}: the text layer is too broken to trust ({bad} of {total} characters "
            "unreadable: legacy font codes or (cid:N)); export the text from the original "
            "document or OCR it"
        )
    counts: Counter[str] = Counter()
    repaired = [
        Line(line.number, repair_text(line.text, counts), line.origin, line.wrapped)
        for line in lines
    ]
    return repaired, {k: v for k, v in counts.items() if v}
