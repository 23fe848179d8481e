"""``plangraph map``: the whole site, one trace page, and errors as one line."""

from __future__ import annotations

from pathlib import Path

from maps_support import MAPS, ONTOLOGY

from conftest import run_cli


def _data() -> list[str]:
    return [arg for p in [*ONTOLOGY, MAPS / "mini.ttl"] for arg in ("--data", str(p))]


def test_map_writes_every_page(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    result = run_cli("map", "--out", out, *_data())
    assert result.exit_code == 0, result.stderr
    written = result.stdout.split()
    assert {Path(p).name for p in written} == {p.name for p in out.iterdir()}
    assert {"index.html", "alignment.html", "coverage.html"} <= {p.name for p in out.iterdir()}


def test_map_trace_writes_one_page(tmp_path: Path) -> None:
    result = run_cli("map", "--trace", "t-lampang/issue/1/indicator/1", "--out", tmp_path,
                     *_data())
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "trace-t-lampang-issue-1-indicator-1.html"
    assert result.stdout.strip() == str(page)
    assert "Both are about tourism." in page.read_text(encoding="utf-8")


def test_map_trace_unknown_indicator_is_one_line(tmp_path: Path) -> None:
    result = run_cli("map", "--trace", "nowhere/indicator/1", "--out", tmp_path, *_data())
    assert result.exit_code == 2
    assert result.stderr.startswith("plangraph: nowhere/indicator/1: no such indicator")
    assert result.stderr.count("\n") == 1
