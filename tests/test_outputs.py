"""What people paste into reports: build/*.csv open in Excel with Thai intact (a BOM unless
--plain-csv), and build/plangraph.xlsx has a sheet per table with labels, frozen headers and
numbers as numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from plangraph import paths
from plangraph.build import build
from plangraph.publish.workbook import Sheet, cell_value, sheet_values, workbook_bytes

TABLES = ["indicators", "rollup", "gaps", "gaps-province", "coverage", "load-bearing"]
OPTIONS = {"maps": False, "export": False, "site": False}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("outputs") / "build"
    build(out, **OPTIONS)
    return out


def test_every_build_csv_starts_with_a_bom_and_keeps_thai(built: Path):
    files = sorted(built.glob("*.csv"))
    assert {p.stem for p in files} >= set(TABLES)
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert data.count(b"\xef\xbb\xbf") == 1, path.name
        text = data.decode("utf-8-sig")
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in text), path.name


def test_every_element_column_of_a_build_csv_has_thai_and_english_labels(built: Path):
    for path in built.glob("*.csv"):
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
        header = list(rows[0])
        elements = [c for c in header if any(r[c].startswith(paths.ID_BASE) for r in rows)]
        assert elements or "label_th" in header, path.name  # indicators: notations
        principal = [c for c in elements if f"{c}_th" not in header]
        assert len(principal) <= 1, (path.name, principal)
        assert not principal or {"label_th", "label_en"} <= set(header), path.name
        assert all(f"{c}_en" in header for c in elements if c not in principal), path.name


def test_plain_csv_opts_out_of_the_bom(tmp_path: Path, built: Path):
    out = tmp_path / "plain"
    result = run_cli("build", "--out", out, "--plain-csv", "--no-maps", "--no-export",
                     "--no-site")
    assert result.exit_code == 0, result.stderr
    for path in built.glob("*.csv"):
        plain = (out / path.name).read_bytes()
        assert not plain.startswith(b"\xef\xbb\xbf")
        assert b"\xef\xbb\xbf" + plain == path.read_bytes(), path.name


def test_the_workbook_has_a_sheet_per_table_matching_the_csv(built: Path):
    sheets = sheet_values(built / "plangraph.xlsx")
    csvs = {p.stem for p in built.glob("*.csv")}
    assert set(sheets) == csvs
    for name, rows in sheets.items():
        expected = list(csv.reader(io.StringIO((built / f"{name}.csv").read_text("utf-8-sig"))))
        assert rows[0] == expected[0], name
        assert len(rows) == len(expected), name
        for got, want in zip(rows[1:], expected[1:], strict=True):
            assert ["" if g is None else g for g in got] == [
                _as_number(w, g) for w, g in zip(want, got, strict=True)], name


def _as_number(text: str, got: object) -> object:
    """The CSV text as the workbook should hold it: numbers where it holds numbers."""
    if isinstance(got, bool):
        return text == "true"
    if isinstance(got, int | float):
        assert float(text) == pytest.approx(got), text
        return got
    return text


def test_the_workbook_has_labels_numbers_and_frozen_headers(built: Path):
    wb = load_workbook(built / "plangraph.xlsx")
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.bold for c in ws[1]), ws.title
    rollup = wb["rollup"]
    header = [c.value for c in rollup[1]]
    assert {"label_th", "ns_strategy_th", "ns_strategy_en"} <= set(header)
    th = header.index("ns_strategy_th")
    assert all(r[th].value.startswith("ยุทธศาสตร์ชาติ") for r in rollup.iter_rows(min_row=2))
    indicators = wb["indicators"]
    header = [c.value for c in indicators[1]]
    values = [r[header.index("target_value")].value for r in indicators.iter_rows(min_row=2)]
    assert all(isinstance(v, int | float) for v in values)
    years = [r[header.index("target_year")].value for r in indicators.iter_rows(min_row=2)]
    assert any(years) and all(y is None or (isinstance(y, int) and y > 1900) for y in years)


def test_gyear_and_numbers_become_cell_values():
    from rdflib import Literal
    from rdflib.namespace import XSD

    assert cell_value(Literal("2027", datatype=XSD.gYear)) == 2027
    assert cell_value(Literal("12.50", datatype=XSD.decimal)) == 12.5
    assert cell_value(Literal("7", datatype=XSD.integer)) == 7
    assert cell_value(Literal("ข้อ ๗", lang="th")) == "ข้อ ๗"
    assert cell_value(None) is None


def test_the_workbook_is_the_same_bytes_each_time():
    sheets = [Sheet("a/b:c", ["x", "ชื่อ"], [[1, "ลำปาง"], [2.5, None]])]
    assert workbook_bytes(sheets) == workbook_bytes(sheets)
    wb = load_workbook(io.BytesIO(workbook_bytes(sheets)))
    assert wb.sheetnames == ["a-b-c"]


def test_the_workbook_keeps_text_as_text_with_fixed_zip_times():
    """A cell that looks like a formula, a link or a number stays the text it is; every zip
    entry carries the same time (the file does not depend on when it was written)."""
    texts = ["=HYPERLINK(\"http://example.org\")", "https://example.org/a", "12"]
    data = workbook_bytes([Sheet("t", ["x"], [[t] for t in texts])])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    ws = load_workbook(io.BytesIO(data))["t"]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}
