"""A province brief: the document a researcher puts in a report — per issue and indicator
the National Strategy strategies it serves and through what, target and progress, the
gaps, the coverage as a chart and the paths as a picture; print-ready HTML and PDF."""

from __future__ import annotations

from plangraph.brief.model import Brief, brief, find_plan
from plangraph.brief.render import brief_file, brief_html, write_brief, write_pdf

__all__ = ["Brief", "brief", "brief_file", "brief_html", "find_plan", "write_brief", "write_pdf"]
