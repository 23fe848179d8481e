"""A query session answers every query in one persistent worker: the same rows as a fresh
child per query, never from a stale copy of the store, with the same time limit, Ctrl-C,
network wall and one-line errors, and no process left behind (issue 13)."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from library_cases import library_cases, rows
from network_wall import listening, spellings

import plangraph
from conftest import INFRA_SOURCES
from plangraph.align.review import include_suggested_links
from plangraph.errors import PlangraphError
from plangraph.graph.load import load_store
from plangraph.graph.terms import to_oxigraph
from plangraph.graph.vocab import PG, SKOS
from plangraph.runtime import sandbox
from plangraph.runtime.deadline import TimeLimitExceeded
from plangraph.runtime.worker import Worker
from plangraph.sparql.engines import execute, run
from plangraph.sparql.params import bind_params, known_prefixes
from plangraph.sparql.session import QuerySession

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
        "?m ?n1 ?o . ?q ?r ?s }")
PROBE = "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }"
NEW = ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("new"))


def gone(pid: int) -> bool:
    """The process no longer runs (a zombie left to an init that does not reap counts)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in "ZX"
    except FileNotFoundError:
        return True


@pytest.fixture
def store() -> ox.Store:
    return load_store(INFRA_SOURCES)


@pytest.fixture(scope="module")
def project_store(project_ds) -> ox.Store:
    return to_oxigraph(project_ds)


def test_every_library_query_gives_the_rows_of_a_child_per_query(project_ds, project_store):
    with QuerySession(project_store) as session:
        for case in library_cases(project_ds):
            params = bind_params(case.info, case.raw, known_prefixes(project_ds, case.info.text))
            expected = run(case.info, params, store=project_store, engine="oxigraph")
            assert rows(session.run(case.info, params)) == rows(expected), case.id
            assert rows(session.execute(case.info, case.raw)) == rows(expected), case.id
        assert session.worker.forks == 1


def test_one_worker_answers_query_after_query(store):
    with QuerySession(store) as session:
        session.execute("indicators")
        pid = session.worker.pid
        for _ in range(3):
            session.execute("coverage")
            assert session.worker.pid == pid
        assert session.worker.forks == 1 and pid != os.getpid()


def test_a_write_by_plangraph_is_seen_by_the_next_query(store):
    claim, source, target = (ox.NamedNode(f"urn:x:{n}") for n in ("claim", "from", "to"))
    link = "SELECT ?o WHERE { <urn:x:from> ?p ?o }"
    with QuerySession(store) as session:
        assert session.run(link).rows == []
        store.extend(ox.Quad(claim, p, o) for p, o in (  # a draft claim, as the suggester writes
            (PG.basis, PG.Suggested), (PG.fromElement, source), (PG.toElement, target),
            (PG.relation, SKOS.broadMatch)))
        assert include_suggested_links(store) == 1  # a plangraph write: it says so itself
        assert [str(r["o"]) for r in session.run(link).rows] == ["urn:x:to"]
        assert session.worker.forks == 2


def test_a_write_announced_with_changed_is_seen_by_every_session(store):
    with QuerySession(store) as one, QuerySession(store) as two:
        assert one.run(PROBE).rows == [] and two.run(PROBE).rows == []
        store.add(NEW)
        one.changed()
        assert [str(r["o"]) for r in one.run(PROBE).rows] == ["new"]
        assert [str(r["o"]) for r in two.run(PROBE).rows] == ["new"]


def test_another_store_does_not_retire_the_worker(store):
    other = ox.Store()
    with QuerySession(store) as session:
        session.run(PROBE)
        QuerySession(other).changed()
        session.run(PROBE)
        assert session.worker.forks == 1


def test_the_time_limit_stops_the_worker_and_the_next_query_forks_afresh(store):
    with QuerySession(store) as session:
        session.run(PROBE)
        pid = session.worker.pid
        with pytest.raises(TimeLimitExceeded, match="time limit of 0.5 s"):
            session.run(SLOW, timeout=0.5)
        assert session.worker.pid is None and gone(pid)
        store.add(NEW)  # unannounced, but a fresh worker is forked from the store as it is now
        assert [str(r["o"]) for r in session.run(PROBE).rows] == ["new"]
        assert session.worker.forks == 2


def test_ctrl_c_kills_the_worker_at_once(store):
    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    with QuerySession(store) as session:
        session.run(PROBE)
        pid = session.worker.pid
        old = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        try:
            with pytest.raises(KeyboardInterrupt):
                session.run(SLOW, timeout=0)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        assert session.worker.pid is None and gone(pid)
        assert session.run("ASK { ?s ?p ?o }").rows == [{}]


