"""The main job: load → validate → query → view/export, everything into ``build/``.

``build/`` is assembled in a sibling temp directory and swapped in whole, so a failed
build leaves the previous one intact. What it writes:

- ``plangraph.ttl``          the merged graph (ontology, units, data)
- ``validation.txt``         the validation report, grouped by element
- ``indicators.csv``         the indicator register (``queries/indicators.rq``)
- ``rollup.csv``, ``gaps.csv`` every indicator's paths to the National Strategy, and the gaps
- ``coverage.csv``           provincial/cluster issues × National Strategy strategies
- ``load-bearing.csv``       elements that carry most of the cascade (betweenness, in-degree)
- ``progress.csv``           each indicator's latest observed value and status
                             (``queries/progress.rq``), only when the data holds observations
- ``maps/``                  the offline HTML alignment maps
- ``export/``                linked-data exports with DCAT/VoID and SSSOM
- ``site/``                  the static linked-data site (a page per resource, the ontology)
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS, QB, RDF, SKOS

from . import analysis, paths
from .atomic import atomic_dir
from .fastshacl import validate_fast
from .load import load, merged
from .querylib import execute, to_oxigraph
from .results import render
from .validate import Report, validate

#: Library queries whose CSV answers ship in build/.
BUILD_QUERIES = ("indicators", "rollup", "gaps")
#: Shipped too when the data holds observed values.
OBSERVATION_QUERIES = ("progress",)


@dataclass
class BuildSummary:
    """What a build produced, for the one-screen summary."""

    report: Report
    per_plan: dict[str, int] = field(default_factory=dict)
    indicators: int = 0
    files: list[Path] = field(default_factory=list)

    def render(self) -> str:
        lines = ["plan elements per plan:"]
        lines += [f"  {plan:<20} {n:>4}" for plan, n in sorted(self.per_plan.items())]
        lines.append(f"indicators: {self.indicators}")
        lines.append(
            f"validation: {'conforms' if self.report.conforms else 'FAILS'} "
            f"({len(self.report.violations)} violation(s), {len(self.report.warnings)} warning(s))"
        )
        lines.append(f"wrote {len(self.files)} files")
        return "\n".join(lines) + "\n"


def elements_per_plan(graph: Graph) -> dict[str, int]:
    """How many plan elements each plan holds, by plan identifier."""
    counts: dict[str, int] = {}
    for _, scheme in graph.subject_objects(SKOS.inScheme):
        ident = graph.value(scheme, DCTERMS.identifier)
        if ident is not None:
            counts[str(ident)] = counts.get(str(ident), 0) + 1
    return counts


def build(out_dir: Path | None = None, *, sources: list[Path] | None = None,
          reference_validator: bool = False,
          maps: bool = True, export: bool = True, site: bool = True) -> BuildSummary:
    """Run the whole job into ``out_dir`` (default ``build/``); returns the summary."""
    out = paths.BUILD_DIR if out_dir is None else Path(out_dir)
    ds: Dataset = load(sources)
    graph = merged(ds)
    # one pyoxigraph store (a named graph per file) serves validation and the queries
    store = to_oxigraph(ds)
    # the shapes checked on pyoxigraph: the same findings as pySHACL (tests/test_fastshacl.py,
    # every fixture in tests/test_shapes.py), 50x faster; pySHACL on request
    report = validate(dataset=ds) if reference_validator else validate_fast(store=store)
    summary = BuildSummary(report=report, per_plan=elements_per_plan(graph))
    with atomic_dir(out) as tmp:
        (tmp / "validation.txt").write_text(report.render(), encoding="utf-8")
        (tmp / "plangraph.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
        observed = (None, RDF.type, QB.Observation) in graph
        for name in BUILD_QUERIES + (OBSERVATION_QUERIES if observed else ()):
            result = execute(name, {}, graph=graph, engine="oxigraph", store=store)
            if name == "indicators":
                summary.indicators = len(result.rows)
            (tmp / f"{name}.csv").write_text(render(result, "csv"), encoding="utf-8")
        (tmp / "coverage.csv").write_text(analysis.coverage_csv(graph), encoding="utf-8")
        (tmp / "load-bearing.csv").write_text(_load_bearing_csv(graph), encoding="utf-8")
        if maps:
            from .maps import build_maps

            build_maps(graph, tmp / "maps")
        if export:
            from .export import export_all

            export_all(ds, tmp / "export")
        if site:
            from .site import build_site

            build_site(ds, tmp / "site")
        summary.files = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
    return summary


def _load_bearing_csv(graph: Graph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["element", "betweenness", "in_degree"])
    for node, betweenness, in_degree in analysis.load_bearing(graph):
        writer.writerow([str(node), betweenness, in_degree])
    return out.getvalue()

