"""The main job: load → validate → query → view/export, everything into ``build/``.

``build/`` is assembled in a sibling temp directory and swapped in whole, so a failed
build leaves the previous one intact. What it writes:

- ``plangraph.ttl``          the merged graph (ontology, units, data)
- ``validation.txt``         the validation report, grouped by element
- ``indicators.csv``         the indicator register (``queries/indicators.rq``)
- ``rollup.csv``, ``gaps.csv`` every indicator's paths to the National Strategy, and the gaps
- ``gaps-province.csv``      per provincial/cluster plan, the National Strategy strategies
                             nothing in it reaches
- ``coverage.csv``           provincial/cluster issues × National Strategy strategies
- ``load-bearing.csv``       elements that carry most of the cascade (betweenness, in-degree)
- ``progress.csv``           each indicator's latest observed value and status
                             (``queries/progress.rq``), only when the data holds observations
- ``plangraph.xlsx``         every table above in one workbook, a sheet each
- ``maps/``                  the offline HTML alignment maps
- ``export/``                linked-data exports with DCAT/VoID and SSSOM
- ``site/``                  the static linked-data site (a page per resource, observations
                             as rows of their indicator's page, the ontology)
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from plangraph import paths
from plangraph.align import analysis
from plangraph.errors import PlangraphError
from plangraph.graph.load import load, load_store, read_quads
from plangraph.graph.vocab import QB, RDF
from plangraph.maps.data import MapData
from plangraph.maps.render import load_graph, write_maps
from plangraph.publish.export import export_all, serialize
from plangraph.publish.public import public_data
from plangraph.publish.workbook import Sheet, write_workbook
from plangraph.runtime.atomic import atomic_dir
from plangraph.runtime.forkpool import Background
from plangraph.runtime.gcpause import paused_gc
from plangraph.sparql.engines import execute
from plangraph.sparql.results import render
from plangraph.sparql.session import QuerySession
from plangraph.validate.fast import validate_fast
from plangraph.validate.reference import Report, validate

#: Library queries whose CSV answers ship in build/.
BUILD_QUERIES = ("indicators", "rollup", "gaps", "gaps-province")
#: Shipped too when the data holds observed values.
OBSERVATION_QUERIES = ("progress",)
T = TypeVar("T")
#: Up to this many plans the summary lists each plan; above it, each level.
SUMMARY_PLANS = 12


@dataclass
class BuildSummary:
    """What a build produced, for the one-screen summary."""

    report: Report
    #: (plan identifier, level name, plan elements), in cascade order.
    plans: list[tuple[str, str, int]] = field(default_factory=list)
    indicators: int = 0
    files: list[Path] = field(default_factory=list)
    #: seconds per step (load, validate, …), in order
    steps: dict[str, float] = field(default_factory=dict)
    #: CPU seconds per step (the process and the children it waited for, or the helper's)
    cpu: dict[str, float] = field(default_factory=dict)

    def render(self) -> str:
        if len(self.plans) <= SUMMARY_PLANS:
            lines = ["plan elements per plan:"]
            lines += [f"  {plan:<20} {n:>4}" for plan, _, n in self.plans]
        else:
            levels: dict[str, list[int]] = {}
            for _, level, n in self.plans:
                levels.setdefault(level, []).append(n)
            lines = ["plan elements per level:"]
            lines += [f"  {level:<28} {len(ns):>4} plan(s) {sum(ns):>7} elements"
                      for level, ns in levels.items()]
        lines.append(f"indicators: {self.indicators}")
        lines.append(
            f"validation: {'conforms' if self.report.conforms else 'FAILS'} "
            f"({len(self.report.violations)} violation(s), {len(self.report.warnings)} warning(s))"
        )
        lines.append(f"wrote {len(self.files)} files")
        return "\n".join(lines) + "\n"


def plan_sizes(data: MapData) -> list[tuple[str, str, int]]:
    """(identifier, level name, number of plan elements) of every plan, in cascade order."""
    counts = Counter(e.plan for e in data.elements.values())
    plans = sorted(data.plans.values(), key=lambda p: (p.rank, p.identifier or p.iri))
    return [(p.identifier or p.iri, p.level_en or str(p.rank), counts[p.iri]) for p in plans]


def has_observations(store: ox.Store) -> bool:
    """Does the data hold observed values (``qb:Observation``)?"""
    found = store.quads_for_pattern(None, RDF.type, QB.Observation, None)
    return next(iter(found), None) is not None


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Steps:
    """Times the build's steps (into :attr:`seconds`); ``report`` hears each as it ends."""

    def __init__(self, report: Callable[[str, float], None] | None = None) -> None:
        self.report = report
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        #: the background jobs started (:meth:`beside`)
        self.running: list[Background] = []

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start, cpu = time.perf_counter(), cpu_seconds()
        yield
        self.record(name, time.perf_counter() - start, cpu_seconds() - cpu)

    def record(self, name: str, seconds: float, cpu: float) -> None:
        """A step timed elsewhere (in a background process)."""
        self.seconds[name] = seconds
        self.cpu[name] = cpu
        if self.report is not None:
            self.report(name, seconds)

    def beside(self, name: str, job: Callable[[], T]) -> Callable[[], T]:
        """Start ``job`` in a background process now; the returned function waits for its
        result and records how long it took as step ``name``."""

        parent = os.getpid()

        def timed() -> tuple[T, float, float]:
            if os.getpid() != parent:  # in the forked helper: the build process answers Ctrl-C
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            start, cpu = time.perf_counter(), cpu_seconds()
            return job(), time.perf_counter() - start, cpu_seconds() - cpu

        running = Background(timed)
        self.running.append(running)

        def wait() -> T:
            value, seconds, cpu = running.result()
            self.record(f"{name} (beside)", seconds, cpu)
            return value

        return wait


