#!/usr/bin/env python3
"""Save a screenshot of the alignment map to docs/alignment-map.png.

Builds the maps from the project's data into a temporary directory, opens the alignment
map in Debian's Chromium (offline), selects one Lampang indicator so its paths up to the
National Strategy are highlighted, and captures the map with its legend.

Usage: .venv/bin/python scripts/screenshot.py [--indicator SLUG] [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from plangraph import paths
from plangraph.maps import build_maps, find_indicator, load_graph
from plangraph.maps.browser import PageLog, block_network, launch

DEFAULT_INDICATOR = "lampang/issue/2/indicator/1"
DEFAULT_OUT = paths.PROJECT_ROOT / "docs" / "alignment-map.png"


def main(argv: list[str] | None = None) -> int:
    """Build, open, select, capture."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicator", default=DEFAULT_INDICATOR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "maps"
        build_maps(out_dir=site)
        node = find_indicator(load_graph()[0], args.indicator)
        with sync_playwright() as p:
            context = launch(p, Path(tmp) / "profile", viewport={"width": 2000, "height": 1250},
                             device_scale_factor=1.5)
            page = context.new_page()
            log = PageLog()
            block_network(page, log)
            log.watch(page)
            page.goto((site / "alignment.html").as_uri())
            page.wait_for_function("window.plangraphMap !== undefined")
            lit = page.evaluate("id => plangraphMap.select(id)", node)
            page.evaluate("ids => plangraphMap.network.fit({nodes: ids, animation: false})", lit)
            page.locator(".map-wrap").scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.locator(".map-wrap").screenshot(path=str(args.out))
            context.close()
        if log.network or log.errors:
            print(f"screenshot: page was not clean: {log.network + log.errors}", file=sys.stderr)
            return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
