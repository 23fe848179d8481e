"""The site's files written into a fresh folder, reusing the previous site's identical files.

Every file's SHA-256 goes into ``SHA256SUMS`` at the site root (the format ``sha256sum -c``
checks). On the next build a file whose new content has the digest the previous site lists
for the same path (and the same size on disk) is hard-linked from the previous site instead of
written: nothing is rewritten that did not change, and removing the old site afterwards frees
only the files that did. The new site is still complete in its own folder before it replaces
the old one (:func:`plangraph.runtime.atomic.atomic_dir`), so a failed build changes nothing.
Where a link cannot be made (another file system), the file is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

SUMS_FILE = "SHA256SUMS"
_HEX = frozenset("0123456789abcdef")


def read_sums(folder: Path | None) -> dict[str, str]:
    """``path -> digest`` from ``folder/SHA256SUMS`` (empty when there is none)."""
    if folder is None:
        return {}
    try:
        text = (folder / SUMS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    sums = {}
    for line in text.splitlines():
        digest, sep, rel = line.partition("  ")
        if sep and len(digest) == 64 and set(digest) <= _HEX and rel:
            sums[rel] = digest
    return sums


def sums_text(entries: Iterable[tuple[str, str]]) -> str:
    """``SHA256SUMS`` for ``(path, digest)`` pairs, sorted by path."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(entries))


@dataclass
class Output:
    """Writes files under ``root``; reuses ``previous``'s files that ``sums`` says are equal."""

    root: Path
    previous: Path | None = None
    sums: Mapping[str, str] = field(default_factory=dict)

    def put(self, rel: str, data: bytes) -> tuple[str, str, bool]:
        """Write ``data`` at ``rel`` (its folder must exist); ``(rel, digest, reused)``."""
        digest = hashlib.sha256(data).hexdigest()
        target = f"{self.root}/{rel}"  # strings: pathlib costs more than the write
        if self.previous is not None and self.sums.get(rel) == digest:
            old = f"{self.previous}/{rel}"
            try:
                if os.stat(old).st_size == len(data):
                    os.link(old, target)
                    return rel, digest, True
            except OSError:
                pass  # gone, or another file system: write it
        with open(target, "xb") as f:  # never into a file that may be linked
            f.write(data)
        return rel, digest, False
