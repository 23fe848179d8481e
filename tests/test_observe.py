"""`plangraph observe` (CSV → Data Cube Turtle) and the progress query over its output.

``tests/fixtures/observe/progress.csv`` holds invented values for six of the project's
indicators (BE and CE years, Thai digits, a grouped number, units by label, symbol and CURIE);
the expected statuses below are worked out by hand from the rules in queries/progress.rq.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from conftest import PG, iri, run_cli
from plangraph import paths
from plangraph.build import build
from plangraph.errors import PlangraphError
from plangraph.graph.load import load
from plangraph.graph.terms import to_nt
from plangraph.ingest.observations import observe
from plangraph.sparql.engines import execute
from plangraph.validate.fast import validate_fast

FIXTURES = Path(__file__).parent / "fixtures" / "observe"
PROGRESS_CSV = FIXTURES / "progress.csv"
DATA = sorted(paths.DATA_DIR.glob("*.ttl"))

# indicator → (first year, last year, status), by hand:
EXPECTED = {
    # Change, annual, increase 10 %: latest change 12.0 ≥ 10
    "lampang/issue/1/indicator/2": ("2021", "2022", "met"),
    # Change, annual, increase 10 %: latest change 7.5 < 10; annual, so never on track
    "lampang/issue/1/indicator/1": ("2022", "2023", "behind"),
    # Change, annual, decrease 5,000 t: wanted −5000; latest −6000 ≤ −5000
    "lampang/issue/4/indicator/6": ("2022", "2023", "met"),
    # Level, increase to 23,000 baht/month by 2022: 22000 < 23000, 2022 > 2021, 20000 → 22000
    "upper-north-1/indicator/3": ("2019", "2021", "on-track"),
    # Level, increase to 102,000 million baht by 2022: 95000 < 102000 and no year left
    "upper-north-1/issue/1/indicator/1": ("2020", "2022", "behind"),
    # Level, Gini decreases to 0.38 by 2022: 0.37 ≤ 0.38
    "upper-north-1/indicator/2": ("2018", "2021", "met"),
}


@pytest.fixture(scope="module")
def observed(project_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture CSV written as Turtle."""
    out = tmp_path_factory.mktemp("observe") / "observations.ttl"
    observe(PROGRESS_CSV, project_graph, out)
    return out


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- CSV → Turtle


def test_round_trip_conforms_with_the_project_data(observed: Path):
    report = validate_fast([*DATA, observed])
    assert report.conforms, report.render()
    assert [f for f in report.results if f.severity != "Info"] == []


def test_one_observation_per_row_in_the_target_unit(observed: Path):
    g = Graph().parse(observed)
    obs = iri("observation/lampang/issue/1/indicator/2/2021")  # BE 2564 in the CSV
    assert g.value(obs, PG.indicator) == iri("lampang/issue/1/indicator/2")
    assert g.value(obs, PG.refYear) == Literal("2021", datatype=XSD.gYear)
    thai = g.value(iri("observation/lampang/issue/1/indicator/2/2022"), PG.observedValue)
    assert thai.datatype == XSD.decimal and float(thai) == 12.0  # ๑๒.๐
    grouped = g.value(iri("observation/upper-north-1/indicator/3/2019"), PG.observedValue)
    assert float(grouped) == 20000  # "20,000"
    assert len(set(g.subjects(PG.indicator, None))) == 12
    units = set(g.objects(None, URIRef("http://qudt.org/schema/qudt/unit")))
    assert URIRef("http://qudt.org/vocab/unit/UNITLESS") in units


def test_cli_writes_the_file(tmp_path: Path):
    out = tmp_path / "obs.ttl"
    res = run_cli("observe", PROGRESS_CSV, "--out", out, "--dataset", "test-values")
    assert res.exit_code == 0, res.output
    assert "wrote 12 observation(s)" in res.stderr
    assert iri("dataset/test-values") in set(Graph().parse(out).subjects())


