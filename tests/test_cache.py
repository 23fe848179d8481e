"""The on-disk store cache (graph/cache.py): same answers as without it, reused on the same
bytes, rebuilt when a file changes or the entry is damaged, safe for concurrent first runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from library_cases import assert_same, library_cases
from rdflib import Dataset

from plangraph import paths
from plangraph.cli import cli
from plangraph.graph import cache
from plangraph.graph.load import expand_sources, load, load_store, read_quads
from plangraph.sparql.engines import run
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.synth.builder import Spec
from plangraph.synth.generate import write


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder for the test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANGRAPH_CACHE", str(folder))
    return folder


@pytest.fixture(scope="module")
def synth_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A small synthetic cascade (two provinces, observed values) with the ontology."""
    out = tmp_path_factory.mktemp("synth")
    write(Spec(provinces=2, years=2), out)
    return paths.validation_sources(expand_sources([out]))


def entries(root: Path) -> list[Path]:
    """The finished entries in the cache folder."""
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if (p / "manifest.json").exists())


def compare_library(ds: Dataset, files: list[Path] | None) -> int:
    """Run every library case on an in-memory store and on the cached one; the rows must be
    the same. Returns how many cases ran."""
    quads = read_quads(files)
    memory = load_store(quads)
    cached, prefixes = cache.cached_store(files)
    assert prefixes == quads.prefixes
    cases = library_cases(ds)
    for case in cases:
        params = bind_params(case.info, case.raw, known_prefixes(ds, case.info.text))
        assert_same(run(case.info, params, store=memory, engine="oxigraph"),
                    run(case.info, params, store=cached, engine="oxigraph"))
    return len(cases)


def test_every_library_query_answers_the_same_on_the_seed(root: Path) -> None:
    assert compare_library(load(), None) > 10
    assert len(entries(root)) == 1


def test_every_library_query_answers_the_same_on_a_synth_cascade(
        root: Path, synth_files: list[Path]) -> None:
    assert compare_library(load(synth_files), synth_files) > 10
    assert len(entries(root)) == 1


def _no_parsing(*_args: object) -> None:
    raise AssertionError("the files were parsed again")


def test_a_second_run_opens_the_entry_without_parsing(
        root: Path, synth_files: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = cache.cached_store(synth_files)
    count = len(first)
    monkeypatch.setattr(cache, "load_files", _no_parsing)
    again, prefixes = cache.cached_store(synth_files)
    assert len(again) == count
    assert prefixes.get("pg") == "https://w3id.org/plangraph/def/plangraph#"


def test_a_changed_file_makes_a_new_entry(root: Path, tmp_path: Path) -> None:
    data = tmp_path / "one.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before, _ = cache.cached_store([data])
    data.write_text("<urn:a> <urn:b> <urn:c> , <urn:d> .\n", encoding="utf-8")
    after, _ = cache.cached_store([data])
    assert (len(before), len(after)) == (1, 2)
    assert len(entries(root)) == 2


def _damage_manifest(entry: Path) -> None:
    (entry / "manifest.json").write_text("{not json", encoding="utf-8")


def _truncate_table(entry: Path) -> None:
    table = max((entry / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    table.write_bytes(table.read_bytes()[:100])


def _wrong_count(entry: Path) -> None:
    meta = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    meta["quads"] += 1
    (entry / "manifest.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize("damage", [_damage_manifest, _truncate_table, _wrong_count])
def test_a_damaged_entry_is_dropped_and_rebuilt(
        root: Path, synth_files: list[Path], damage: object) -> None:
    good, _ = cache.cached_store(synth_files)
    count = len(good)
    del good
    (entry,) = entries(root)
    damage(entry)  # type: ignore[operator]
    rebuilt, prefixes = cache.cached_store(synth_files)
    assert len(rebuilt) == count and prefixes
    (again,) = entries(root)
    assert again.name == entry.name
    assert json.loads((again / "manifest.json").read_text(encoding="utf-8"))["quads"] == count


def test_concurrent_first_runs_share_one_entry(root: Path, synth_files: list[Path]) -> None:
    code = ("import sys; from pathlib import Path; from plangraph.graph.cache import cached_store;"
            "print(len(cached_store([Path(a) for a in sys.argv[1:]])[0]))")
    runs = [subprocess.Popen([sys.executable, "-c", code, *map(str, synth_files)],
                             stdout=subprocess.PIPE, text=True) for _ in range(3)]
    counts = [int(run.communicate(timeout=600)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert len(set(counts)) == 1 and counts[0] > 0
    assert len(entries(root)) == 1
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no build left behind


def test_old_entries_are_pruned(root: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    data = tmp_path / "one.ttl"
    for n in range(4):
        data.write_text(f"<urn:a> <urn:b> {n} .\n", encoding="utf-8")
        cache.cached_store([data])
    assert len(entries(root)) == 2


@pytest.mark.parametrize("setting", ["off", "0", ""])
def test_the_cache_can_be_turned_off(setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANGRAPH_CACHE", setting)
    assert cache.cache_root() is None


def test_the_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANGRAPH_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_root() == tmp_path / "plangraph"


def test_an_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PLANGRAPH_CACHE", str(blocker / "cache"))
    data = tmp_path / "one.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    store, _ = cache.cached_store([data])
    assert len(store) == 1


def _query(*args: str) -> str:
    result = CliRunner().invoke(cli, ["query", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("args", [["trace", "-p", "element=chiangkaeokham/issue/1/indicator/1"],
                                  ["coverage", "-f", "tsv"], ["targets", "--include-suggested"]])
def test_query_prints_the_same_with_and_without_the_cache(
        root: Path, synth_files: list[Path], args: list[str]) -> None:
    data = [f"--data={f}" for f in synth_files]
    fresh = _query(*args, *data, "--no-cache", "--wide")
    assert not entries(root)
    assert _query(*args, *data, "--wide") == fresh  # builds the entry
    assert _query(*args, *data, "--wide") == fresh  # opens it
    assert len(entries(root)) == (0 if "--include-suggested" in args else 1)


def test_a_bad_file_is_reported_as_without_the_cache(root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", "coverage", f"--data={bad}"])
    assert result.exit_code != 0 and "bad.ttl" in result.output
    assert not entries(root)
