"""Every query path has a time limit, Ctrl-C stops a query at once, deep nesting is a
one-line error (issue 16, findings 2 and 3)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import plangraph
from conftest import INFRA_SOURCES, infra_data_args, run_cli
from plangraph.errors import PlangraphError
from plangraph.runtime.deadline import TimeLimitExceeded
from plangraph.sparql.engines import run
from plangraph.sparql.lexer import MAX_DEPTH

#: A cartesian product that runs for hours on the fixtures.
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
        "?m ?n1 ?o . ?q ?r ?s }")


def nested_filter(depth: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * depth + "?o" + ")" * depth + ") }"


def test_cli_timeout_is_one_line(infra_ds):
    res = run_cli("query", SLOW, *infra_data_args(), "--timeout", "1")
    assert res.exit_code == 2
    assert res.stderr == "plangraph: <query>: stopped at the time limit of 1 s (--timeout)\n"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_python_api_timeout(infra_ds, engine):
    with pytest.raises(TimeLimitExceeded, match="time limit of 0.5 s"):
        run(SLOW, graph=infra_ds, engine=engine, timeout=0.5)
    with pytest.raises(TimeLimitExceeded):
        plangraph.query(SLOW, graph=infra_ds, timeout=0.5)


def test_default_limit_applies(monkeypatch, infra_ds):
    from plangraph.sparql import engines

    monkeypatch.setattr(engines, "DEFAULT_QUERY_TIMEOUT", 0.5)
    with pytest.raises(TimeLimitExceeded):
        run(SLOW, graph=infra_ds)


def test_negative_timeout_is_refused(infra_ds):
    with pytest.raises(PlangraphError, match="--timeout must be"):
        run("ASK {}", graph=infra_ds, timeout=-1)


def _children(pid: int) -> list[int]:
    """The process's children, from each of its threads; a thread that ends while it is
    read has none (its /proc entry is gone)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            text = (task / "children").read_text()
        except FileNotFoundError:  # the thread ended between the listing and the read
            continue
        found += [int(c) for c in text.split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_ctrl_c_stops_the_query_at_once(tmp_path):
    cmd = [sys.executable, "-m", "plangraph.cli", "query", SLOW, "--timeout", "0",
           *infra_data_args()]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        # wait (bounded) until the query child exists: then the engine is running
        for _ in range(600):
            if _children(proc.pid) or proc.poll() is not None:
                break
            time.sleep(0.1)
        child = _children(proc.pid)
        assert child, proc.communicate(timeout=5)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert err == b"plangraph: interrupted\n"
    assert not Path(f"/proc/{child[0]}").exists()


@pytest.mark.parametrize("depth", [30, MAX_DEPTH + 1, 2000])
def test_deep_nesting_is_one_line(depth, tmp_path):
    res = run_cli("query", nested_filter(depth), *infra_data_args(), "--engine", "rdflib")
    assert res.exit_code == 2
    assert res.stderr.startswith("plangraph: <query>") and res.stderr.count("\n") == 1
    assert "nest" in res.stderr


def test_nesting_up_to_the_limit_runs_on_oxigraph(infra_ds):
    assert run(nested_filter(40), graph=infra_ds, engine="oxigraph").rows is not None
    with pytest.raises(PlangraphError, match=f"deeper than {MAX_DEPTH}"):
        run(nested_filter(MAX_DEPTH + 1), graph=infra_ds, engine="oxigraph")


def test_sources_fixture_is_small():
    """SLOW's 18-way product is far beyond any limit used here."""
    assert sum(p.stat().st_size for p in INFRA_SOURCES) > 1000


def test_a_daemonic_worker_runs_the_query_in_place(infra_ds):
    """Build jobs run in daemonic processes, which may not fork children of their own."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def job() -> None:
        try:
            writer.send(len(run("ASK { ?s ?p ?o }", graph=infra_ds).rows))
        except Exception as e:  # reported to the test, not lost in the child
            writer.send(repr(e))

    child = context.Process(target=job, daemon=True)
    child.start()
    child.join(120)
    assert reader.recv() == 1


def test_an_engine_crash_is_one_line(infra_ds):
    chain = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(
        f"?o = {i}" for i in range(20000)) + ") }"
    res = run_cli("query", chain, *infra_data_args())
    assert res.exit_code == 2
    assert res.stderr.startswith("plangraph: <query>: the query process ended unexpectedly")
    assert res.stderr.count("\n") == 1


def test_ctrl_c_in_any_command_is_one_line_and_exit_130(monkeypatch):
    """Not only query and build: Ctrl-C anywhere gives "plangraph: interrupted" and 130
    (click alone says "Aborted!" and exits 1, the code for violations)."""
    import plangraph.validate.fast as fast

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fast, "validate_fast", interrupted)
    result = run_cli("validate", "--fast")
    assert result.exit_code == 130
    assert result.stderr == "plangraph: interrupted\n"


def _ctrl_c_first(real):
    """``enter_child`` as if Ctrl-C reached the child the moment it was forked."""
    def early(offline: bool) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real(offline)
    return early


def test_a_ctrl_c_while_the_child_starts_is_not_its_crash(monkeypatch):
    """The parent decides what Ctrl-C does: a child hit before it ignores Ctrl-C must not die
    of it (a stray "Process ForkProcess-1:" on the terminal, or "ended unexpectedly")."""
    from plangraph.runtime import deadline

    monkeypatch.setattr(deadline, "enter_child", _ctrl_c_first(deadline.enter_child))
    assert deadline.run_with_deadline(lambda: 42, 30, "<probe>") == 42


def test_a_ctrl_c_while_the_worker_starts_is_not_its_crash(monkeypatch):
    from plangraph.runtime import worker

    monkeypatch.setattr(worker, "enter_child", _ctrl_c_first(worker.enter_child))
    probe = worker.Worker(object(), lambda request: request * 2)
    try:
        assert probe.call(21, 30, "<probe>") == 42
    finally:
        probe.close()
