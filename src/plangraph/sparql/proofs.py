"""In-place proofs remembered between processes, in the store cache's folder.

Parameters are written into a query only after a full proof (:mod:`plangraph.sparql.inplace`):
rdflib parses the template and the in-place text, 100–400 ms for a library query, most of a
one-off ``plangraph query`` once its store comes from the cache. The proof holds for the
template (the query with a placeholder variable in each parameter's place) and the kind of
each term, whatever the value; the same process proves its next value of that kind in parts
(the term's text read alone, the tokens compared). This module lets the next *process* do the
same: a passed proof leaves a key in ``proofs.json`` in the cache folder
(:func:`plangraph.graph.cache.cache_root`; ``PLANGRAPH_CACHE=off`` turns both off).

A key hashes the template's text, the kinds of its terms, :data:`FORMAT` and the versions of
plangraph, rdflib and pyparsing (the grammar that made the proof): a changed query or library
proves again. The file holds keys only, the :data:`KEEP` newest, written whole to a temporary
file and renamed (two processes writing at once can lose a key: it costs one proof again).
A key vouches for the template's shape only: every value is still proven in parts, and the
child that runs the text still checks it (updates, ``SERVICE``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Hashable

from plangraph.graph.cache import cache_root, installed_version
from plangraph.runtime.atomic import atomic_write

#: Bump when what a full proof establishes changes.
FORMAT = 1
#: Keys kept (the newest).
KEEP = 512
_FILE = "proofs.json"


def proof_key(template: str, kinds: Hashable) -> str:
    """The key of a full proof of ``template`` with terms of ``kinds``."""
    digest = hashlib.blake2b(digest_size=20)
    for name in ("plangraph", "rdflib", "pyparsing"):
        digest.update(f"{name}={installed_version(name)}\0".encode())
    digest.update(f"format={FORMAT}\0{kinds!r}\0".encode("utf-8", "surrogatepass"))
    digest.update(template.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def known(key: str) -> bool:
    """Was this proof passed by an earlier process (and remembered)?"""
    return key in _read()


def remember(key: str) -> None:
    """Keep ``key`` for later processes (quietly nothing when the cache is off or unwritable)."""
    root = cache_root()
    if root is None:
        return
    keys = [k for k in _read() if k != key] + [key]
    with contextlib.suppress(OSError):
        atomic_write(root / _FILE, json.dumps(keys[-KEEP:]))


def _read() -> list[str]:
    """The remembered keys, oldest first (none when the file is missing or not ours)."""
    root = cache_root()
    if root is None:
        return []
    try:
        keys = json.loads((root / _FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(keys, list):
        return []
    return [k for k in keys if isinstance(k, str)]
