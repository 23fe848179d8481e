"""A user value becomes an IRI only when every character is allowed: ``<`` and ``>`` on
their own (no space or brace beside them to give the value away) are refused too."""

from __future__ import annotations

import pytest

from conftest import run_cli
from plangraph.errors import PlangraphError
from plangraph.sparql.params import to_term


@pytest.mark.parametrize("value", ["http://ex.org/a>", "http://ex.org/<a", "urn:x:a>b",
                                   "<http://ex.org/a>b>", "lampang/issue/2>"])
def test_angle_brackets_alone_are_refused(value: str):
    with pytest.raises(PlangraphError, match="is not a valid IRI"):
        to_term(value, "IRI", {}, "element")


def test_a_bracketed_iri_is_still_accepted():
    assert str(to_term("<http://ex.org/a>", "IRI", {}, "element")) == "http://ex.org/a"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_cli_refuses_them_in_one_line(engine: str):
    res = run_cli("query", "trace", "--param", "element=http://ex.org/a>", "--engine", engine)
    assert res.exit_code == 2, res.stderr
    assert res.stderr.startswith("plangraph: ") and res.stderr.count("\n") == 1
    assert "is not a valid IRI" in res.stderr