def test_errors_are_one_line_and_keep_the_worker(store):
    with QuerySession(store) as session:
        with pytest.raises(PlangraphError, match=r"^<query>: syntax error") as error:
            session.run("SELECT * WHERE { ?s ?p }")
        assert "\n" not in str(error.value)
        with pytest.raises(PlangraphError, match="Update .* refused"):
            session.run("INSERT DATA { <urn:x:a> <urn:x:b> 1 }")
        session.run(PROBE)
        assert session.worker.forks == 1


def test_an_engine_crash_is_one_line_and_the_next_query_runs(store):
    chain = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(
        f"?o = {i}" for i in range(20000)) + ") }"
    with QuerySession(store) as session:
        with pytest.raises(PlangraphError, match="the query process ended unexpectedly"):
            session.run(chain)
        assert session.run("ASK { ?s ?p ?o }").rows == [{}]


def test_the_worker_is_offline(store):
    with listening() as listener, QuerySession(store) as session:
        text = spellings(listener.url)["lone CR ends comment"]
        with pytest.raises(PlangraphError, match="refused"):
            session.run(text)
        session.run(text, allow_network=True)  # opted in: a child of its own, online
        assert len(listener.hits) == 1
        assert session.worker.forks == 1
    if not sandbox.enabled():
        return
    with listening() as listener:
        text = spellings(listener.url)["plain"]

        def unchecked(_request: object) -> int:
            try:
                return len(list(store.query(text)))
            except OSError:
                return -1

        worker = Worker(store, unchecked)
        try:
            answer = worker.call(None, 30, "probe")
        finally:
            worker.close()
        assert answer == -1 or listener.hits == []  # refused, or no privileges to leave


def test_no_worker_is_left_after_close_or_garbage_collection(store):
    with QuerySession(store) as session:
        session.run(PROBE)
        pid = session.worker.pid
    assert gone(pid)
    session = QuerySession(store)
    session.run(PROBE)
    pid = session.worker.pid
    del session
    gc.collect()
    assert gone(pid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal")
@pytest.mark.parametrize("end", ["os.kill(os.getpid(), signal.SIGKILL)", "sys.exit(0)"])
def test_no_worker_outlives_its_owner_killed_or_exiting_without_close(end, tmp_path):
    script = (
        "import os, signal, sys\n"
        "from plangraph.graph.load import load_store\n"
        "from plangraph.sparql.session import QuerySession\n"
        f"s = QuerySession(load_store([{str(INFRA_SOURCES[0])!r}]))\n"
        "s.run('ASK {}')\n"
        # a process forked later holds the worker's pipe open: the worker sees no end of it
        "holder = os.fork()\n"
        "if holder == 0:\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])\n"
        "    signal.sigwait([signal.SIGTERM])\n"
        "    os._exit(0)\n"
        "print(s.worker.pid, holder, flush=True)\n"
        f"{end}\n")
    out, err = tmp_path / "pids", tmp_path / "errors"
    with out.open("w") as stdout, err.open("w") as stderr:  # files: the holder keeps pipes open
        proc = subprocess.run([sys.executable, "-c", script], stdout=stdout, stderr=stderr,
                              timeout=120)
    pid, holder = map(int, out.read_text().split())
    try:
        assert proc.returncode == (-signal.SIGKILL if "kill" in end else 0), err.read_text()
        for _ in range(300):  # bounded wait for the kernel to deliver the signal
            if gone(pid):
                break
            time.sleep(0.1)
        assert gone(pid)
    finally:
        for started in (holder, pid):
            if not gone(started):
                os.kill(started, signal.SIGKILL)


def test_a_daemonic_process_runs_the_session_query_in_place(store):
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def job() -> None:
        try:
            with QuerySession(store) as session:
                writer.send((len(session.run("ASK { ?s ?p ?o }").rows), session.worker.forks))
        except Exception as e:  # reported to the test, not lost in the child
            writer.send(repr(e))

    child = context.Process(target=job, daemon=True)
    child.start()
    child.join(120)
    assert reader.recv() == (1, 0)


def test_a_session_is_its_store_and_engine(store, infra_ds):
    with QuerySession(store) as session:
        with pytest.raises(PlangraphError, match="engine 'oxigraph' only"):
            session.run(PROBE, engine="rdflib")
        with pytest.raises(PlangraphError, match="its own store"):
            execute(PROBE, store=ox.Store(), session=session)


def test_the_python_api_session(infra_ds):
    expected = plangraph.query("indicators", graph=infra_ds)
    with plangraph.session(infra_ds) as s:
        assert plangraph.query("indicators", session=s) == expected
        assert plangraph.query_df("indicators", session=s).shape[0] == len(expected)
        with pytest.raises(TimeLimitExceeded):
            plangraph.query(SLOW, session=s, timeout=0.5)
        with pytest.raises(PlangraphError, match="graph or a session"):
            plangraph.query("indicators", graph=infra_ds, session=s)