def build(out_dir: Path | None = None, *, sources: list[Path] | None = None,
          reference_validator: bool = False,
          maps: bool = True, export: bool = True, site: bool = True,
          progress: Callable[[str, float], None] | None = None,
          bom: bool = True) -> BuildSummary:
    """Run the whole job into ``out_dir`` (default ``build/``); returns the summary.

    The files are read once: exactly as written for what is published, into a pyoxigraph
    store for validation, the queries and the maps. Validation and the exports run in
    background processes beside the rest (the machine's second core). ``progress(step,
    seconds)`` hears each step end; the summary keeps every step's time. The CSV files start
    with a UTF-8 BOM (Excel then shows Thai) unless ``bom`` is false.
    """
    out = paths.BUILD_DIR if out_dir is None else Path(out_dir)
    sources = list(paths.default_sources() if sources is None else sources)
    step = Steps(progress)
    try:
        with _stopped_as_errors(out):
            return _build(out, sources, step, reference_validator, maps, export, site, bom)
    finally:
        for running in step.running:  # after an error: stop what still runs
            running.cancel()


@contextmanager
def _stopped_as_errors(out: Path) -> Iterator[None]:
    """Ctrl-C (exit 130) and SIGTERM (exit 143) become one-line errors raised where the build
    is, so the temporary folder is removed and ``out`` is left as it was."""
    left = f"{paths.display_path(out)} is left as it was"
    owner = os.getpid()

    def terminated(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a forked helper: die as SIGTERM asks
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise PlangraphError(f"build stopped by SIGTERM; {left}", exit_code=128 + signum)

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminated) if main else None
    try:
        yield
    except KeyboardInterrupt:
        raise PlangraphError(f"build interrupted (Ctrl-C); {left}", exit_code=130) from None
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


def _build(out: Path, sources: list[Path], step: Steps, reference_validator: bool,
           maps: bool, export: bool, site: bool, bom: bool = True) -> BuildSummary:
    with step("load"), ThreadPoolExecutor(1) as pool:
        # values, what is queried and validated: pyoxigraph parses the files into the store
        # without the GIL, in a thread beside the quads that keep every term as written, what
        # is published (the same quads: tests/test_store_load.py)
        stored = pool.submit(load_store, sources)
        quads = read_quads(sources)
    store = stored.result()
    # the shapes checked on pyoxigraph: the same findings as pySHACL (tests/test_fastshacl.py,
    # every fixture in tests/test_shapes.py); pySHACL on request
    checked = step.beside("validate", lambda: validate(dataset=load(sources))
                          if reference_validator else validate_fast(store=store))
    with step("cascade"), paused_gc():  # no cycles among what the steps build: the collector
        cascade, data = load_graph(store)  # would only walk the loaded graph again and again
    indicators = 0
    with atomic_dir(out) as tmp:
        with step("merged graph"), paused_gc():
            published = public_data(quads)
            (tmp / "plangraph.ttl").write_bytes(serialize(published, "turtle"))
        exported = (step.beside("export", lambda: export_all(published, tmp / "export"))
                    if export else None)
        sheets: list[Sheet] = []
        # one query worker for all (started before the collector pauses: it keeps its own)
        with step("queries"), QuerySession(store) as session, paused_gc():
            for name in BUILD_QUERIES + (OBSERVATION_QUERIES if has_observations(store) else ()):
                result = execute(name, {}, session=session)
                if name == "indicators":
                    indicators = len(result.rows)
                (tmp / f"{name}.csv").write_text(render(result, "csv", bom=bom), encoding="utf-8")
                sheets.append(Sheet.from_result(name, result))
        with step("analysis"), paused_gc():
            for name, text in (("coverage", analysis.coverage_csv(cascade)),
                               ("load-bearing", analysis.load_bearing_csv(cascade))):
                (tmp / f"{name}.csv").write_text(("\ufeff" if bom else "") + text,
                                                 encoding="utf-8")
                sheets.append(Sheet.from_csv(name, text))
        with step("workbook"):
            write_workbook(tmp / "plangraph.xlsx", sheets)
        if maps:
            with step("maps"):
                write_maps(cascade, data, tmp / "maps")
        if exported is not None:
            exported()  # the site's front page links to the catalog: it must be there
        if site:
            from plangraph.publish.site.writer import build_site

            with step("site"):  # files equal to the last build's are linked, not written
                build_site(published, tmp / "site", previous=out / "site")
        report = checked()
        (tmp / "validation.txt").write_text(report.render(), encoding="utf-8")
        cut = len(str(tmp)) + 1  # os.walk and strings: no stat and no relative_to per file
        files = sorted(Path(os.path.join(folder, name)[cut:])
                       for folder, _, names in os.walk(tmp) for name in names)
    return BuildSummary(report=report, plans=plan_sizes(data), indicators=indicators,
                        files=files, steps=step.seconds, cpu=step.cpu)
