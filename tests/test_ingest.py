"""Ingest round trips: the seed's chapters, as text and .docx and with the usual variants,
give back the elements of data/*.ttl (compared by query, element by element)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import (
    CHAPTERS,
    FONT,
    agreement,
    arabic_digits,
    chapter_lines,
    elements,
    english_headings,
    pdf_faults,
    restyle,
    write_pdf,
)

from plangraph import paths
from plangraph.errors import PlangraphError
from plangraph.ingest.document import ingest_file
from plangraph.ingest.model import Line
from plangraph.ingest.recognise import recognise
from plangraph.ingest.repair import repair_lines
from plangraph.ingest.report import by_line


def _expected(slug: str, arabic: bool = False) -> dict[str, tuple]:
    return elements(paths.DATA_DIR / f"{slug}.ttl", slug, arabic=arabic)


def _ingest(path: Path, slug: str, **kw: object) -> dict[str, tuple]:
    level = CHAPTERS[slug][0]
    result = ingest_file(path, slug, level, **kw)  # type: ignore[arg-type]
    return elements(result.turtle, slug, arabic=bool(kw.pop("arabic", False)))


def _write(tmp_path: Path, name: str, lines: list[str], newline: str = "\n",
           encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("slug", sorted(CHAPTERS))
def test_seed_chapter_as_text_gives_the_curated_elements(tmp_path: Path, slug: str) -> None:
    got = _ingest(_write(tmp_path, f"{slug}.txt", chapter_lines(slug)), slug)
    expected = _expected(slug)
    print(slug, agreement(expected, got))
    assert got == expected, agreement(expected, got)


@pytest.mark.parametrize("slug", ["lampang", "upper-north-1"])
def test_seed_chapter_as_docx_gives_the_curated_elements(tmp_path: Path, slug: str) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in chapter_lines(slug):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    path = tmp_path / f"{slug}.docx"
    document.save(str(path))
    got = _ingest(path, slug)
    expected = _expected(slug)
    print(slug, agreement(expected, got))
    assert got == expected, agreement(expected, got)


VARIANTS = {
    "arabic-digits": (arabic_digits, {}, True),
    "paren-numbers": (lambda ls: restyle(ls, "paren"), {}, False),
    "thai-paren-numbers": (lambda ls: restyle(ls, "thai-paren"), {}, False),
    "kho-numbers": (lambda ls: restyle(ls, "kho"), {}, False),
    "bullets": (lambda ls: restyle(ls, "bullet"), {}, False),
    "no-markers": (lambda ls: restyle(ls, "none"), {}, False),
    "crlf": (lambda ls: ls, {"newline": "\r\n"}, False),
    "cp874": (lambda ls: ls, {"encoding": "cp874"}, False),
    "utf-16": (lambda ls: ls, {"encoding": "utf-16"}, False),
    "utf-16-le-no-bom": (lambda ls: ls, {"encoding": "utf-16-le"}, False),
    "utf-8-bom": (lambda ls: ls, {"encoding": "utf-8-sig"}, False),
    "pdf-faults": (pdf_faults, {}, False),
    "english-headings": (english_headings, {}, False),
}


@pytest.mark.parametrize("slug", ["lampang", "upper-north-1"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_variants_give_the_same_elements(tmp_path: Path, slug: str, variant: str) -> None:
    change, write_kw, arabic = VARIANTS[variant]
    lines = change(chapter_lines(slug))
    path = _write(tmp_path, f"{slug}.txt", lines, **write_kw)
    join = True if variant == "pdf-faults" else None
    result = ingest_file(path, slug, CHAPTERS[slug][0], join_wrapped=join)
    got = elements(result.turtle, slug, arabic=arabic)
    expected = _expected(slug, arabic=arabic)
    print(slug, variant, agreement(expected, got))
    assert got == expected, agreement(expected, got)
    assert sorted(by_line(result.draft)) == list(range(1, len(lines) + 1))  # every line
    if variant == "pdf-faults":
        assert result.draft.repairs.get("split สำ joined", 0) > 0


def test_every_input_line_is_accounted_for_once_unclear_first(tmp_path: Path) -> None:
    lines = ["ข้อความนำ", "๙. ข้อความที่ไม่อยู่ในหมวดใด ร้อยละ ๕", *chapter_lines("lampang")]
    path = _write(tmp_path, "lampang.txt", lines)
    result = ingest_file(path, "lampang", "province")
    grouped = by_line(result.draft)
    assert sorted(grouped) == list(range(1, len(lines) + 1))
    body = result.report.split("## Not understood (check these first)")[1]
    first = body.strip().splitlines()[0]
    assert first.startswith("line 2 [unrecognised]"), first
    assert "line 1 [skipped] text outside any recognised section" in result.report
    assert "NOT UNDERSTOOD" in result.summary


def test_vision_definition_and_first_phase_concept(tmp_path: Path) -> None:
    result = ingest_file(_write(tmp_path, "l.txt", chapter_lines("lampang")), "lampang",
                         "province")
    vision = next(e for e in result.draft.elements if e.kind == "Vision")
    assert vision.definition and vision.definition.startswith("จังหวัดลำปางมุ่งไปสู่")
    assert vision.first_phase == "ชุมชนวิถีพอเพียง เมืองเศรษฐกิจสร้างสรรค์"


def test_broken_lines_join_only_when_asked() -> None:
    lines = [Line(1, "พันธกิจ", "line 1"), Line(2, "- พัฒนาคุณภาพชีวิต", "line 2"),
             Line(3, "ของประชาชน", "line 3")]
    repaired, _ = repair_lines(lines, "x")
    joined = recognise(repaired, "province", join_wrapped=True)
    apart = recognise(repaired, "province", join_wrapped=False)
    assert [e.label for e in joined.elements] == ["พัฒนาคุณภาพชีวิตของประชาชน"]
    assert [e.label for e in apart.elements] == ["พัฒนาคุณภาพชีวิต", "ของประชาชน"]


@pytest.mark.skipif(not FONT.exists(), reason="needs fonts-thai-tlwg (scripts/test.sh installs it)")
@pytest.mark.parametrize("slug", ["lampang", "upper-north-1", "north"])
def test_seed_chapter_as_pdf_gives_the_curated_elements(tmp_path: Path, slug: str) -> None:
    path = tmp_path / f"{slug}.pdf"
    write_pdf(path, [line for line in chapter_lines(slug) if line.strip()])
    got = _ingest(path, slug)
    expected = _expected(slug)
    print(slug, "pdf", agreement(expected, got))
    assert got == expected, agreement(expected, got)


def test_a_text_layer_too_broken_to_trust_is_refused() -> None:
    garbled = [Line(i, "\uf70a\uf70b ก\uf700 (cid:12)", f"page 1 line {i}") for i in range(1, 5)]
    with pytest.raises(PlangraphError, match="too broken to trust"):
        repair_lines(garbled, "scan.pdf")


@pytest.mark.parametrize("broken,fixed,kind", [
    ("ส\u0e4d\u0e32นักงาน", "สำนักงาน", "split สำ joined"),
    ("ท\u0e48\u0e35ยั่งยืน", "ที่ยั่งยืน", "tone mark moved after its vowel"),
    ("ก าร ท่อง เที่ยว", "การ ท่อง เที่ยว", "space inside a syllable removed"),
    ("เ ที่ยว", "เที่ยว", "space inside a syllable removed"),
    ("\u0e40\u0e40ผน", "แผน", None),
])
def test_thai_repairs_are_made_and_counted(broken: str, fixed: str, kind: str | None) -> None:
    lines, counts = repair_lines([Line(1, broken, "line 1")], "x")
    assert lines[0].text == fixed
    if kind:
        assert counts.get(kind) == 1, counts


def test_well_formed_seed_lines_are_not_changed_by_repair() -> None:
    from ingest_support import SEED

    text = SEED.read_text(encoding="utf-8").split("\n")
    lines, counts = repair_lines([Line(i, t, f"line {i}") for i, t in enumerate(text, 1)], "x")
    changed = [line.number for line, t in zip(lines, text, strict=True) if line.text != t]
    assert changed == [] and counts == {}


def test_an_invented_plan_in_other_styles(tmp_path: Path) -> None:
    """Title line, chapter heading, colons and English names, ``1)``/``•``/``ข้อ 1``/``(1)``
    markers, a note line, an unknown unit and an unnumbered line after numbered ones."""
    src = Path(__file__).parent / "fixtures" / "ingest" / "invented-province.txt"
    result = ingest_file(src, "invented", "province", steered_by="upper-north-1")
    kinds = sorted(e.kind for e in result.draft.elements)
    assert kinds.count("Mission") == 2 and kinds.count("OverallGoal") == 2
    assert kinds.count("Indicator") == 3 and kinds.count("ProvincialStrategy") == 4
    assert "แผนพัฒนาจังหวัดเชียงราย พ.ศ. ๒๕๖๖ – ๒๕๗๐" in result.turtle  # the title line
    assert '<area/invented> a pg:Province ;\n    skos:prefLabel "จังหวัดเชียงราย"@th' in result.turtle
    unclear = result.report.split("## Every input line")[0]
    assert "unit 'ไมโครกรัม' not known" in unclear
    assert "taken as item 4" in unclear
    statuses = {o.line.number: o.status for o in result.draft.outcomes}
    assert statuses[1] == "skipped" and statuses[4] == "heading"  # a note; บทที่ ๓