BAD_ROWS = {
    "unknown indicator": ("lampang/issue/9/indicator/9,2022,5,", "unknown indicator"),
    "not an IRI": ("two words,2022,5,", "is not a valid IRI"),
    "wrong unit": ("lampang/issue/1/indicator/2,2022,5,tonne", "is not the indicator's target"),
    "year out of range": ("lampang/issue/1/indicator/2,1999,5,", "outside 2000–2037"),
    "BE year out of range": ("lampang/issue/1/indicator/2,2590,5,", "outside 2000–2037"),
    "year not a number": ("lampang/issue/1/indicator/2,ปี 2565,5,", "not a whole number"),
    "value not a number": ("lampang/issue/1/indicator/2,2022,ten,", "is not a decimal number"),
    "decimal comma": ('lampang/issue/1/indicator/2,2022,"5,5",', "is not a decimal number"),
    "duplicate": ("lampang/issue/1/indicator/1,2022,5,", "is already on line 2"),
    "short row": ("lampang/issue/1/indicator/2,2022", "2 fields, the header has 4"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_bad_row_is_one_line_naming_it_and_nothing_is_written(tmp_path: Path, case: str):
    row, problem = BAD_ROWS[case]
    csv_path = write_csv(
        tmp_path, f"indicator,year,value,unit\nlampang/issue/1/indicator/1,2022,5,\n\n{row}\n"
    )
    out = tmp_path / "obs.ttl"
    res = run_cli("observe", csv_path, "--out", out)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"plangraph: {paths.display_path(csv_path)}:4: ")
    assert problem in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert not out.exists()


def test_a_failed_run_keeps_the_old_file(tmp_path: Path, project_graph: Graph):
    out = tmp_path / "obs.ttl"
    out.write_text("# old\n", encoding="utf-8")
    csv_path = write_csv(tmp_path, "indicator,year,value\nlampang/issue/1/indicator/1,20,5\n")
    with pytest.raises(PlangraphError, match=":2: year 20 is outside"):
        observe(csv_path, project_graph, out)
    assert out.read_text(encoding="utf-8") == "# old\n"


@pytest.mark.parametrize(
    "header", ["indicator,value", "indicator,year,value,comment", "", "indicator,year,year,value"]
)
def test_bad_header_is_line_1(tmp_path: Path, project_graph: Graph, header: str):
    csv_path = write_csv(tmp_path, header + "\n")
    with pytest.raises(PlangraphError, match=r":1: the header must be indicator,year,value"):
        observe(csv_path, project_graph, tmp_path / "obs.ttl")


def test_bad_dataset_name(tmp_path: Path, project_graph: Graph):
    with pytest.raises(PlangraphError, match="dataset name"):
        observe(PROGRESS_CSV, project_graph, tmp_path / "obs.ttl", dataset="Not Valid")


# --------------------------------------------------------------------------- progress


@pytest.fixture(scope="module")
def progress(observed: Path) -> dict[str, list[tuple[str, ...]]]:
    """The progress query on both engines, rows as N-Triples tuples."""
    ds = load([*paths.default_sources(), observed])
    return {
        engine: [
            tuple(to_nt(t) for t in row)
            for row in execute("progress", {}, graph=ds, engine=engine).as_tuples()
        ]
        for engine in ("rdflib", "oxigraph")
    }


def test_progress_statuses(observed: Path, project_graph: Graph):
    ds = load([*paths.default_sources(), observed])
    result = execute("progress", {}, graph=ds, engine="oxigraph")
    got = {}
    for row in result.rows:
        path = str(row["indicator"]).removeprefix(paths.ID_BASE)
        if row["status"] != Literal("no-data"):
            got[path] = (str(row["first_year"]), str(row["last_year"]), str(row["status"]))
        else:
            assert row["last_value"] is None
    assert got == EXPECTED
    indicators = set(project_graph.subjects(PG.hasTarget, None))
    assert len(result.rows) == len(indicators) == 26  # everything else is no-data


def test_progress_same_answers_on_rdflib_and_oxigraph(progress):
    assert progress["rdflib"] == progress["oxigraph"]


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_progress_for_one_indicator(observed: Path, engine: str):
    ds = load([*paths.default_sources(), observed])
    result = execute(
        "progress", {"indicator": "upper-north-1/indicator/3"}, graph=ds, engine=engine
    )
    assert [str(r["status"]) for r in result.rows] == ["on-track"]


# --------------------------------------------------------------------------- build


def test_build_writes_progress_only_with_observations(tmp_path: Path, observed: Path):
    options = {"maps": False, "export": False, "site": False}
    with_obs = build(tmp_path / "with", sources=[*paths.default_sources(), observed], **options)
    assert Path("progress.csv") in with_obs.files
    lines = (tmp_path / "with" / "progress.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 26 and lines[0].startswith("indicator,label_th,label_en,first_year")
    without = build(tmp_path / "without", sources=paths.default_sources(), **options)
    assert Path("progress.csv") not in without.files
