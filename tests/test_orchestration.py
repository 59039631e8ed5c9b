"""docs/OPERATIONS.md, run as written against a real Prefect server: every `bash` block of the
page, in order, in one non-interactive bash, from a directory laid out like a fresh clone (the
checkout's files linked, no .prefect/, warehouse or inbox yet). Only the port differs (4200 may be
taken on a shared machine). Between the blocks the test reads the API: the worker online in the
pool, each run's state, its logs at INFO (and no traceback for a run that quarantined), the
artifacts; then one SIGTERM stops the worker (started with `&` by that shell, so with SIGINT
ignored) while it runs a flow: exit 0 within 15 s, the run handed back to the pool."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from load.warehouse import connect
from tests.api_reads import api_get, api_post

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "OPERATIONS.md"
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}
SKIP_MARK = "<!-- not run by the test"
NOT_CLONED = {".git", ".prefect", ".pytest_cache", ".ruff_cache", "warehouse", "inbox"}


def doc_blocks(text: str) -> list[str]:
    """The page's ```bash blocks in order, without those marked as not run by the test."""
    blocks = []
    for match in re.finditer(r"^```bash\n(.*?)^```", text, flags=re.M | re.S):
        before = text[: match.start()].rstrip().splitlines()
        if before and before[-1].startswith(SKIP_MARK):
            continue
        blocks.append(match.group(1))
    return blocks


def test_the_doc_blocks_are_found():
    blocks = doc_blocks(DOC.read_text(encoding="utf-8"))
    assert blocks[0].startswith("source .venv/bin/activate")
    assert "unwh deploy" in blocks[1] and "unwh worker" in blocks[2]
    assert all("unwh watch\n" not in b and "prefect work-pool create" not in b for b in blocks)
    assert blocks[-2].startswith("kill -TERM $(cat $PREFECT_HOME/worker.pid)")
    assert blocks[-1].startswith("kill -TERM $(cat $PREFECT_HOME/server.pid)")


