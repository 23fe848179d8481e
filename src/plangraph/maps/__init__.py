"""Interactive, offline HTML maps of the plan cascade (alignment map, coverage, traces).

Public entry points: :func:`build_maps` (every page into ``build/maps``) and
:func:`build_trace` (one indicator's trace page); :func:`load_graph` gives the networkx
DiGraph the pages are drawn from.
"""

from __future__ import annotations

from plangraph.maps.render import build_maps, build_trace, find_indicator, load_graph, trace_file

__all__ = ["build_maps", "build_trace", "find_indicator", "load_graph", "trace_file"]
