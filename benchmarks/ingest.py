"""Benchmark ``plangraph ingest`` on a large plan document (a script, not a test).

    python benchmarks/ingest.py --lines 2000 --repeat 5

Builds a plan of about ``--lines`` lines from the seed's Lampang chapter (its issues repeated
and renumbered), writes it as .txt, .docx and (with ``--pdf``) .pdf in a temp dir, and times
reading + repair + recognition + Turtle (``ingest_file``) and, separately, the shape check the
command runs before writing (the fast validator over the project's data plus the draft).
Prints the medians; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from ingest_support import chapter_lines, write_pdf  # noqa: E402

from plangraph import paths  # noqa: E402
from plangraph.ingest.document import ingest_file  # noqa: E402
from plangraph.validate.fast import validate_fast  # noqa: E402

TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def big_plan(lines: int) -> list[str]:
    """The Lampang chapter with its four issues repeated (renumbered) up to ``lines`` lines."""
    chapter = chapter_lines("lampang")
    head = chapter[:2]
    issues = chapter[2:75]  # ประเด็นยุทธศาสตร์ที่ ๑ … the end of issue ๔
    tail = chapter[75:]
    out, n = list(head), 0
    while len(out) + len(issues) + len(tail) <= lines:
        for line in issues:
            if line.startswith("ประเด็นยุทธศาสตร์ที่ "):
                n += 1
                title = line.split(" ", 2)[2]
                line = f"ประเด็นยุทธศาสตร์ที่ {str(n).translate(TO_THAI)} {title}"
            out.append(line)
    return out + tail


def median_time(run, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pdf", action="store_true", help="also time a PDF (slow to make)")
    args = ap.parse_args()
    import docx

    lines = big_plan(args.lines)
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "big.txt"
        txt.write_text("\n".join(lines), encoding="utf-8")
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        docx_path = Path(tmp) / "big.docx"
        document.save(str(docx_path))
        files = [txt, docx_path]
        if args.pdf:
            pdf_path = Path(tmp) / "big.pdf"
            write_pdf(pdf_path, [line for line in lines if line.strip()])
            files.append(pdf_path)
        print(f"plan of {len(lines)} lines")
        for path in files:
            seconds, result = median_time(
                lambda p=path: ingest_file(p, "big", "province"), args.repeat)
            print(f"  ingest {path.suffix:6} {seconds:6.3f} s  "
                  f"({len(result.draft.elements)} elements)")
        draft = Path(tmp) / "big.ttl"
        draft.write_text(ingest_file(txt, "big", "province").turtle, encoding="utf-8")
        data = [*sorted(paths.DATA_DIR.glob("*.ttl")), draft]
        seconds, report = median_time(lambda: validate_fast(data), max(1, args.repeat // 2))
        print(f"  shape check (fast validator, project data + draft) {seconds:6.3f} s "
              f"({report.triples} triples, conforms={report.conforms})")


if __name__ == "__main__":
    main()
