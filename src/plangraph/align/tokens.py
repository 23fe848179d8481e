"""Thai text to comparable tokens: pythainlp's ``newmm`` segmentation (its dictionary ships
in the package; nothing is downloaded), with positions kept for the evidence.

A token is a word that says something: stop words (pythainlp's list), punctuation, digits
and the plan boilerplate in :data:`BOILERPLATE` are dropped; the nominalising prefixes
การ/ความ are cut so that «การพัฒนา» and «พัฒนา» meet; Latin letters are lower-cased.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

#: Words every plan repeats: they link everything to everything.
BOILERPLATE = frozenset({
    "ยุทธศาสตร์", "ยุทธศาสตร์ชาติ", "ด้าน", "พัฒนา", "ส่งเสริม", "เพิ่มขึ้น", "ลดลง", "ร้อยละ",
    "เป้าหมาย", "ตัวชี้วัด", "แผน", "ประเด็น", "จังหวัด", "กลุ่ม", "ภาค", "เหนือ", "ตอนบน",
    "ลำปาง", "ต่อปี", "ปี", "จำนวน", "ได้รับ", "ให้", "มี", "เป็น", "เพื่อ", "และ", "ของ",
    "ใน", "ที่", "สร้าง", "เสริมสร้าง", "ยกระดับ", "อย่าง", "ระดับ",
})
PREFIXES = ("การ", "ความ")
#: Shortest half of a compound worth matching on (เศรษฐ+กิจ, เชื่อม+โยง are not).
MIN_HALF = 4
_KEEP = re.compile(r"[\u0E01-\u0E4Ea-z]")
_STRIP = re.compile(r"^[^\u0E01-\u0E4Ea-z0-9]+|[^\u0E01-\u0E4Ea-z0-9]+$")
_DIGITS = re.compile(r"^[0-9\u0E50-\u0E59.,%]+$")


@dataclass(frozen=True)
class Token:
    """A normalised word and where its surface form starts in the text."""

    word: str
    surface: str
    start: int


@cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords()) | BOILERPLATE


def normalise(word: str) -> str:
    """The comparable form of one segmented word ('' when it carries no meaning)."""
    word = _STRIP.sub("", unicodedata.normalize("NFC", word).lower())
    if not word or _DIGITS.match(word) or not _KEEP.search(word):
        return ""
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            word = word[len(prefix):]
            break
    return "" if word in _stopwords() else word


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def halves(word: str) -> tuple[str, str] | None:
    """A compound's two dictionary words (อุตสาหกรรมเกษตร → อุตสาหกรรม, เกษตร), the longest
    first half winning; None when ``word`` is not two dictionary words."""
    known = _dictionary()
    for i in range(len(word) - MIN_HALF, MIN_HALF - 1, -1):
        if word[:i] in known and word[i:] in known:
            return word[:i], word[i:]
    return None


@cache
def tokens(text: str) -> tuple[Token, ...]:
    """The meaningful words of ``text`` with their character offsets; a compound of two
    dictionary words also gives its halves (segmentation joins what the other text splits)."""
    from pythainlp.tokenize import word_tokenize

    out: list[Token] = []
    pos = 0
    for piece in word_tokenize(text, engine="newmm", keep_whitespace=False):
        start = text.find(piece, pos)
        start = pos if start < 0 else start
        pos = start + len(piece)
        word = normalise(piece)
        if word:
            out.append(Token(word, piece, start))
        split = halves(word) if len(word) >= 2 * MIN_HALF else None  # boilerplate: never
        base = start + max(0, piece.lower().find(word))
        for part, at in (((split[0], base), (split[1], base + len(split[0])))
                         if split else ()):
            if (w := normalise(part)) and w != word:
                out.append(Token(w, part, at))
    return tuple(out)


def words(text: str) -> list[str]:
    """Just the normalised words of ``text``."""
    return [t.word for t in tokens(text)]
