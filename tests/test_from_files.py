"""``FROM``/``FROM NAMED`` never read a local file: files reach a query only through --data
(rdflib would otherwise load ``FROM <file:…>`` and even tell whether /etc/passwd exists)."""

from __future__ import annotations

from pathlib import Path

import pytest

import plangraph
from conftest import INFRA_SOURCES, run_cli
from plangraph.graph.load import load
from plangraph.sparql.engines import run

SECRET = '<http://example.org/secret/s> <http://example.org/secret/p> "the secret" .\n'


@pytest.fixture
def secret(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "secret.ttl"
    path.write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def queries(secret: Path) -> list[str]:
    uri = secret.as_uri()
    return [
        f"SELECT ?o FROM <{uri}> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?o FROM NAMED <{uri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT ?o FROM <secret.ttl> WHERE { ?s ?p ?o }",
    ]


def test_the_rdflib_engine_reads_no_file(secret: Path):
    ds = load(INFRA_SOURCES)
    for text in queries(secret):
        try:
            rows = run(text, engine="rdflib", graph=ds).rows
        except plangraph.PlangraphError as e:  # the checker refuses FROM a local file
            assert "secret" not in str(e) and "refused" in str(e)
            continue
        assert all("secret" not in str(v) for row in rows for v in row.values()), text


def test_the_python_api_reads_no_file(secret: Path, tmp_path: Path):
    ds = load(INFRA_SOURCES)
    for number, text in enumerate(queries(secret)):
        rq = tmp_path / f"q{number}.rq"
        rq.write_text(text, encoding="utf-8")
        try:
            rows = plangraph.query(str(rq), graph=ds)
        except plangraph.PlangraphError as e:  # oxigraph refuses a relative IRI
            assert "secret" not in str(e).replace(str(rq), "")
            continue
        assert all("secret" not in str(v) for row in rows for v in row.values()), text


def test_a_file_that_exists_and_one_that_does_not_answer_alike(tmp_path: Path):
    answers = []
    for target in ("/etc/passwd", str(tmp_path / "no-such-file.ttl")):
        rq = tmp_path / "q.rq"
        rq.write_text(f"SELECT ?o FROM <file://{target}> WHERE {{ ?s ?p ?o }}", encoding="utf-8")
        res = run_cli("query", rq, "--engine", "rdflib", "--data", INFRA_SOURCES[0])
        answers.append((res.exit_code, res.stdout, res.stderr))
    assert answers[0] == answers[1]
    assert answers[0][0] in (0, 2) and "root" not in answers[0][1]  # 2: refused, unread
