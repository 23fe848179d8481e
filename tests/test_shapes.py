"""Every SHACL constraint has a fixture that breaks it, and the report says so.

``tests/fixtures/valid/minimal.ttl`` conforms; each ``tests/fixtures/invalid/<name>.ttl`` is
that file (or the blocks of it it needs) with one change. Each is validated with
``data/common.ttl`` (source document, areas, agents) and must be reported with the expected
shape, message and focus node, and with nothing but that change's consequences. Both
validators run every case: pySHACL (``validate``) and the pyoxigraph one (``--fast``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH, SKOS

from conftest import iri, run_cli
from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.validate import validate
from plangraph.validate.fast import validate_fast

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal.ttl"
ORPHAN = FIXTURES / "queries" / "orphan.ttl"
INVALID = FIXTURES / "invalid"
BROKEN = INVALID / "broken-turtle.ttl"
COMMON = paths.DATA_DIR / "common.ttl"
PGSH = "https://w3id.org/plangraph/def/shapes#"
VALIDATORS = {"pyshacl": validate, "fast": validate_fast}


@pytest.fixture(params=list(VALIDATORS))
def check(request):
    """Each validator in turn: ``check(sources) -> Report``."""
    return VALIDATORS[request.param]


@dataclass(frozen=True)
class Case:
    """What one invalid fixture must produce."""

    shape: str | None  # pgsh: local name of the reported shape; None: the graph analysis
    message: str  # a fragment of the shape's sh:message
    focus: str  # the focus node, as a path under the instance base
    also: tuple[str, ...] = ()  # other violations the same change must cause
    severity: str = "Violation"


CLUSTER_ISSUE = "test-cluster/issue/1"
PROVINCE_ISSUE = "test-province/issue/1"
PROVINCE_INDICATOR = "test-province/issue/1/indicator/1"
PROVINCE_TARGET = PROVINCE_INDICATOR + "/target"
CLUSTER_INDICATOR = "test-cluster/issue/1/indicator/1"
CLUSTER_TARGET = CLUSTER_INDICATOR + "/target"
OBSERVATION = "observation/test-province/issue/1/indicator/1/2023"
CLAIM = "alignment/test-province-issue-1--test-cluster-issue-1"
BACK_CLAIM = "alignment/test-cluster-issue-1--test-province-issue-1"
# How an indicator sees a broken target (sh:node pgsh:TargetShape on pg:hasTarget).
WELL_FORMED = "needs exactly one well-formed target"
UNBACKED = "but no pg:Alignment claim backs it"


def target_case(message: str, target: str = PROVINCE_TARGET) -> Case:
    return Case("TargetShape", message, target, also=(WELL_FORMED,))


def claim_case(message: str, also: tuple[str, ...] = (), severity: str = "Violation") -> Case:
    return Case("AlignmentShape", message, CLAIM, also, severity)


CASES = {
    "element-no-thai-label": Case("ThaiLabel", "needs exactly one Thai label", CLUSTER_ISSUE),
    "element-two-thai-labels": Case(
        "ThaiLabel",
        "needs exactly one Thai label",
        CLUSTER_ISSUE,
        also=("has two preferred labels in the same language",),
    ),
    "element-no-english-label": Case(
        "EnglishLabel", "has no English label", CLUSTER_ISSUE, severity="Warning"
    ),
    "element-no-source": Case("HasSource", "has no source document", CLUSTER_ISSUE),
    "element-no-section": Case("PlanElementShape", "needs its place in the source", CLUSTER_ISSUE),
    "element-source-line-zero": Case(
        "SourceLine", "source line must be one positive xsd:integer", CLUSTER_ISSUE
    ),
    "element-two-plans": Case("PlanElementShape", "must be in exactly one plan", CLUSTER_ISSUE),
    "element-notation-thai-digits": Case(
        "PlanElementShape", "notation must be one number in Arabic digits", CLUSTER_ISSUE
    ),
    "element-two-parents": Case(
        "PlanElementShape", "must have at most one parent element", CLUSTER_INDICATOR
    ),
    "parent-in-other-plan": Case("PlanElementShape", "belongs to another plan", PROVINCE_INDICATOR),
    "element-part-of-cycle": Case("PlanElementShape", "is part of itself", CLUSTER_ISSUE),
    "indicator-no-target": Case("IndicatorShape", WELL_FORMED, PROVINCE_INDICATOR),
    "indicator-two-targets": Case("IndicatorShape", WELL_FORMED, PROVINCE_INDICATOR),
    "indicator-no-parent": Case(
        "IndicatorShape", "must sit under an issue or goal", PROVINCE_INDICATOR
    ),
    "target-value-string": target_case("needs exactly one value typed xsd:decimal"),
    "target-value-integer": target_case("needs exactly one value typed xsd:decimal"),
    "target-unit-not-unit": target_case("needs exactly one unit from the unit vocabulary"),
    "target-bad-direction": target_case("needs one direction"),
    "target-no-measure": target_case("needs one measure"),
    "target-cadence-not-annual": target_case("cadence, if given, is pg:Annual"),
    "target-no-value-wording": target_case("needs the value as printed"),
    "target-year-be": target_case("target year must be one CE xsd:gYear", CLUSTER_TARGET),
    "target-year-out-of-range": target_case("target year must be one CE xsd:gYear", CLUSTER_TARGET),
    "target-baseline-year-be": target_case(
        "baseline year must be one CE xsd:gYear", CLUSTER_TARGET
    ),
    "target-year-and-annual": target_case("but also says per year", CLUSTER_TARGET),
    "observation-no-dataset": Case("ObservationShape", "needs exactly one dataset", OBSERVATION),
    "observation-indicator-not-indicator": Case(
        "ObservationShape", "needs exactly one indicator", OBSERVATION
    ),
    "observation-year-be": Case(
        "ObservationShape", "needs exactly one reference year, a CE xsd:gYear", OBSERVATION
    ),
    "observation-value-string": Case(
        "ObservationShape", "needs exactly one observed value typed xsd:decimal", OBSERVATION
    ),
    "observation-unit-not-unit": Case(
        "ObservationShape",
        "needs exactly one unit for its value",
        OBSERVATION,
        also=("differs from its indicator's target unit",),
    ),
    "observation-unit-differs": Case(
        "ObservationShape", "differs from its indicator's target unit", OBSERVATION
    ),
    "plan-no-level": Case("PlanShape", "needs exactly one pg:planLevel", "plan/test-cluster"),
    "plan-no-area": Case("PlanShape", "needs the area it governs", "plan/test-cluster"),
    "plan-steered-by-non-plan": Case(
        "PlanShape", "pg:steeredBy must point to a pg:Plan", "plan/test-province"
    ),
    "alignment-no-basis": claim_case("needs a basis"),
    "alignment-no-relation": claim_case("needs a relation", also=(UNBACKED,)),
    "alignment-no-from": claim_case("needs exactly one pg:fromElement", also=(UNBACKED,)),
    "alignment-no-to": claim_case("needs exactly one pg:toElement", also=(UNBACKED,)),
    "alignment-confidence-too-high": claim_case("confidence must be one xsd:decimal from 0 to 1"),
    "alignment-confidence-negative": claim_case("confidence must be one xsd:decimal from 0 to 1"),
    "indicator-duplicate-number": Case(
        "SiblingNumberShape", "shares its number", CLUSTER_INDICATOR
    ),
    "issue-duplicate-number": Case("SiblingNumberShape", "shares its number", CLUSTER_ISSUE),
    "alignment-no-thai-justification": claim_case("needs a justification quoting the Thai wording"),
    "alignment-no-english-justification": claim_case(
        "has no English gloss of its justification", severity="Warning"
    ),
    "alignment-no-agent": claim_case("needs the agent who makes the claim"),
    "alignment-downward": claim_case("a claim must point up the cascade"),
    # Both claims close the cycle; the backward one also points down; the graph analysis
    # reports the cycle once more, as a path.
    "alignment-cycle": claim_case(
        "closes an alignment cycle through",
        also=("a claim must point up the cascade", "alignment cycle:"),
    ),
    "alignment-without-triple": claim_case("the mapping triple it reifies"),
    "mapping-without-claim": Case("ClaimedMappingShape", UNBACKED, PROVINCE_ISSUE),
    "source-no-thai-title": Case(
        "SourceDocumentShape", "needs a Thai title", "source/test-document"
    ),
    "area-no-thai-label": Case("ThaiLabel", "needs exactly one Thai label", "area/test-province"),
}


def fixture(name: str) -> Path:
    return INVALID / f"{name}.ttl"


def display(path: Path) -> str:
    return paths.display_path(path)


def thai_labels(path: Path, slug: str) -> list[str]:
    """The focus node's Thai labels, read from the fixture itself."""
    g = Graph().parse(path, format="turtle")
    return sorted(str(o) for o in g.objects(iri(slug), SKOS.prefLabel) if o.language == "th")


