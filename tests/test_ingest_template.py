"""The spreadsheet template and the ingest command: export-plan -> ingest gives back the
plan's triples; bad input is a one-line error with the cell, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import chapter_lines, store_of

from conftest import run_cli
from plangraph import paths
from plangraph.ingest.document import ingest_file
from plangraph.ingest.export import export_plan
from plangraph.ingest.template import KEYS, write_csv, write_template
from plangraph.validate.fast import validate_fast

SKOS = "http://www.w3.org/2004/02/skos/core#"
NOT_ROUND_TRIPPED = {"http://purl.org/dc/terms/source", f"{SKOS}editorialNote"}


def _element_triples(source: str | Path, plan: str) -> set[tuple[str, str, str]]:
    """Triples about the plan's elements and targets (source links and notes left out)."""
    store = store_of(source)
    prefix = f"{paths.ID_BASE}{plan}/"
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in store
            if str(t.subject).startswith(f"<{prefix}") and t.predicate.value
            not in NOT_ROUND_TRIPPED}


@pytest.mark.parametrize("slug,level", [("lampang", "province"), ("upper-north-1", "cluster"),
                                        ("north", "region")])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_plan_then_ingest_gives_back_the_same_triples(
        tmp_path: Path, slug: str, level: str, suffix: str) -> None:
    out = tmp_path / f"{slug}{suffix}"
    title, rows = export_plan(slug)
    if suffix == ".csv":
        write_csv(out, rows)
    else:
        write_template(out, rows, title)
    result = ingest_file(out, slug, level)
    if suffix == ".xlsx":  # the workbook keeps the plan's title; CSV has --title for it
        assert f'skos:prefLabel "{title}"@th' in result.turtle
    expected = _element_triples(paths.DATA_DIR / f"{slug}.ttl", slug)
    got = _element_triples(result.turtle, slug)
    print(f"{slug}{suffix}: {len(expected & got)}/{len(expected)} triples agree")
    assert got == expected, (sorted(expected - got)[:3], sorted(got - expected)[:3])


