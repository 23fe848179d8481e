"""Test servers on 127.0.0.1: a real Oxigraph server, and a proxy that kills it mid-upload."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import closed_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
READY_TIMEOUT = 30.0


def wait_ready(
    process: subprocess.Popen[bytes], endpoint: str, timeout: float, log: Path,
    stop: Callable[[], None],
) -> None:
    """Poll ``ASK {}`` on ``endpoint`` until it answers (bounded); fail with the log's end."""
    deadline = time.monotonic() + timeout
    probe = endpoint + "?query=ASK%7B%7D"
    name = process.args[0] if isinstance(process.args, list) else "server"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited ({process.returncode}): {_tail(log)}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(probe, timeout=5) as r,
        ):
            if r.status == 200:
                return
        time.sleep(0.1)
    stop()
    pytest.fail(f"{name} did not answer within {timeout:.0f} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else ""


class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT --union-default-graph``.

    The union default graph lets the library queries (which use no ``GRAPH``) see the
    published named graph, as GraphDB and Virtuoso do by default. ``in_memory``: no
    ``--location`` (Oxigraph's in-memory store, empty at start; ``location`` names the log).
    """

    def __init__(self, location: Path, port: int | None = None, in_memory: bool = False) -> None:
        if not OXIGRAPH.is_file():
            pytest.fail(
                f"oxigraph server binary not found at {OXIGRAPH}: "
                "install the test extra (pip install -e '.[test]', which has 'oxigraph')"
            )
        self.location = location
        self.port = port or closed_port()
        self.log = location.with_suffix(".log")
        self.in_memory = in_memory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    @property
    def update_url(self) -> str:
        return self.base + "/update"

    @property
    def store_url(self) -> str:
        return self.base + "/store"

    def start(self) -> OxigraphServer:
        """Start and wait (bounded) until it answers a query."""
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(OXIGRAPH),
                    "serve",
                    *([] if self.in_memory else ["--location", str(self.location)]),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--union-default-graph",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        wait_ready(self.process, self.query_url, READY_TIMEOUT, self.log, self.stop)
        return self

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


class KillingProxy:
    """Forwards 127.0.0.1:port to an upstream port; when a PUT has pushed more than
    ``threshold`` bytes upstream it calls ``on_trigger`` (kill the server) and cuts the
    connection, as a crash in the middle of an upload would."""

    def __init__(self, upstream: int, threshold: int, on_trigger: Callable[[], None]) -> None:
        self.upstream = upstream
        self.threshold = threshold
        self.on_trigger = on_trigger
        self.triggered = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
        except OSError:
            client.close()
            return
        threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()
        self._pump(client, upstream, True)

    def _pump(self, src: socket.socket, dst: socket.socket, watch: bool) -> None:
        sent = 0
        is_put: bool | None = None
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if watch and is_put is None:
                    is_put = data.startswith(b"PUT ")
                dst.sendall(data)
                sent += len(data)
                if watch and is_put and sent > self.threshold and not self.triggered.is_set():
                    self.triggered.set()
                    self.on_trigger()
                    break
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def close(self) -> None:
        self.listener.close()


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_READY_TIMEOUT = 180.0  # it starts in ~4 s alone, much slower on busy cores


def virtuoso_binary() -> Path | None:
    """``virtuoso-t`` of Debian's virtuoso-opensource, if installed."""
    found = shutil.which("virtuoso-t")
    return Path(found) if found and VIRTUOSO_INI.is_file() else None


class VirtuosoServer:
    """Debian's Virtuoso 7 on 127.0.0.1: its own database, ini and ports in ``folder``.

    SPARQL at ``/sparql`` (read), updates with digest auth at ``/sparql-auth`` and the Graph
    Store Protocol at ``/sparql-graph-crud-auth``; user ``dba``, password ``dba``.
    """

    user = "dba"
    password = "dba"

    def __init__(self, folder: Path) -> None:
        binary = virtuoso_binary()
        if binary is None:
            pytest.skip("virtuoso-opensource not installed (scripts/test.sh installs it as root)")
        self.binary = binary
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = closed_port()
        self.isql_port = closed_port()
        self.log = folder / "virtuoso.log"
        self.process: subprocess.Popen[bytes] | None = None
        base = f"http://127.0.0.1:{self.port}"
        self.query_url = base + "/sparql"
        self.update_url = base + "/sparql-auth"
        self.store_url = base + "/sparql-graph-crud-auth?graph-uri={graph}"

    def write_ini(self) -> Path:
        """Debian's ini with the files in ``folder``, loopback ports and no row cap."""
        d = self.folder
        settings = {
            ("Database", "DatabaseFile"): d / "virtuoso.db",
            ("Database", "ErrorLogFile"): self.log,
            ("Database", "LockFile"): d / "virtuoso.lck",
            ("Database", "TransactionFile"): d / "virtuoso.trx",
            ("Database", "xa_persistent_file"): d / "virtuoso.pxa",
            ("TempDatabase", "DatabaseFile"): d / "virtuoso-temp.db",
            ("TempDatabase", "TransactionFile"): d / "virtuoso-temp.trx",
            ("Parameters", "ServerPort"): f"127.0.0.1:{self.isql_port}",
            ("Parameters", "DirsAllowed"): f"., {d}",
            ("HTTPServer", "ServerPort"): f"127.0.0.1:{self.port}",
            ("URIQA", "DefaultHost"): f"127.0.0.1:{self.port}",
            ("SPARQL", "ResultSetMaxRows"): 10_000_000,
            ("SPARQL", "MaxQueryExecutionTime"): 0,  # else it answers partially, silently
            ("SPARQL", "MaxQueryCostEstimationTime"): 0,  # else refused on a guess (HTTP 500)
        }
        lines, section = [], ""
        for line in VIRTUOSO_INI.read_text().splitlines():
            if line.startswith("["):
                section = line.strip("[] ")
            key = line.split("=", 1)[0].strip()
            if "=" in line and (section, key) in settings:
                line = f"{key} = {settings[(section, key)]}"
            lines.append(line)
        ini = d / "virtuoso.ini"
        ini.write_text("\n".join(lines) + "\n")
        return ini

    def start(self) -> VirtuosoServer:
        """Start in the foreground (a child we can stop) and poll until SPARQL answers."""
        ini = self.write_ini()
        with open(self.folder / "stdout.log", "ab") as out:
            self.process = subprocess.Popen(
                [str(self.binary), "+foreground", "+configfile", str(ini)],
                cwd=self.folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        wait_ready(self.process, self.query_url, VIRTUOSO_READY_TIMEOUT, self.log, self.stop)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
