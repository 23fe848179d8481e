"""A build stopped by Ctrl-C or SIGTERM exits 130 / 143 with one line, removes its temporary
folder and leaves the previous build as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import INFRA_SOURCES

#: Runs the CLI with the maps step replaced by one that says it started, then waits.
DRIVER = """
import sys, time
from pathlib import Path
import plangraph.build as b

def stuck(*args, **kwargs):
    Path(sys.argv[1]).write_text("started")
    time.sleep(600)

b.write_maps = stuck
from plangraph.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_build_cleans_up_and_keeps_the_old_one(tmp_path: Path, signum, code):
    out = tmp_path / "build"
    out.mkdir()
    (out / "old.txt").write_text("the previous build")
    flag = tmp_path / "started"
    data = [arg for p in INFRA_SOURCES for arg in ("--data", str(p))]
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(flag), "build", "-o", str(out), "--no-site",
         "--no-export", *data],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        for _ in range(1200):  # wait until the build is inside its temporary folder
            if flag.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), proc.communicate()[1]
        os.kill(proc.pid, signum)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, stderr
    assert stderr.startswith("plangraph: build ") and "left as it was" in stderr
    assert stderr.count("\n") == 1, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "started"]
    assert [p.name for p in out.iterdir()] == ["old.txt"]