# --------------------------------------------------------------------------- conforming data


def test_minimal_fixture_conforms_without_warnings(check):
    report = check([COMMON, MINIMAL])
    assert report.conforms
    assert report.results == []


def test_project_data_conforms(check):
    report = check()
    assert report.conforms
    assert [f for f in report.results if f.severity != "Info"] == []


def test_orphan_query_fixture_conforms_with_the_data():
    report = validate_fast([*sorted(paths.DATA_DIR.glob("*.ttl")), ORPHAN])
    assert report.conforms and report.results == []


# --------------------------------------------------------------------------- invalid data


def test_every_invalid_fixture_has_its_case():
    on_disk = {p.stem for p in INVALID.glob("*.ttl")}
    assert on_disk == set(CASES) | {BROKEN.stem}


@pytest.mark.parametrize("name", CASES)
def test_fixture_breaks_exactly_its_constraint(check, name):
    case, path = CASES[name], fixture(name)
    report = check([COMMON, path])
    assert report.conforms is (case.severity != "Violation")
    expected = [
        f
        for f in report.results
        if case.message in f.message
        and f.focus == str(iri(case.focus))
        and f.severity == case.severity
    ]
    assert expected, f"no {case.severity} '{case.message}' on {case.focus}: {report.results}"
    shape = PGSH + case.shape if case.shape else None
    assert any(f.shape == shape for f in expected), [f.shape for f in expected]
    for f in expected:
        assert f.file == display(path)
        assert f.label in (thai_labels(path, case.focus) or [None])
    allowed = (case.message, *case.also)
    stray = [
        f
        for f in report.results
        if f.severity == "Violation" and not any(fragment in f.message for fragment in allowed)
    ]
    assert not stray, f"{name} breaks more than its constraint: {stray}"
    for fragment in case.also:
        assert any(fragment in f.message for f in report.results), f"no '{fragment}'"


