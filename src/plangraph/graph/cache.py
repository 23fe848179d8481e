"""A pyoxigraph store kept on disk between commands, keyed by the input files' content.

:func:`cached_store` answers what :func:`plangraph.graph.load.load_files` answers (the
store and the files' declared prefixes), but a second run on the same bytes opens the
store left by the first instead of parsing and loading again. The key hashes every file's
path and bytes, the plangraph and pyoxigraph versions and :data:`FORMAT`; a changed file
means a new key (a new entry).

The cache lives in ``$PLANGRAPH_CACHE`` or ``$XDG_CACHE_HOME/plangraph`` (default
``~/.cache/plangraph``); ``PLANGRAPH_CACHE=off`` turns it off. Each entry is built in a
temporary folder and renamed into place whole, so concurrent first runs never see half an
entry (the loser of the rename uses the winner's). Entries are opened read-only (many
processes may read one). An entry whose manifest does not match what is on disk is dropped
and rebuilt, never trusted. Only the :data:`KEEP` most recently used entries are kept.

A forked child may query a store opened here, but should not build an entry once its
parent has built one: RocksDB's background threads do not survive ``fork`` (the child hangs).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from plangraph import paths
from plangraph.graph.load import load_files

#: Bump when the layout of an entry or the way files become quads changes.
FORMAT = 2
#: Entries kept (the most recently used); older ones are removed after a build.
KEEP = 4
#: Unfinished builds older than this many seconds are left-overs of killed runs.
STALE_BUILD = 3600
_OFF = {"off", "0", "no", "false", "none"}
_MANIFEST = "manifest.json"


def cache_root() -> Path | None:
    """The cache folder, or None when ``PLANGRAPH_CACHE`` turns caching off."""
    setting = os.environ.get("PLANGRAPH_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in _OFF or not setting.strip() else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "plangraph"


def cache_key(files: Iterable[Path]) -> str | None:
    """A hash of every file's paths and bytes and of the versions; None if a file is
    unreadable (the loader then reports it as usual)."""
    digest = hashlib.blake2b(digest_size=20)
    for name in ("plangraph", "pyoxigraph"):
        digest.update(f"{name}={installed_version(name)}\0".encode())
    digest.update(f"format={FORMAT}\0".encode())
    for path in files:
        try:
            data = path.read_bytes()
            where = f"{paths.display_path(path)}\0{path.resolve().as_uri()}\0{len(data)}\0"
        except (OSError, ValueError):
            return None
        digest.update(where.encode("utf-8", "surrogateescape"))
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def installed_version(dist: str) -> str:
    """An installed distribution's version (``?`` when not installed)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def cached_store(sources: Iterable[Path | str] | None = None,
                 use_cache: bool = True) -> tuple[ox.Store, dict[str, str]]:
    """The store of ``sources`` (default the project's) and the files' declared prefixes,
    from the cache when an entry for the same bytes exists (else built and kept).

    The store is read-only when it comes from the cache; without the cache (turned off,
    not writable, ``use_cache=False``) it is an in-memory store as :func:`load_store` makes.
    """
    files = [Path(s) for s in (paths.default_sources() if sources is None else sources)]
    root = cache_root() if use_cache else None
    key = cache_key(files) if root is not None else None
    if root is None or key is None:
        return _in_memory(files)
    entry = root / key
    found = open_entry(entry, key)
    if found is not None:
        return found
    try:
        build_entry(root, key, files)  # errors in the files surface here, as without the cache
    except OSError:  # no room, not writable: answer without the cache
        return _in_memory(files)
    found = open_entry(entry, key)
    prune(root, keep=KEEP)
    return found if found is not None else _in_memory(files)


def _in_memory(files: list[Path]) -> tuple[ox.Store, dict[str, str]]:
    """Parse and load without the cache."""
    store = ox.Store()
    prefixes = load_files(store, files, prefixes=True)
    return store, prefixes


def open_entry(entry: Path, key: str) -> tuple[ox.Store, dict[str, str]] | None:
    """The entry's store (read-only) and prefixes if its manifest matches what is on disk;
    otherwise None, and a damaged entry is dropped."""
    manifest = entry / _MANIFEST
    if not manifest.exists():
        return None
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("key") != key or meta.get("format") != FORMAT:
            raise ValueError("manifest of another key")
        folder = entry / "store"
        for name, size in meta["files"].items():
            if (folder / name).stat().st_size != size:
                raise ValueError(f"{name} changed size")
        store = ox.Store.read_only(str(folder))
        if len(store) != meta["quads"]:
            raise ValueError("quad count differs")
        prefixes = {str(k): str(v) for k, v in meta["prefixes"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        drop(entry)
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # most recently used: pruned last
    return store, prefixes


def build_entry(root: Path, key: str, files: list[Path]) -> None:
    """Parse ``files`` into the entry for ``key`` in a temporary folder and rename it into
    place; when another process got there first, keep theirs."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".build-{key[:12]}-", dir=root))
    try:
        folder = tmp / "store"
        store = ox.Store(str(folder))
        prefixes = load_files(store, files, bulk=True, prefixes=True)
        store.flush()
        count = len(store)  # duplicate quads in the files are stored once
        del store  # closes the database (releases its lock) before the files are listed
        files = {p.name: p.stat().st_size for p in sorted(folder.iterdir())
                 if p.is_file() and p.name not in ("LOCK", "LOG") and not p.name.startswith("LOG.")}
        meta = {"key": key, "format": FORMAT, "quads": count, "prefixes": prefixes,
                "files": files, "built": time.time()}
        (tmp / _MANIFEST).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(tmp, root / key)
        except OSError:
            if not (root / key / _MANIFEST).exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def drop(entry: Path) -> None:
    """Remove an entry: renamed aside first (atomic), so no reader sees half of it."""
    trash = entry.with_name(f".drop-{entry.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(entry, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def prune(root: Path, keep: int = KEEP) -> None:
    """Keep the ``keep`` most recently used entries; remove left-overs of killed builds."""
    try:
        items = list(root.iterdir())
    except OSError:
        return
    now = time.time()
    entries = []
    for item in items:
        with contextlib.suppress(OSError):
            if item.name.startswith("."):
                if now - item.stat().st_mtime > STALE_BUILD:
                    shutil.rmtree(item, ignore_errors=True)
            elif (item / _MANIFEST).exists():
                entries.append((item.stat().st_mtime, item))
    for _, item in sorted(entries, reverse=True)[keep:]:
        drop(item)
