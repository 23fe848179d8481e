"""Apache Jena (Debian's libapache-jena-java) answers every library query as plangraph does.

Every case of ``library_cases`` (each query with its defaults and with sample parameters,
written in place as plangraph writes them for an endpoint; ``search`` with a Thai keyword,
``targets``) runs on Jena ARQ in one JVM, on the seed data and on a small synthetic cascade,
and its rows must equal the embedded rows as exact terms, but for one documented
difference: a number written in a non-canonical form (``"3672.0"^^xsd:decimal``) comes back
from Jena as written and from plangraph's store in canonical form (``"3672"``; a Store keeps
values, oxigraph issue #526), so numbers are compared by datatype and value. Jena SHACL must
agree with plangraph's validator on whether the data conforms.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from jena import DEPENDENCIES, Jena, JenaMissing, build_shim, jena_jars, library_text, values
from library_cases import Case, embedded, expectations, library_cases
from rdflib import Dataset

from plangraph.graph.load import load
from plangraph.paths import default_sources, shapes_path, validation_sources
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.results import Result
from plangraph.synth import Spec, write
from plangraph.validate.fast import validate_fast


@pytest.fixture(scope="module")
def jena(tmp_path_factory) -> Jena:
    try:
        return Jena()
    except JenaMissing as e:
        pytest.skip(f"{e} (scripts/test.sh installs it as root)")


def mismatches(jena: Jena, ds: Dataset, expected: list[tuple[Case, Result]],
               sources: list[Path], folder: Path) -> tuple[list[str], bool | None]:
    """Cases whose Jena rows differ from the embedded ones, and Jena SHACL's verdict."""
    texts = {}
    for n, (case, _) in enumerate(expected):
        params = bind_params(case.info, case.raw, known_prefixes(ds, case.info.text))
        texts[f"case{n}"] = library_text(case.info, params)
    run = jena.run(sources, texts, folder, shapes=shapes_path(), timeout=600)
    problems = []
    for n, (case, want) in enumerate(expected):
        got = run.result(f"case{n}") if f"case{n}" in run.answers else None
        if got is None:
            problems.append(f"{case.id}: no answer from Jena")
        elif (got.vars, got.boolean) != (want.vars, want.boolean):
            problems.append(f"{case.id}: {got.vars} {got.boolean} != {want.vars} {want.boolean}")
        elif values(got) != values(want):
            only = (values(got) - values(want)) or (values(want) - values(got))
            problems.append(f"{case.id}: {len(got.rows)} rows, {len(want.rows)} embedded; "
                            f"e.g. {next(iter(only))}"[:400])
    return problems, run.conforms


def test_every_library_query_same_rows_on_jena_seed(jena, tmp_path):
    ds, expected = expectations()
    names = {case.id: want for case, want in expected}
    assert names["search[keyword=ท่องเที่ยว]"].rows  # a Thai keyword that finds something
    assert names["targets"].rows
    problems, conforms = mismatches(jena, ds, expected, default_sources(), tmp_path)
    assert problems == []
    assert conforms is validate_fast().conforms


def test_every_library_query_same_rows_on_jena_synthetic(jena, tmp_path):
    write(Spec(provinces=2, years=2, seed=3), tmp_path / "data")
    sources = validation_sources(sorted((tmp_path / "data").glob("*.ttl")))
    ds = load(sources)
    expected = [(case, embedded(ds, case)) for case in library_cases(ds)]
    assert len({case.info.name for case, _ in expected}) >= 12  # the parametrised ones too
    problems, conforms = mismatches(jena, ds, expected, sources, tmp_path / "jena")
    assert problems == []
    assert conforms is validate_fast(sources).conforms


def fake_jar(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            z.writestr(name, f"content of {name}")
    return path


def test_shim_copies_the_message_bundles_next_to_relocated_classes(tmp_path):
    core = fake_jar(tmp_path / "jena-core-4.5.0.jar", [
        "xerces/impl/dv/xs/XSSimpleTypeDecl.class",
        "org/apache/jena/ext/xerces/impl/msg/XMLMessages.properties",
        "org/apache/jena/ext/xerces/impl/xpath/regex/message.properties",
        "org/apache/jena/ext/xerces/impl/Other.class"])
    assert build_shim([core], tmp_path / "shim.jar")
    with zipfile.ZipFile(tmp_path / "shim.jar") as z:
        assert sorted(z.namelist()) == ["xerces/impl/msg/XMLMessages.properties",
                                        "xerces/impl/xpath/regex/message.properties"]
        assert z.read("xerces/impl/msg/XMLMessages.properties") == \
            b"content of org/apache/jena/ext/xerces/impl/msg/XMLMessages.properties"


def test_no_shim_where_xerces_is_not_relocated(tmp_path):
    upstream = fake_jar(tmp_path / "jena-core-5.0.0.jar", [
        "org/apache/jena/ext/xerces/impl/dv/xs/XSSimpleTypeDecl.class",
        "org/apache/jena/ext/xerces/impl/msg/XMLMessages.properties"])
    assert not build_shim([upstream], tmp_path / "shim.jar")
    assert not (tmp_path / "shim.jar").exists()


def test_jars_found_by_name_newest_jena_and_missing_dependency_named(tmp_path):
    for name in ("jena-arq-4.5.0", "jena-core-4.5.0", "jena-arq-4.10.0", "jena-core-4.10.0",
                 "jena-arq", *DEPENDENCIES):
        fake_jar(tmp_path / f"{name}.jar", [])
    jars = [p.name for p in jena_jars(tmp_path)]
    assert jars[:2] == ["jena-arq-4.10.0.jar", "jena-core-4.10.0.jar"]
    assert len(jars) == 2 + len(DEPENDENCIES)
    (tmp_path / "slf4j-nop.jar").unlink()
    with pytest.raises(JenaMissing, match="slf4j-nop.jar"):
        jena_jars(tmp_path)


def test_each_query_runs_as_often_as_asked(jena, tmp_path):
    """benchmarks/run.py gives Jena the number of timed runs plangraph's engine took, per
    query: a quick query runs more often than a slow one."""
    texts = {"quick": "ASK { ?s ?p ?o }", "slow": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
             "untimed": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"}
    run = jena.run(default_sources(), texts, tmp_path, repeat={"quick": 7, "slow": 2,
                                                               "untimed": 0}, timeout=600)
    assert {name: len(run.times[name] or []) for name in texts} == {"quick": 7, "slow": 2,
                                                                    "untimed": 0}
    assert run.result("quick").boolean is True  # the untimed first run wrote the answer