class Shell:
    """One non-interactive bash that is fed blocks one after the other (exports carry over)."""

    def __init__(self, cwd: Path, env: dict[str, str], log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen(["bash"], cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.count = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            self.lines.put(line)

    def run(self, block: str, timeout_s: float) -> tuple[int, str]:
        """Run ``block``; its exit status (of its last command) and its output."""
        self.count += 1
        mark = f"__block_{self.count}_done__"
        self.proc.stdin.write(f"{block}\necho {mark} $?\n")
        self.proc.stdin.flush()
        out, deadline = [], time.monotonic() + timeout_s
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"block {self.count} still running after {timeout_s:g} s:\n{block}\n"
                                     + "".join(out)[-3000:]) from None  # fmt: skip
            if line.startswith(mark):
                return int(line.split()[1]), "".join(out)
            out.append(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until(what: str, check, timeout_s: float, every_s: float = 0.5):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")


def _fresh_clone(target: Path) -> Path:
    """The checkout's files linked into ``target``, without its state: like a fresh clone after
    `make install` (.venv linked too)."""
    target.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in NOT_CLONED:
            (target / entry.name).symlink_to(entry)
    (target / "warehouse").mkdir()
    (target / "warehouse" / "migrations").symlink_to(ROOT / "warehouse" / "migrations")
    return target


class Api:
    def __init__(self, url: str) -> None:
        self.url = url

    def post(self, path: str, body: dict) -> list | dict:
        return api_post(self.url, path, body)

    def runs(self, deployment: str) -> list[dict]:
        return self.post("/flow_runs/filter", {"deployments": {"name": {"any_": [deployment]}},
                                               "sort": "EXPECTED_START_TIME_DESC"})  # fmt: skip

    def run(self, run_id: str) -> dict:
        return api_get(self.url, f"/flow_runs/{run_id}")

    def logs(self, run_id: str) -> list[dict]:
        """The logs of a run and of its subflow runs."""
        ids = [run_id] + [r["id"] for r in self.post("/flow_runs/filter", {
            "flow_runs": {"parent_flow_run_id": {"any_": [run_id]}}})]  # fmt: skip
        return self.post("/logs/filter", {"logs": {"flow_run_id": {"any_": ids}}, "sort": "TIMESTAMP_ASC"})

    def finished(self, run_id: str) -> dict | None:
        state = self.run(run_id)["state"]
        return state if state and state["type"] in FINAL else None


def _documents(warehouse: Path) -> dict[str, str]:
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT regexp_extract(source_uri, '[^/]+$'), status FROM documents").fetchall()
        return dict(rows)
    finally:
        con.close()


def test_operations_doc_word_for_word_against_a_real_server(tmp_path):
    port = _free_port()
    clone = _fresh_clone(tmp_path / "clone")
    api = Api(f"http://127.0.0.1:{port}/api")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "UNWH_", "VIRTUAL_ENV"))}
    env |= {
        "PREFECT_SERVER_API_PORT": str(port),  # where `prefect server start` listens (the doc's 4200)
        "UNWH_PROJECT_DIR": str(clone),  # the checkout the worker's runs enter: this "clone"
        "PREFECT_WORKER_QUERY_SECONDS": "2",  # faster pick-up (§ 3)
        "UNWH_WORKERS": "1",
        "GX_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    blocks = [b.replace("4200", str(port)) for b in doc_blocks(DOC.read_text(encoding="utf-8"))]
    *steps, stop_worker, stop_server = blocks
    shell = Shell(clone, env, tmp_path / "shell.log")
    timings: dict[str, float] = {}
    try:
        for number, block in enumerate(steps, 1):
            started = time.monotonic()
            rc, out = shell.run(block, timeout_s=600)  # bounds a hang only
            timings[block.split()[0] + f"#{number}"] = round(time.monotonic() - started, 1)
            assert rc == 0, f"block {number} exited {rc}:\n{block}\n{out[-3000:]}"
            if number == 1:
                assert "Server is available." in out
        home = clone / ".prefect"
        worker_log = home / "worker.log"

        # the worker `unwh worker &` started is online in the pool, under its supervisor's PID
        workers = api.post("/work_pools/unwh-process/workers/filter", {})
        online = [w for w in workers if w["status"] == "ONLINE"]
        assert len(online) == 1, worker_log.read_text()[-2000:]
        supervisor = int((home / "worker.pid").read_text())
        assert online[0]["name"].endswith(f"-{supervisor}")

        # § 4: one run of the inbox: the good document loaded, the broken one quarantined
        (run,) = api.runs("ingest")
        assert run["labels"]["prefect.worker.name"] == online[0]["name"]
        assert run["state"]["type"] == "FAILED", run["state"]
        assert run["state"]["message"] == (  # readable: the document and why
            "1 document(s) quarantined or failed: broken.pdf: the file ends without %%EOF: it is truncated"
        )
        logs = api.logs(run["id"])
        info = [log["message"] for log in logs if log["level"] == 20]  # the run logs at INFO
        assert any(m.startswith("writer slot acquired: ") for m in info), info
        assert any(m.endswith("UNEP_GC.26_18_zh.pdf: loaded") for m in info), info
        assert any(m.endswith("broken.pdf: quarantined") for m in info), info
        assert any(m.startswith("writer slot released: ") for m in info), info
        assert any(m.startswith("to be quarantined: ") and "broken.pdf" in m for m in info), info
        # a failed run without a traceback, and a quarantine is no error from a task
        text = "\n".join(log["message"] for log in logs)
        assert "TypeError" not in text and "Traceback" not in text, text[-3000:]
        assert not [log for log in logs if log["level"] >= 40 and log["task_run_id"]], text[-3000:]
        # the nightly run skipped both, and its artifact is narrow
        (night,) = [r for r in api.runs("nightly") if r["state"]["type"] != "SCHEDULED"]  # not the cron's
        assert night["state"]["type"] == "COMPLETED", night["state"]
        (artifact,) = api.post("/artifacts/filter", {"artifacts": {"key": {"any_": ["nightly-summary"]}}})
        rows = {line.split(" | ")[1]: line for line in artifact["data"].splitlines() if re.match(r"\| \d+ \| ", line)}
        assert set(rows) == {"UNEP_GC.26_18_zh.pdf", "broken.pdf"}
        assert "| UNEP/GC.26/18 | skipped |" in rows["UNEP_GC.26_18_zh.pdf"]  # the symbol of a skipped one
        assert all(line.count("|") <= 7 for line in artifact["data"].splitlines()), artifact["data"]

        # § 5: the watcher's event ran on-arrival for the third document
        arrival = _wait_until("an on-arrival run", lambda: (api.runs("on-arrival") or [None])[0], 180)
        assert arrival["parameters"]["path"] == str((clone / "inbox" / "UNEP_EA.4_16_zh.pdf").resolve())
        state = _wait_until("the on-arrival run to end", lambda: api.finished(arrival["id"]), 600, every_s=1)
        assert state["type"] == "COMPLETED", state
        assert _documents(clone / "warehouse" / "un_reports.duckdb") == {
            "UNEP_GC.26_18_zh.pdf": "loaded", "broken.pdf": "quarantined", "UNEP_EA.4_16_zh.pdf": "loaded"}  # fmt: skip

        # § 9: one SIGTERM while the worker runs a flow: exit 0 within 15 s, the run handed back
        (ingest,) = api.post("/deployments/filter", {"deployments": {"name": {"any_": ["ingest"]}}})
        taken = api.post(f"/deployments/{ingest['id']}/create_flow_run",
                         {"parameters": {"paths": [str(clone / "samples" / "A_75_6_Sect.14_zh.pdf")]}})  # fmt: skip
        _wait_until("the run to start", lambda: api.run(taken["id"])["state"]["type"] == "RUNNING", 300)
        time.sleep(2)  # into its extraction
        started = time.monotonic()
        rc, out = shell.run(stop_worker, timeout_s=30)
        assert rc == 0, out
        rc, out = shell.run(f"wait {supervisor}", timeout_s=20)  # the shell's background job: its exit status
        elapsed = time.monotonic() - started
        assert rc == 0, worker_log.read_text()[-3000:]
        assert elapsed < 15, f"the worker took {elapsed:.1f} s to stop"
        timings["worker stop"] = round(elapsed, 1)
        handed = api.run(taken["id"])["state"]
        assert (handed["type"], handed["name"]) == ("SCHEDULED", "AwaitingRetry"), handed
        assert "handed back" in handed["message"]
        assert not (home / "worker.pid").exists()

        rc, out = shell.run(stop_server, timeout_s=120)
        assert rc == 0, out
    finally:
        for name in ("worker.pid", "server.pid"):  # whatever a failed step left running
            with contextlib.suppress(OSError, ValueError):
                os.kill(int((clone / ".prefect" / name).read_text()), signal.SIGTERM)
        shell.close()
        print("timings:", timings)
