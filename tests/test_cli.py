"""What `unwh` tells its user: --version, --help (exit codes, environment), `quality UNKNOWN`,
progress per document (plain lines off a terminal, rich on one), the symbol of an already-loaded
document, the artifact's width, the nightly warning without an inbox, deploy --pool."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import badfiles
import pytest

from flows.cli import main
from flows.summary import DocumentOutcome, RunSummary

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
UNWH = [sys.executable, "-m", "flows.cli"]


def _unwh(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*UNWH, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def test_version_names_the_package_and_the_pipeline():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    pipeline = re.search(r'PIPELINE_VERSION = "([^"]+)"', (ROOT / "transform" / "version.py").read_text()).group(1)
    done = _unwh("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"unwh {project} (pipeline {pipeline})"


def test_help_lists_the_exit_codes_and_every_setting_it_reads():
    done = _unwh("--help")
    assert done.returncode == 0
    text = done.stdout
    codes = text[text.index("exit codes:") :].splitlines()[1:4]
    assert [line.split()[0] for line in codes] == ["0", "1", "2"]
    assert "quarantined" in codes[1] and "usage" in codes[2]
    read = set(re.findall(r"\b(UNWH_[A-Z_]+)\b", (ROOT / "flows" / "settings.py").read_text()))
    assert read, "flows/settings.py reads no UNWH_ variable?"
    listed = set(re.findall(r"^  ((?:UNWH|PREFECT)_[A-Z_]+) ", text, flags=re.M))
    assert read <= listed, f"not in --help: {sorted(read - listed)}"
    assert {"PREFECT_API_URL", "PREFECT_HOME"} <= listed


def test_quality_of_an_unknown_document_exits_2(sample_warehouse, capsys):
    path, _ = sample_warehouse
    assert main(["quality", "NO/SUCH/DOC", "--warehouse", str(path)]) == 2
    assert "no such document: NO/SUCH/DOC" in capsys.readouterr().err
    assert main(["quality", "UNEP/GC.26/18", "--warehouse", str(path)]) == 0  # a symbol it holds
    assert main(["quality", "UNEP_GC.26_18_zh.pdf", "--warehouse", str(path)]) == 0  # its file name


def test_progress_per_document_then_the_symbol_of_an_already_loaded_one(prefect_harness, tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / "UNEP_GC.26_18_zh.pdf", inbox)
    badfiles.truncated(inbox)
    warehouse = tmp_path / "wh.duckdb"
    try:
        assert main(["ingest", str(inbox), "--warehouse", str(warehouse)]) == 1
        first = capsys.readouterr()
        assert main(["ingest", str(inbox / "UNEP_GC.26_18_zh.pdf"), "--warehouse", str(warehouse)]) == 0
        second = capsys.readouterr()
    finally:
        _restore_prefect_console()
    # not a terminal: one plain line per document and step, on stderr
    lines = first.err.splitlines()
    assert "2 document(s): 2 to extract and load" in lines
    extracted = [line for line in lines if re.match(r"\[\d/2\] (extracted|extraction failed): ", line)]
    assert sorted(line.split(": ", 1)[1].split(" (")[0] for line in extracted) == [
        "UNEP_GC.26_18_zh.pdf", "truncated.pdf"]  # fmt: skip
    done = sorted(line for line in lines if re.match(r"\[\d/2\] (loaded|quarantined): ", line))
    assert [line[6:] for line in done] == [
        "loaded: UNEP_GC.26_18_zh.pdf",
        "quarantined: truncated.pdf: the file ends without %%EOF: it is truncated",
    ]
    # an expected quarantine is no error line, and Prefect's INFO chatter stays off the console
    assert not [line for line in lines if line.startswith(("error:", "critical:")) or "Task run" in line], lines
    assert "Finished in state" not in first.err and "Created flow run" not in first.err
    assert "quarantined 1" in first.out  # the summary table on stdout
    # the second run: already loaded, and its row shows the symbol and pages the warehouse knows
    assert "[1/1] already loaded: UNEP_GC.26_18_zh.pdf" in second.err.splitlines()
    (row,) = [line for line in second.out.splitlines() if line.startswith("UNEP_GC.26_18_zh.pdf")]
    assert row.split()[1:3] == ["UNEP/GC.26/18", "4"]  # the symbol printed on its cover; 4 pages


def _restore_prefect_console() -> None:
    """The CLI replaced Prefect's console handler for the rest of its process: undo it here."""
    import logging

    from prefect.logging.configuration import setup_logging

    from flows.console import ConsoleHandler

    for handler in list(logging.getLogger().handlers):
        if isinstance(handler, ConsoleHandler):
            logging.getLogger().removeHandler(handler)
    setup_logging(incremental=False)


def test_progress_on_a_terminal_is_a_rich_display():
    from flows.console import RichProgress, progress_display

    master, slave = os.openpty()
    with os.fdopen(slave, "w") as tty:
        display = progress_display(tty)
        assert isinstance(display, RichProgress)
        display("planned", "", {"total": 2, "extract": 1})
        display("done", "/x/old.pdf", {"status": "skipped", "reason": "already loaded"})
        display("extracted", "/x/new.pdf", {"error": None})
        display("done", "/x/new.pdf", {"status": "loaded", "reason": None})
        display.close()
    out = b""
    while select.select([master], [], [], 0.5)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    text = out.decode("utf-8", "replace")
    assert "[1/2] already loaded: old.pdf" in text and "[2/2] loaded: new.pdf" in text
    assert "\x1b[" in text  # drawn with terminal control sequences (the live bar)