def _workbook(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "plan.xlsx"
    write_template(path, rows)
    return path


def _row(**cells: str) -> dict[str, str]:
    return {k: cells.get(k, "") for k in KEYS}


@pytest.mark.parametrize("rows,message", [
    ([_row(kind="StrategicIssue", number="1", thai="ประเด็น"),
      _row(kind="Indicator", number="1", parent="issue/1", thai="ตัวชี้วัด", value="สิบ",
           unit="PERCENT", direction="increase")],
     "plan.xlsx!Elements!F3: 'สิบ' is not a number"),
    ([_row(kind="Issue", number="1", thai="ประเด็น")],
     "plan.xlsx!Elements!A2: 'Issue' is not one of"),
    ([_row(kind="StrategicIssue", number="1", thai="ประเด็น"),
      _row(kind="Indicator", number="1", parent="issue/1", thai="ตัวชี้วัด", value="5",
           unit="PERCENT", direction="up")],
     "plan.xlsx!Elements!J3: 'up' is not one of"),
    ([_row(kind="Objective", number="1", parent="issue/9", thai="วัตถุประสงค์")],
     "plan.xlsx!Elements!C2: parent 'issue/9' is not the id of any row"),
])
def test_template_errors_name_the_cell(tmp_path: Path, rows: list[dict[str, str]],
                                       message: str) -> None:
    path = _workbook(tmp_path, rows)
    out = tmp_path / "x.ttl"
    result = run_cli("ingest", path, "--plan", "x", "--level", "province", "--out", out)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_template_with_missing_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("kind,number\nVision,\n", encoding="utf-8")
    result = run_cli("ingest", path, "--plan", "x", "--level", "province",
                     "--out", tmp_path / "x.ttl")
    assert result.exit_code == 2
    assert "plan.csv!1: missing column(s): parent (อยู่ภายใต้), Thai text" in result.stderr


def test_template_command_writes_a_workbook_with_lists_and_instructions(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    assert run_cli("template", "--out", out).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Elements", "Plan", "Instructions"]
    lists = [dv.formula1 for dv in wb["Elements"].data_validations.dataValidation]
    assert any("Indicator" in f for f in lists) and any("at-least" in f for f in lists)
    assert run_cli("template", "--out", out).exit_code == 2  # no overwrite without --force


def test_cli_ingest_writes_a_valid_draft_and_its_report(tmp_path: Path) -> None:
    src = tmp_path / "lampang.txt"
    src.write_text("\n".join(chapter_lines("lampang")), encoding="utf-8")
    out = tmp_path / "lampang-draft.ttl"
    args = ["ingest", src, "--plan", "lampang-draft", "--level", "province",
            "--steered-by", "upper-north-1", "--area", "lampang", "--out", out]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert "54 elements" in result.stderr and "Indicator 14" in result.stderr
    report = out.with_name("lampang-draft.report.txt").read_text(encoding="utf-8")
    assert "## Every input line" in report
    data = [p for p in sorted(paths.DATA_DIR.glob("*.ttl"))] + [out]
    checked = validate_fast(data)
    assert checked.conforms, checked.render()
    again = run_cli(*args)
    assert again.exit_code == 2 and "exists; use --force" in again.stderr
    assert run_cli(*args, "--force").exit_code == 0


@pytest.mark.parametrize("content,suffix,message", [
    (b"\x81\xfc\xfd\xfe\xff" * 20, ".txt", "unknown text encoding"),
    (b"not a zip", ".docx", "not a readable .docx file"),
    (b"%PDF-1.4 broken", ".pdf", "not a readable PDF"),
    (b"x", ".odt", "cannot read .odt files"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, content: bytes, suffix: str,
                                                  message: str) -> None:
    src = tmp_path / f"plan{suffix}"
    src.write_bytes(content)
    out = tmp_path / "x.ttl"
    result = run_cli("ingest", src, "--plan", "x", "--level", "province", "--out", out)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.report.txt"))


def test_an_ingested_plan_joins_queries_and_build_and_gaps_says_it_reaches_nothing(
        tmp_path: Path) -> None:
    src = tmp_path / "upper-north-1.txt"
    src.write_text("\n".join(chapter_lines("upper-north-1")), encoding="utf-8")
    out = tmp_path / "un1-draft.ttl"
    assert run_cli("ingest", src, "--plan", "un1-draft", "--level", "cluster",
                   "--steered-by", "north", "--out", out).exit_code == 0
    data = ["--data", paths.DATA_DIR, "--data", out]
    gaps = run_cli("query", "gaps", "-f", "csv", *data)
    assert gaps.exit_code == 0, gaps.stderr
    draft_rows = [r for r in gaps.stdout.splitlines() if "/id/un1-draft/" in r]
    indicators = [r for r in draft_rows if "/indicator/" in r]
    assert len(indicators) == 12 and all("no-national-path" in r for r in indicators)
    listed = run_cli("query", "indicators", "-f", "csv", *data)
    assert listed.exit_code == 0
    assert sum(r.startswith("un1-draft,") for r in listed.stdout.splitlines()) == 12
    built = run_cli("build", *data, "--out", tmp_path / "build")
    assert built.exit_code == 0, built.stderr
    assert "un1-draft" in built.stderr and "conforms" in built.stderr


def test_cli_ingests_a_pdf_and_exports_from_other_data(tmp_path: Path) -> None:
    from ingest_support import FONT, write_pdf

    if not FONT.exists():
        pytest.skip("needs fonts-thai-tlwg (scripts/test.sh installs it)")
    src = tmp_path / "north.pdf"
    write_pdf(src, [line for line in chapter_lines("north") if line.strip()])
    out = tmp_path / "north-draft.ttl"
    result = run_cli("ingest", src, "--plan", "north-draft", "--level", "region", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "RegionalStrategy 5" in result.stderr
    assert 'pg:sourceLocation "page 1 lines 3–4"' in out.read_text(encoding="utf-8")
    sheet = tmp_path / "north.csv"
    exported = run_cli("export-plan", "north-draft", "--data", out, "--out", sheet)
    assert exported.exit_code == 0, exported.stderr
    assert "5 elements" in exported.stderr
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_file_with_no_plan_in_it_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "letter.txt"
    src.write_text("เรียน ผู้ว่าราชการจังหวัด\nขอแสดงความนับถือ\n", encoding="utf-8")
    out = tmp_path / "x.ttl"
    result = run_cli("ingest", src, "--plan", "x", "--level", "province", "--out", out)
    assert result.exit_code == 1
    assert "letter.txt: no plan elements recognised" in result.stderr
    assert not out.exists()


def test_a_re_ingest_mints_its_area_again_and_reuses_others(tmp_path: Path) -> None:
    src = tmp_path / "lampang.txt"
    src.write_text("\n".join(chapter_lines("lampang")), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    first = ingest_file(src, "chiang-rai", "province", data_dir=data)
    assert "<area/chiang-rai> a pg:Province" in first.turtle
    (data / "chiang-rai.ttl").write_text(first.turtle, encoding="utf-8")
    again = ingest_file(src, "chiang-rai", "province", data_dir=data,
                        replacing=data / "chiang-rai.ttl")
    assert "<area/chiang-rai> a pg:Province" in again.turtle
    other = ingest_file(src, "chiang-rai-2", "province", data_dir=data, area="chiang-rai")
    assert "<area/chiang-rai> a" not in other.turtle
    assert "dcterms:spatial <area/chiang-rai>" in other.turtle
