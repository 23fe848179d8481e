#!/usr/bin/env python3
"""Save the README's pictures: the alignment map as it opens on a 1366×768 laptop
(docs/alignment-map.png), the Lampang brief's first printed page in Chromium
(docs/brief.png) and the first page of its PDF made by WeasyPrint (docs/brief-pdf.png).

Builds the maps from the project's data into a temporary directory and opens the pages in
Debian's Chromium, offline; the PDF page is rendered with pdftoppm (poppler-utils).

Usage: .venv/bin/python scripts/screenshot.py [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from plangraph import paths
from plangraph.brief import write_brief
from plangraph.maps import build_maps, load_graph
from plangraph.maps.browser import PageLog, block_network, launch

LAPTOP = {"width": 1366, "height": 768}
A4_CSS_PX = {"width": 794, "height": 1123}  # 210 × 297 mm at 96 px per inch


def _open(context: object, url: str, log: PageLog) -> object:
    page = context.new_page()  # type: ignore[attr-defined]
    block_network(page, log)
    log.watch(page)
    page.goto(url)
    return page


def main(argv: list[str] | None = None) -> int:
    """Build, open, capture."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, default=paths.PROJECT_ROOT / "docs")
    args = parser.parse_args(argv)
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    log = PageLog()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "maps"
        build_maps(out_dir=site)
        with sync_playwright() as p:
            context = launch(p, Path(tmp) / "profile", device_scale_factor=1)
            page = _open(context, (site / "alignment.html").as_uri(), log)
            page.set_viewport_size(LAPTOP)
            page.wait_for_function("window.plangraphMap !== undefined")
            page.evaluate("plangraphMap.home()")
            page.wait_for_timeout(300)
            page.screenshot(path=str(out / "alignment-map.png"))
            page = _open(context, (site / "brief-lampang.html").as_uri(), log)
            page.set_viewport_size(A4_CSS_PX)
            page.emulate_media(media="print")
            page.screenshot(path=str(out / "brief.png"))
            context.close()
        g, data = load_graph()
        pdf = write_brief(g, data, "lampang", Path(tmp) / "lampang.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(Path(tmp) / "pdf")], check=True)
        shutil.copyfile(Path(tmp) / "pdf.png", out / "brief-pdf.png")
    if log.network or log.errors:
        print(f"screenshot: a page was not clean: {log.network + log.errors}", file=sys.stderr)
        return 1
    print("\n".join(str(out / n) for n in ("alignment-map.png", "brief.png", "brief-pdf.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
