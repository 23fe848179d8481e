"""Endpoint answers put right: booleans given as 1/0, duplicates under DISTINCT (Virtuoso)."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import XSD

from plangraph.sparql.answers import boolean_columns, conform, is_distinct, restore_booleans
from plangraph.sparql.library import resolve
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_network

TEXT = """SELECT ?n ?same ?either ?cast ?pick ?label WHERE {
  BIND (1 AS ?n) BIND (?n = 1 AS ?same) BIND (?n > 2 || BOUND(?n) AS ?either)
  BIND (<http://www.w3.org/2001/XMLSchema#boolean>(?n) AS ?cast)
  BIND (IF(?n = 1, ?n < 0, false) AS ?pick) BIND ("1" AS ?label) }"""


def test_boolean_columns_follow_the_sparql_types():
    algebra = check_network(TEXT).algebra
    assert boolean_columns(algebra) == {"same", "either", "cast", "pick"}
    targets = check_network(resolve("targets").text).algebra
    assert {"same_unit", "same_measure", "same_timing"} <= boolean_columns(targets)


def test_one_and_zero_become_true_and_false_only_there():
    one, zero = Literal(1), Literal(0)
    row = {"n": one, "same": one, "either": zero, "cast": Literal("1", datatype=XSD.boolean),
           "pick": None, "label": Literal("1")}
    fixed = restore_booleans(Result(list(row), [row]),
                             boolean_columns(check_network(TEXT).algebra))
    assert fixed.rows == [{
        "n": one, "same": Literal(True), "either": Literal(False), "cast": Literal(True),
        "pick": None, "label": Literal("1"),
    }]
    assert str(fixed.rows[0]["cast"]) == "true"


def test_duplicates_dropped_only_under_distinct():
    a, b = Literal("ยั่งยืน"), Literal("x")
    rows = [{"v": a}, {"v": b}, {"v": a}]
    distinct = check_network("SELECT DISTINCT ?v WHERE { ?s ?p ?v } ORDER BY ?v LIMIT 5")
    plain = check_network("SELECT ?v WHERE { ?s ?p ?v } ORDER BY ?v")
    assert is_distinct(distinct.algebra) and not is_distinct(plain.algebra)
    assert conform(Result(["v"], rows), distinct).rows == [{"v": a}, {"v": b}]
    assert conform(Result(["v"], rows), plain).rows == rows
    sub = "SELECT ?v WHERE { { SELECT DISTINCT ?v WHERE { ?s ?p ?v } } ?v ?q ?o }"
    assert not is_distinct(check_network(sub).algebra)


def test_canonical_answers_are_left_as_they_came():
    """Most engines already answer true/false: nothing is copied, and a row that needs a
    change keeps its column order."""
    columns = boolean_columns(check_network(TEXT).algebra)
    good = {"n": Literal(1), "same": Literal(True), "either": Literal(False), "label": Literal("1")}
    answer = Result(list(good), [good, dict(good)])
    assert restore_booleans(answer, columns) is answer
    bad = {**good, "same": Literal(1)}
    fixed = restore_booleans(Result(list(good), [good, bad]), columns)
    assert fixed.rows == [good, good] and list(fixed.rows[1]) == list(good)
    assert fixed.rows[0] is good
