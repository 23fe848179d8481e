"""Atomic writes: all or nothing."""

from __future__ import annotations

import pytest

from plangraph.runtime.atomic import atomic_dir, atomic_open, atomic_write


def test_atomic_write_text_and_bytes(tmp_path):
    path = tmp_path / "sub" / "out.txt"
    atomic_write(path, "แผน\n")
    assert path.read_text(encoding="utf-8") == "แผน\n"
    atomic_write(path, b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    atomic_write(path, "ก", encoding="utf-8-sig")
    assert path.read_bytes() == "\ufeffก".encode()
    assert [p.name for p in path.parent.iterdir()] == ["out.txt"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(path) as fh:
        fh.write("half of the new content")
        raise RuntimeError("boom")
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


def test_unencodable_data_leaves_old_file(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write(path, "ไทย", encoding="ascii")
    assert path.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [path]


def test_atomic_dir_swaps_whole_directory(tmp_path):
    target = tmp_path / "build"
    target.mkdir()
    (target / "stale.txt").write_text("stale")
    with atomic_dir(target) as tmp:
        (tmp / "new.txt").write_text("new")
        assert (target / "stale.txt").exists()  # old build visible until the swap
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_atomic_dir_failure_keeps_old_directory(tmp_path):
    target = tmp_path / "build"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(ValueError), atomic_dir(target) as tmp:
        (tmp / "new.txt").write_text("new")
        raise ValueError("build failed")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_atomic_dir_restores_the_old_directory_when_the_swap_fails(tmp_path, monkeypatch):
    """The old build is moved aside before the new one moves in; if that second rename fails,
    the old build must come back (not stay hidden as .build.old-PID)."""
    import os

    from plangraph.runtime import atomic

    target = tmp_path / "build"
    target.mkdir()
    (target / "old.txt").write_text("old")
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(src).endswith(".tmp") and os.fspath(dst) == os.fspath(target):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space"), atomic_dir(target) as tmp:
        (tmp / "new.txt").write_text("new")
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["build"]
