"""Every bad input of ``tests/corpus/`` through every command that reads data, with the exit
code ``tests/corpus/expected.csv`` gives (0 ok, 1 validation fails, 2 load error).

Both validators must agree; an error is one ``plangraph: …`` line, never a traceback.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import run_cli
from plangraph.graph.load import TOKEN_LIMIT

CORPUS = Path(__file__).parent / "corpus"
COMMANDS = ("validate", "validate --fast", "build", "query", "serve", "export")


def _table() -> dict[str, dict[str, str]]:
    with (CORPUS / "expected.csv").open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


EXPECTED = _table()
#: Files too big to keep in git: made at test time.
GENERATED = {
    "huge-literal.ttl": lambda: ('@prefix ex: <http://example.org/corpus/> .\n'
                                 'ex:a ex:p "' + "x" * (TOKEN_LIMIT + 1) + '" .\n'),
}


def corpus_file(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if name not in GENERATED:
        return CORPUS / name
    path = tmp_path_factory.getbasetemp() / name
    if not path.exists():
        path.write_text(GENERATED[name](), encoding="utf-8")
    return path


def args_for(command: str, path: Path, tmp_path: Path) -> list[str | Path]:
    if command.startswith("validate"):
        return [*command.split(), path]
    if command == "build":
        return ["build", "--data", path, "-o", tmp_path / "build", "--no-maps", "--no-site",
                "--no-export"]
    if command == "query":
        return ["query", "indicators", "--data", path]
    if command == "serve":
        return ["serve", "--port", "0", "--data", path]
    return ["export", "--data", path, "-o", tmp_path / "out.ttl"]


def test_every_corpus_file_has_a_row_and_every_row_a_file():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix != ".md" and p.name != "expected.csv"}
    assert on_disk | set(GENERATED) == set(EXPECTED)
    assert all(set(COMMANDS) <= set(row) for row in EXPECTED.values())


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exit_code(name: str, command: str, tmp_path: Path, monkeypatch, tmp_path_factory):
    import plangraph.serve

    started: list[object] = []
    monkeypatch.setattr(plangraph.serve, "serve", lambda *a, **k: started.append(a))
    path = corpus_file(name, tmp_path_factory)
    res = run_cli(*args_for(command, path, tmp_path))
    expected = int(EXPECTED[name][command])
    assert res.exit_code == expected, f"{name} {command}: {res.stderr}"
    if expected == 2:
        assert res.stderr.startswith("plangraph: ") and res.stderr.count("\n") == 1, res.stderr
        assert "Traceback" not in res.stderr
        assert not (tmp_path / "build").exists() and not (tmp_path / "out.ttl").exists()
    if command == "serve":
        assert len(started) == (expected == 0)
