"""The CLI: output, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EX, INFRA, infra_data_args, run_cli


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("plangraph, version ")
    assert "query" in run_cli("--help").stdout


def test_queries_lists_the_library(monkeypatch):
    from plangraph import paths

    monkeypatch.setattr(paths, "QUERIES_DIR", INFRA)
    res = run_cli("queries")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["name", "title_th", "title", "params"]
    assert any(
        line.startswith("indicators-of") and "plan:IRI" in line and "Indicators of a plan" in line
        for line in lines
    )
    assert any("level:integer?" in line for line in lines)


def test_query_formats(tmp_path):
    q = INFRA / "indicators-of.rq"
    args = ["query", q, "-p", "plan=ex:lampang", *infra_data_args()]
    table = run_cli(*args)
    assert table.exit_code == 0, table.stderr
    assert "ex:households" in table.stdout and "95.5" in table.stdout
    doc = json.loads(run_cli(*args, "--format", "json", "--engine", "oxigraph").stdout)
    assert doc["results"]["bindings"][0]["indicator"]["value"] == EX + "households"
    out = tmp_path / "out.csv"
    res = run_cli(*args, "-f", "csv", "--bom", "--out", out)
    assert res.exit_code == 0 and res.stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbfplan,indicator,label,target\r\n")


def test_errors_are_one_line_with_exit_2(write_file):
    bad = write_file(
        "broken.ttl", '@prefix ex: <http://ex.org/> .\nex:a ex:p "x"\nex:b ex:p "y" .\n'
    )
    res = run_cli("query", INFRA / "plans-by-level.rq", "--data", bad)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.startswith(f"plangraph: {bad}:3: bad syntax")
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr

    for args, problem in [
        (["-p", "plan=http://ex.org/a b"], "not a valid IRI"),
        (["-p", "nonsense"], None),  # click usage error
        ([], "missing required parameter plan"),
    ]:
        res = run_cli("query", INFRA / "indicators-of.rq", *args, *infra_data_args())
        assert res.exit_code == 2, res.stderr
        if problem:
            assert res.stderr.startswith("plangraph: ") and problem in res.stderr
            assert res.stderr.count("\n") == 1


def test_network_refusal_and_allow(write_file):
    q = write_file("remote.rq", "select * where { service <http://127.0.0.1:9/x> { ?s ?p ?o } }\n")
    res = run_cli("query", q, *infra_data_args())
    assert res.exit_code == 2
    assert res.stderr.startswith(f"plangraph: {q}:1: SERVICE <http://127.0.0.1:9/x> refused")
    update = write_file("drop.rq", "# looks harmless\nDROP ALL\n")
    res = run_cli("query", update, *infra_data_args(), "--allow-network")
    assert res.exit_code == 2 and "SPARQL Update (DROP) refused" in res.stderr


def test_bom_needs_csv():
    res = run_cli("query", INFRA / "plans-by-level.rq", "--bom", *infra_data_args())
    assert res.exit_code == 2 and "--bom applies to" in res.stderr


def test_console_entry_point_has_no_traceback(write_file):
    bad = write_file("broken.nt", "<http://a> <http://b> .\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "plangraph.cli",
            "query",
            str(INFRA / "plans-by-level.rq"),
            "--data",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"plangraph: {bad}:1: bad syntax")
    assert proc.stderr.count("\n") == 1


def test_every_command_is_named_with_the_module_that_defines_it():
    """``COMMANDS`` says where each command lives (its module is imported when needed)."""
    import importlib

    from plangraph.cli.base import COMMANDS, cli

    for module in set(COMMANDS.values()):
        importlib.import_module(f"plangraph.cli.{module}")
    assert set(cli.commands) == set(COMMANDS)
    for name, command in cli.commands.items():
        assert command.callback.__module__ == f"plangraph.cli.{COMMANDS[name]}", name


def test_a_command_loads_only_its_own_module():
    code = ("import sys\nfrom plangraph.cli import main\nsys.argv = ['plangraph', 'queries']\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m.startswith('plangraph.cli.')))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stdout.splitlines()[-1] == "['plangraph.cli.base', 'plangraph.cli.query']"
    assert "indicators" in res.stdout  # the command ran: its list is above