def test_every_constraint_has_a_fixture():
    """Each sh:message of ontology/shapes.ttl is what some invalid fixture is expected to get."""
    shapes = Graph().parse(paths.shapes_path(), format="turtle")
    messages = {str(m) for m in shapes.objects(None, SH.message)}
    assert len(messages) >= 30
    expected = {c.message for c in CASES.values()} | {a for c in CASES.values() for a in c.also}
    uncovered = sorted(m for m in messages if not any(e in m for e in expected))
    assert not uncovered, f"constraints without an invalid fixture: {uncovered}"


@pytest.mark.parametrize("validator", ["pyshacl", "fast"])
def test_each_problem_is_reported_once(validator):
    report = VALIDATORS[validator]([COMMON, fixture("target-value-string")])
    assert len(report.results) == len(set(report.results))


# --------------------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("element-notation-thai-digits", []),
        ("parent-in-other-plan", []),
        ("indicator-no-target", []),
        ("indicator-no-target", ["--fast"]),
    ],
)
def test_cli_reports_violations_by_element(name, options):
    case, path = CASES[name], fixture(name)
    res = run_cli("validate", *options, COMMON, path)
    assert res.exit_code == 1, res.output
    (label,) = thai_labels(path, case.focus)
    blocks = [b for b in res.stdout.split("\n\n") if label in b]
    assert blocks, f"the report does not show «{label}»:\n{res.stdout}"
    assert any(display(path) in b and case.message in b for b in blocks), res.stdout


def test_cli_warnings_only_exit_0():
    path = fixture("element-no-english-label")
    res = run_cli("validate", COMMON, path)
    assert res.exit_code == 0, res.output
    assert "has no English label" in res.stdout and display(path) in res.stdout


@pytest.mark.parametrize("validator", ["pyshacl", "fast"])
def test_broken_turtle_is_a_load_error_in_one_line(validator):
    where = f"{display(BROKEN)}:8: "
    with pytest.raises(PlangraphError, match="bad syntax") as err:
        VALIDATORS[validator]([COMMON, BROKEN])
    assert str(err.value).startswith(where)
    fast = ["--fast"] if validator == "fast" else []
    res = run_cli("validate", *fast, COMMON, BROKEN)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.startswith(f"plangraph: {where}bad syntax")
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
