"""``plangraph build``: what it writes, from the project or from ``--data``, with validation
and the exports in background processes — their results and failures reach the summary and
the exit code, and a failed build leaves the previous one in place."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from conftest import run_cli
from plangraph import build as build_module
from plangraph import paths
from plangraph.build import build
from plangraph.errors import PlangraphError
from plangraph.graph.load import load, merged
from plangraph.synth import Spec, write
from plangraph.validate import validation_sources

PG = Namespace(paths.PG)
CORE = ["validation.txt", "plangraph.ttl", "indicators.csv", "rollup.csv", "gaps.csv",
        "coverage.csv", "load-bearing.csv"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a 3-province synthetic cascade and two years of observations."""
    folder = tmp_path_factory.mktemp("synth")
    write(Spec(provinces=3, years=2, seed=7), folder)
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    return _rows_of(path.read_text(encoding="utf-8-sig"))


def _rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_build_from_a_data_folder_writes_every_output(synthetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = run_cli("build", "--out", out, "--no-site", "--data", synthetic)
    assert result.exit_code == 0, result.stderr
    for name in [*CORE, "progress.csv", "maps/index.html", "maps/alignment.html",
                 "export/catalog.ttl", "export/plangraph.jsonld"]:
        assert (out / name).is_file(), name
    assert not (out / "site").exists()
    assert "validation: conforms" in result.stderr and "wrote " in result.stderr
    files = sorted(synthetic.glob("*.ttl"))
    graph = merged(load(validation_sources(files)))
    # the merged graph is the data, read back whole
    assert len(Graph().parse(out / "plangraph.ttl")) == len(graph)
    indicators = _rows(out / "indicators.csv")
    assert len(indicators) == len(set(graph.subjects(RDF.type, PG.Indicator))) > 10
    assert "indicators: " + str(len(indicators)) in result.stderr


def test_coverage_csv_counts_what_reaches_each_strategy(synthetic: Path, tmp_path: Path) -> None:
    files = validation_sources(sorted(synthetic.glob("*.ttl")))
    build(tmp_path / "b", sources=files, maps=False, export=False, site=False)
    rdf = merged(load(files))
    # the cascade built here from the triples: part-of and every claim, pointing up
    up = nx.DiGraph()
    up.add_edges_from((str(a), str(b)) for a, b in rdf.subject_objects(PG.partOf))
    up.add_edges_from((str(rdf.value(c, PG.fromElement)), str(rdf.value(c, PG.toElement)))
                      for c in rdf.subjects(RDF.type, PG.Alignment))
    strategies = {str(rdf.value(s, SKOS.notation)): str(s)
                  for s in rdf.subjects(RDF.type, PG.NationalStrategy)}
    rows = _rows(tmp_path / "b" / "coverage.csv")
    assert len(rows) == sum(1 for cls in (PG.StrategicIssue, PG.DevelopmentIssue)
                            for _ in rdf.subjects(RDF.type, cls))
    for row in rows:
        issue = URIRef(row["issue"])
        indicators = [str(i) for i in set(rdf.transitive_subjects(PG.partOf, issue)) - {issue}
                      if (i, RDF.type, PG.Indicator) in rdf]
        for notation, strategy in strategies.items():
            expected = sum(1 for i in indicators if strategy in nx.descendants(up, i))
            assert int(row[f"ns_{notation}"]) == expected, (row["issue"], notation)
    assert any(int(row[f"ns_{n}"]) for row in rows for n in strategies)


def test_violations_found_in_the_background_fail_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "cycles"
    write(Spec(provinces=1, seed=3, cycles=True), folder)
    result = run_cli("build", "--out", tmp_path / "b", "--no-site", "--no-export",
                     "--data", folder)
    assert result.exit_code == 1
    assert "validation: FAILS" in result.stderr
    report = (tmp_path / "b" / "validation.txt").read_text(encoding="utf-8")
    assert "alignment cycle" in report


def test_an_error_in_a_background_step_keeps_the_old_build(tmp_path: Path,
                                                            monkeypatch) -> None:
    out = tmp_path / "build"
    build(out, maps=False, export=False, site=False)
    before = sorted(p.name for p in out.iterdir())

    def broken(*_args: object, **_kwargs: object) -> None:
        raise PlangraphError("export/catalog.ttl: cannot write", exit_code=2)

    monkeypatch.setattr(build_module, "export_all", broken)
    with pytest.raises(PlangraphError, match="cannot write") as err:
        build(out, maps=False, site=False)
    assert err.value.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]  # no temp dirs left


def test_progress_hears_every_step(tmp_path: Path) -> None:
    heard: list[str] = []
    summary = build(tmp_path / "b", site=False, progress=lambda step, _s: heard.append(step))
    assert heard == list(summary.steps)
    assert {"load", "validate (beside)", "queries", "maps", "export (beside)"} <= set(heard)
    assert all(seconds >= 0 for seconds in summary.steps.values())
    assert list(summary.cpu) == heard  # CPU seconds too, the helpers' measured where they ran
    assert all(seconds >= 0 for seconds in summary.cpu.values())
    assert summary.cpu["validate (beside)"] > 0


def test_query_on_a_data_folder_sees_the_ontology_as_build_does(synthetic: Path,
                                                               tmp_path: Path) -> None:
    # progress needs the ontology's controlled values (direction, measure, status labels):
    # `--data` must add it, or the query answers nothing
    out = tmp_path / "build"
    assert run_cli("build", "--out", out, "--no-site", "--no-maps", "--no-export",
                   "--data", synthetic).exit_code == 0
    queried = run_cli("query", "progress", "--data", synthetic, "--format", "csv")
    assert queried.exit_code == 0, queried.stderr
    rows = _rows_of(queried.stdout)
    assert rows == _rows(out / "progress.csv")
    assert rows and all(r["status_en"] for r in rows)


def test_naming_an_ontology_file_in_data_reads_it_once(synthetic: Path) -> None:
    ontology = paths.ontology_sources()
    files = validation_sources([*ontology, *sorted(synthetic.glob("*.ttl"))])
    assert files == validation_sources(sorted(synthetic.glob("*.ttl")))
    assert files[: len(ontology)] == ontology


def test_two_builds_of_the_same_files_are_identical_byte_for_byte(tmp_path: Path) -> None:
    """A build is reproducible: publishers diff releases, and a refactoring is checked by
    comparing build folders (``scripts/compare_builds.py``)."""
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        result = run_cli("build", "--out", out)
        assert result.exit_code == 0, result.stderr
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(names) > 100
    different = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert different == []