def test_a_failed_runs_state_resolves_to_its_summary_not_a_type_error():
    from prefect.states import Failed, get_state_exception

    from flows.summary import RunFailed, summary_of

    summary = RunSummary(warehouse="w.duckdb", documents=[DocumentOutcome(path="a.pdf", status="quarantined")])
    state = Failed(message="1 document(s) quarantined", data=RunFailed("1 document(s) quarantined", summary))
    exc = get_state_exception(state)  # with a bare summary as data: TypeError
    assert isinstance(exc, RunFailed) and summary_of(exc) is summary
    assert exc.count("quarantined") == 1 and exc.documents == summary.documents and not exc.ok  # reads as it
    import pickle

    again = pickle.loads(pickle.dumps(exc))
    assert str(again) == "1 document(s) quarantined" and again.summary.documents[0].path == "a.pdf"


def test_the_artifact_is_two_narrow_tables():
    from flows.ingest import ARTIFACT_NOTE_WIDTH, render_artifact

    reason = "the file ends without %%EOF: it is truncated; " * 3
    summary = RunSummary(warehouse="w.duckdb", documents=[
        DocumentOutcome(path="/in/a.pdf", status="loaded", symbol="A/1", pages=3,
                        rows={"paragraphs": 10, "tables": 2, "budget_lines": 5, "quality_issues": 1}),
        DocumentOutcome(path="/in/b.pdf", status="loaded", symbol="B/2", pages=4, rows={"paragraphs": 20}),
        DocumentOutcome(path="/in/c.pdf", status="quarantined", reason=reason, rows={"quality_issues": 1}),
    ])  # fmt: skip
    text = render_artifact(summary)
    lines = text.splitlines()
    documents = [line for line in lines if re.match(r"\| \d+ \| ", line)]
    assert documents[0] == "| 1 | a.pdf | A/1 | loaded | 3 |  |"
    assert documents[2].startswith("| 3 | c.pdf | — | quarantined | — | ")
    assert len(documents[2].split(" | ")[-1]) <= ARTIFACT_NOTE_WIDTH + 2  # the note cut short …
    assert f"- **3** c.pdf: {reason}" in lines  # … and the whole reason under the table
    # the counts: one row per table written, the total and each document by its #
    assert "| table | total | #1 | #2 | #3 | " in lines
    assert "| paragraphs | **30** | 10 | 20 | 0 | " in lines
    assert "| budget_lines | **5** | 5 | 0 | 0 | " in lines
    assert "| quality_issues | **2** | 1 | 0 | 1 | " in lines
    assert not [line for line in lines if "posts" in line]  # no column nor row for a table nobody wrote
    assert max(line.count("|") for line in lines) <= 7


def test_nightly_without_an_inbox_warns_in_its_log_and_artifact(prefect_harness, tmp_path, caplog):
    from flows.ingest import render_artifact
    from flows.nightly import nightly

    missing = tmp_path / "no-inbox"
    summary = nightly(inbox=str(missing), warehouse=str(tmp_path / "wh.duckdb"))
    assert summary.documents == []
    (warning,) = summary.warnings
    assert warning.startswith(f"no inbox folder at {missing}")
    assert render_artifact(summary).startswith(f"> **Warning:** {warning}")
    assert any(r.levelname == "WARNING" and r.getMessage() == warning for r in caplog.records)


def test_deploy_to_another_pool_deploys_a_copy_of_prefect_yaml_naming_it(monkeypatch):
    import yaml

    from flows import cli

    seen = {}

    def fake_run(command, cwd, check):
        path = Path(command[command.index("--prefect-file") + 1])
        seen["config"] = yaml.safe_load(path.read_text(encoding="utf-8"))
        seen["cwd"] = cwd
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    assert cli._deploy_all("other-pool") == 0
    original = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    names = [d["name"] for d in original["deployments"]]
    assert [d["name"] for d in seen["config"]["deployments"]] == names
    assert {d["work_pool"]["name"] for d in seen["config"]["deployments"]} == {"other-pool"}
    assert seen["cwd"] == ROOT  # where the entrypoints are
    assert not list(ROOT.glob(".unwh-deploy-*.yaml"))  # the copy is gone


def test_worker_stop_without_a_worker_says_so(tmp_path, capsys):
    pid_file = str(tmp_path / "worker.pid")
    assert main(["worker", "--stop", "--pid-file", pid_file]) == 0
    assert "no worker running" in capsys.readouterr().out
    # a live PID that is no worker: not stopped (a child of its own, whatever this test's command line)
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        (tmp_path / "worker.pid").write_text(f"{other.pid}\n")
        assert main(["worker", "--stop", "--pid-file", pid_file]) == 0
        assert "no worker running" in capsys.readouterr().out
        assert other.poll() is None, "a process that is no worker was signalled"
    finally:
        other.stdin.close()
        other.wait(60)


@pytest.mark.parametrize("args", [["quality", "x", "--warehouse", "/nonexistent/wh.duckdb"]])
def test_quality_without_a_warehouse_exits_2(args, capsys):
    assert main(args) == 2
