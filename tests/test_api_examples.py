"""The examples in ``help(plangraph)`` run, and ``query_df`` types its columns."""

from __future__ import annotations

import doctest

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

import plangraph
from plangraph.graph.terms import to_number, to_python


def test_the_module_examples_run():
    pytest.importorskip("pandas")
    failures, tried = doctest.testmod(plangraph, optionflags=doctest.ELLIPSIS)
    assert tried >= 6 and failures == 0


def test_years_are_integers_and_decimals_numbers():
    assert to_python(Literal("2027", datatype=XSD.gYear)) == 2027
    assert to_number(Literal("12.5", datatype=XSD.decimal)) == 12.5
    assert isinstance(to_number(Literal("12.5", datatype=XSD.decimal)), float)
    assert to_python(Literal("ลำปาง", lang="th")) == "ลำปาง"


def test_query_df_gives_numbers_and_integer_years(project_ds):
    pytest.importorskip("pandas")
    df = plangraph.query_df("indicators", graph=project_ds)
    assert df["target_value"].dtype.kind == "f"
    assert str(df["target_year"].dtype) == "Int64" and 2022 in set(df["target_year"].dropna())
    rollup = plangraph.query_df("rollup", graph=project_ds)
    assert rollup["min_confidence"].dtype.kind == "f"
    assert rollup["ns_strategy_th"].str.startswith("ยุทธศาสตร์ชาติ").all()
