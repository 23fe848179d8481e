"""Result writers: table (Thai widths), CSV, TSV, JSON."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from plangraph.sparql.results import Result, render
from plangraph.sparql.table import display_width

EX = "http://example.org/pgtest/"
RESULT = Result(
    ["s", "label", "n"],
    [
        {
            "s": URIRef(EX + "lampang"),
            "label": Literal("แผนพัฒนาจังหวัดลำปาง", lang="th"),
            "n": Literal("5", datatype=XSD.integer),
        },
        {"s": BNode("b1"), "label": Literal('two\tlines\n"q"'), "n": None},
        {
            "s": URIRef(EX + "x"),
            "label": Literal("1.0", datatype=XSD.decimal),
            "n": Literal("1e3", datatype=XSD.double),
        },
        {"s": URIRef(EX + "y"), "label": Literal("5", datatype=XSD.decimal), "n": None},
    ],
)


def test_display_width_counts_thai_marks_as_zero():
    assert display_width("ปู่") == 1  # base + vowel below + tone mark
    assert display_width("แผนพัฒนาจังหวัดลำปาง") == 17
    assert display_width("日本") == 4
    assert display_width("abc") == 3


def test_table_aligns_by_display_width():
    text = render(RESULT, "table", namespaces={"ex": EX})
    lines = text.splitlines()
    assert lines[0].split() == ["s", "label", "n"]
    assert lines[2].startswith("ex:lampang  แผนพัฒนาจังหวัดลำปาง  5")
    # Every "n" cell starts at the same display column.
    col = display_width(lines[0][: lines[0].index(" n")]) + 1
    assert display_width(lines[2][: lines[2].rindex(" 5")]) + 1 == col
    assert "\\n" in lines[3]  # one line per row


def test_csv_plain_values_and_bom():
    text = render(RESULT, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["s", "label", "n"]
    assert rows[1] == [EX + "lampang", "แผนพัฒนาจังหวัดลำปาง", "5"]
    assert rows[2] == ["_:b1", 'two\tlines\n"q"', ""]
    assert text.endswith("\r\n")
    bom = render(RESULT, "csv", bom=True)
    assert bom.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert bom[1:] == text


def test_tsv_terms_follow_w3c():
    lines = render(RESULT, "tsv").split("\n")
    assert lines[0] == "?s\t?label\t?n"
    assert lines[1] == f'<{EX}lampang>\t"แผนพัฒนาจังหวัดลำปาง"@th\t5'
    assert lines[2] == '_:b1\t"two\\tlines\\n\\"q\\""\t'
    # rdflib normalizes 1e3 to "1000.0", which has no Turtle double short form.
    assert lines[3] == f'<{EX}x>\t1.0\t"1000.0"^^<{XSD.double}>'
    assert lines[4] == f'<{EX}y>\t"5"^^<{XSD.decimal}>\t'  # "5" is no Turtle decimal
    assert lines[5] == ""


def test_json_follows_w3c():
    doc = json.loads(render(RESULT, "json"))
    assert doc["head"] == {"vars": ["s", "label", "n"]}
    b = doc["results"]["bindings"]
    assert b[0] == {
        "s": {"type": "uri", "value": EX + "lampang"},
        "label": {"type": "literal", "value": "แผนพัฒนาจังหวัดลำปาง", "xml:lang": "th"},
        "n": {"type": "literal", "value": "5", "datatype": str(XSD.integer)},
    }
    assert b[1] == {
        "s": {"type": "bnode", "value": "b1"},
        "label": {"type": "literal", "value": 'two\tlines\n"q"'},
    }
    assert "แผน" in render(RESULT, "json")  # not \\u-escaped


def test_ask_results():
    yes = Result.ask(True)
    assert json.loads(render(yes, "json")) == {"head": {}, "boolean": True}
    assert render(yes, "table") == "true\n"
    assert render(Result.ask(False), "csv") == "false\r\n"


def test_empty_select():
    empty = Result(["a", "b"], [])
    assert render(empty, "tsv") == "?a\t?b\n"
    assert json.loads(render(empty, "json"))["results"]["bindings"] == []
    assert render(empty, "table").splitlines()[0].split() == ["a", "b"]
