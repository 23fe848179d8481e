"""Apache Jena beside plangraph: ARQ queries and Jena SHACL from Debian's ``libapache-jena-java``.

Used by the tests (``test_jena.py``) and ``benchmarks/run.py --jena``; no pytest here. One JVM
(``JenaRunner.java``, compiled once with ``javac``) loads the data once and runs every
query and the validation, so a test pays for one JVM start and the benchmark reports Jena's
own query time without it.

Debian's jar relocates the bundled xerces classes to ``xerces.*`` but leaves their message
bundles under ``org/apache/jena/ext/xerces/``; without them xerces's datatype setup fails
("internal error" in ``XSSimpleTypeDecl.applyFacets1``) and nothing starts. :func:`build_shim`
copies those ``.properties`` to where the classes look, into a small jar of our own (built from
the installed jar at run time; nothing binary is committed).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from rdflib import XSD, Literal
from rdflib.term import Identifier

from plangraph.graph.terms import to_nt
from plangraph.sparql.inplace import substitute
from plangraph.sparql.library import QueryInfo
from plangraph.sparql.results import Result
from plangraph.sparql.safety import check_query
from plangraph.sparql.wire import read_json

JAVA_DIR = Path("/usr/share/java")
RUNNER = Path(__file__).with_name("JenaRunner.java")
#: What ARQ, RIOT and SHACL need besides Jena's own jars, by name in JAVA_DIR. Not every jar
#: there: a second slf4j binding on the class path breaks logging, and so the start.
DEPENDENCIES = ("commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
                "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
                "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
                "protobuf", "thrift", "slf4j-api", "slf4j-nop", "jakarta.json-api",
                "titanium-json-ld")
RELOCATED = "org/apache/jena/ext/xerces/"  # where Debian's jar keeps xerces's messages
JENA_JAR = re.compile(r"jena-([a-z0-9-]+?)-(\d+(?:\.\d+)*)\.jar")
#: Datatypes whose literals are compared by value (XSD's decimal family; float and double).
DECIMALS = {XSD.decimal, XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger,
            XSD.positiveInteger}
FLOATS = {XSD.double, XSD.float}


class JenaMissing(Exception):
    """Jena, a JDK or a jar it needs is not installed (the caller skips or reports it)."""


def jena_jars(folder: Path = JAVA_DIR) -> list[Path]:
    """Jena's own jars (every ``jena-*-V.jar`` of jena-arq's newest version V) and the
    :data:`DEPENDENCIES`."""
    found = {m.groups(): p for p in folder.glob("jena-*.jar") if (m := JENA_JAR.fullmatch(p.name))}
    versions = [v for name, v in found if name == "arq"]
    if not versions:
        raise JenaMissing(f"no jena-arq jar in {folder} (Debian: apt-get install "
                          "libapache-jena-java)")
    newest = max(versions, key=lambda v: tuple(map(int, v.split("."))))
    jars = [p for (_, v), p in sorted(found.items()) if v == newest]
    for name in DEPENDENCIES:
        jar = folder / f"{name}.jar"
        if not jar.is_file():
            raise JenaMissing(f"{jar} not found (a dependency of Jena)")
        jars.append(jar)
    return jars


def build_shim(jars: Sequence[Path], target: Path) -> bool:
    """Write ``target``, a jar with xerces's message bundles where Debian's relocated classes
    look for them; False (nothing written) when no jar needs it."""
    copies: dict[str, bytes] = {}
    for jar in jars:
        with zipfile.ZipFile(jar) as z:
            names = set(z.namelist())
            if not any(n.startswith("xerces/") and n.endswith(".class") for n in names):
                continue  # xerces not relocated to xerces.* here
            for name in names:
                moved = "xerces/" + name.removeprefix(RELOCATED)
                if name.startswith(RELOCATED) and name.endswith(".properties") \
                        and moved not in names:
                    copies[moved] = z.read(name)
    if not copies:
        return False
    with (tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp,
          zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z):
        for name, data in sorted(copies.items()):
            z.writestr(name, data)
    os.replace(tmp.name, target)
    return True


def library_text(info: QueryInfo, params: Mapping[str, Identifier]) -> str:
    """The text plangraph sends to an endpoint: checked and cleaned, parameters in place."""
    return substitute(replace(info, text=check_query(info.text, source=info.source).text), params)


def value(term: Identifier | None) -> object:
    """A term's N-Triples form; a number's datatype and value instead (Jena answers a number
    as the file wrote it, ``"3672.0"``; plangraph's Store in canonical form, ``"3672"``)."""
    if isinstance(term, Literal) and term.datatype in DECIMALS | FLOATS:
        number = Decimal if term.datatype in DECIMALS else float
        return (str(term.datatype), number(str(term)))
    return to_nt(term)


def values(result: Result) -> Counter[tuple[object, ...]]:
    """The rows as a multiset of :func:`value` tuples (to compare Jena's rows with ours)."""
    return Counter(tuple(value(t) for t in row) for row in result.as_tuples())


@dataclass
class JenaRun:
    """What one JVM measured: load, each query's timed runs (None: past its cap), answers."""

    load: float
    triples: int
    times: dict[str, list[float] | None] = field(default_factory=dict)
    answers: dict[str, Path] = field(default_factory=dict)
    shacl: list[float] = field(default_factory=list)
    conforms: bool | None = None
    shacl_results: int = 0

    def result(self, name: str) -> Result:
        """Query ``name``'s answer (from its untimed first run) as plangraph rows."""
        return read_json(self.answers[name].read_bytes(), "jena:" + name)

    def median(self, name: str) -> float | None:
        """Median seconds of query ``name``'s timed runs (None: timed out or not timed)."""
        runs = self.times.get(name)
        return statistics.median(runs) if runs else None


class Jena:
    """Debian's Apache Jena with its shim and the compiled runner, kept in a folder of the
    temp dir keyed by the jars and the runner's source (made once, atomically)."""

    def __init__(self, java_dir: Path = JAVA_DIR) -> None:
        self.java = shutil.which("java")
        javac = shutil.which("javac")
        if not self.java or not javac:
            raise JenaMissing("java and javac not found (Debian: default-jdk-headless)")
        jars = jena_jars(java_dir)
        self.version = next(m.group(2) for j in jars if (m := JENA_JAR.fullmatch(j.name))
                            and m.group(1) == "arq")
        key = hashlib.sha256(RUNNER.read_bytes())
        for jar in jars:
            key.update(f"{jar.resolve()}:{jar.stat().st_size}:{jar.stat().st_mtime_ns}".encode())
        self.home = Path(tempfile.gettempdir()) / f"plangraph-jena-{key.hexdigest()[:16]}"
        shim = self.home / "xerces-messages.jar"
        self.classpath = [*jars, self.home / "classes", shim]
        if not (self.home / "classes" / "JenaRunner.class").is_file():
            self._prepare(jars, javac, shim)

    def _prepare(self, jars: list[Path], javac: str, shim: Path) -> None:
        """Build the shim and compile the runner into a new folder, then move it in place."""
        self.home.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=self.home.parent, prefix=".jena-"))
        try:
            build_shim(jars, work / shim.name)
            done = subprocess.run([javac, "-encoding", "UTF-8", "-cp",
                                   os.pathsep.join(map(str, jars)), "-d", str(work / "classes"),
                                   str(RUNNER)], capture_output=True, text=True)
            if done.returncode:
                raise JenaMissing(f"javac {RUNNER.name} failed: {done.stderr.strip()[-500:]}")
            try:
                work.rename(self.home)
            except OSError:  # made meanwhile by another process: theirs is as good
                shutil.rmtree(work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise

    def run(self, data: Sequence[Path], queries: Mapping[str, str], folder: Path, *,
            repeat: Mapping[str, int] | int = 0, cap: Mapping[str, float] | float = 60.0,
            shapes: Path | None = None, shacl_repeat: int = 0,
            timeout: float | None = None) -> JenaRun:
        """Load ``data`` once, run ``queries`` (name → text) and, given ``shapes``, validate;
        files go to ``folder``. ``repeat``: timed runs of each query, and ``cap``: seconds per
        query run (each a number, or by name)."""
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [f"data\t{Path(p).resolve()}" for p in data]
        for name, text in queries.items():
            (folder / f"{name}.rq").write_text(text, encoding="utf-8")
            seconds = cap if isinstance(cap, float | int) else cap[name]
            runs = repeat if isinstance(repeat, int) else repeat[name]
            jobs.append(f"query\t{name}\t{folder / f'{name}.rq'}\t{runs}\t{seconds}")
        if shapes is not None:
            jobs.append(f"shacl\t{shapes.resolve()}\t{shacl_repeat}")
        (folder / "jobs.tsv").write_text("\n".join(jobs) + "\n", encoding="utf-8")
        try:
            done = subprocess.run([self.java, "-cp", os.pathsep.join(map(str, self.classpath)),
                                   "JenaRunner", str(folder / "jobs.tsv"), str(folder)],
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:  # run() has killed it
            raise RuntimeError(f"Jena did not finish within {timeout:.0f} s") from None
        if done.returncode:
            raise RuntimeError(f"Jena failed ({done.returncode}): {done.stderr.strip()[-1500:]}")
        return _parse(done.stdout, folder)


def _parse(stdout: str, folder: Path) -> JenaRun:
    """The runner's tab-separated report lines read into a :class:`JenaRun`."""
    run: JenaRun | None = None
    for line in stdout.splitlines():
        kind, *rest = line.split("\t")
        if kind == "load":
            run = JenaRun(load=float(rest[0]), triples=int(rest[1]))
        elif kind == "query" and run is not None:
            name, times = rest
            run.times[name] = None if times == "timeout" else _floats(times)
            if times != "timeout":
                run.answers[name] = folder / f"{name}.srj"
        elif kind == "shacl" and run is not None:
            run.shacl, run.conforms = _floats(rest[0]), rest[1] == "true"
            run.shacl_results = int(rest[2])
    if run is None:
        raise RuntimeError(f"Jena printed no report: {stdout[-500:]!r}")
    return run


def _floats(text: str) -> list[float]:
    return [float(t) for t in text.split(",") if t]
