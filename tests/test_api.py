"""The public Python API (what notebooks use)."""

from __future__ import annotations

import importlib.util
from decimal import Decimal

import pytest

import plangraph
from conftest import EX, INFRA


@pytest.fixture
def library(monkeypatch):
    """Point the query library at the infrastructure fixtures."""
    from plangraph import paths

    monkeypatch.setattr(paths, "QUERIES_DIR", INFRA)


def test_query_returns_python_values(library, infra_ds):
    rows = plangraph.query("indicators-of", graph=infra_ds, plan="ex:lampang")
    assert rows == [
        {
            "plan": EX + "lampang",
            "indicator": EX + "households",
            "label": "ร้อยละของครัวเรือนที่มีน้ำสะอาดใช้",
            "target": Decimal("95.5"),
        }
    ]
    levels = plangraph.query("plans-by-level", graph=infra_ds, level=1)
    assert [r["plan"] for r in levels] == [EX + "national"]


def test_query_errors_are_plangraph_errors(library, infra_ds):
    with pytest.raises(plangraph.PlangraphError, match="missing required parameter plan"):
        plangraph.query("indicators-of", graph=infra_ds)
    with pytest.raises(plangraph.PlangraphError, match="unknown query 'nope'"):
        plangraph.query("nope", graph=infra_ds)


def test_query_df(library, infra_ds):
    if importlib.util.find_spec("pandas") is None:
        with pytest.raises(plangraph.PlangraphError, match=r"pip install 'plangraph\[pandas\]'"):
            plangraph.query_df("plans-by-level", graph=infra_ds)
    else:
        df = plangraph.query_df("plans-by-level", graph=infra_ds, level=2)
        assert list(df.columns) == ["plan", "label", "level", "lang"]
        assert df["plan"].tolist() == [EX + "north"]


def test_version():
    assert plangraph.__version__
