"""Thai writing every stage reads or writes: Thai digits and Buddhist-era (BE) years.

One table and one offset for ingest (targets, the recogniser, observed values), the maps and
the brief, so that a digit or a year is read the same way wherever it comes in.
"""

from __future__ import annotations

#: Thai digits ``๐``–``๙`` to ``0``–``9`` (for :meth:`str.translate`).
THAI_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

#: BE = CE + 543.
BE_OFFSET = 543


def arabic_digits(text: str) -> str:
    """``๒.๓`` -> ``2.3``: Thai digits as Arabic ones, everything else unchanged."""
    return text.translate(THAI_TO_ARABIC)


def be_year(year: str | int) -> int:
    """The Buddhist-era year Thai readers use for a CE year.

    >>> be_year("2022")
    2565
    """
    return int(year) + BE_OFFSET
