"""End to end on a real Prefect server: prefect.yaml deployed to a process pool, a worker started
by `unwh worker`, an `un.document.arrived` event from `unwh watch --once` running the on-arrival
deployment, then the nightly deployment skipping that document and loading a second one; the
worker stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from load.warehouse import connect

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIRST, SECOND = "UNEP_GC.26_18_zh.pdf", "002_b61ed0f3630fa659_zh.pdf"
BIN = Path(sys.executable).parent
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen, name: str) -> None:
    """SIGTERM by PID, then wait; SIGKILL only if it does not go."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(5)


def _wait_until(what: str, check, timeout_s: float, every_s: float = 0.5):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free port with its own PREFECT_HOME; yields the env
    that points child processes at it."""
    home = tmp_path_factory.mktemp("prefect_home")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "GX_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    log = (home / "server.log").open("w")
    started = time.monotonic()
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=home,
    )  # fmt: skip
    try:

        def healthy() -> bool:
            assert server.poll() is None, f"the server exited: {(home / 'server.log').read_text()[-2000:]}"
            try:
                return httpx.get(f"{api}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait_until("the Prefect server to be healthy", healthy, 60)
        print(f"server healthy after {time.monotonic() - started:.1f} s")
        yield env
    finally:
        _stop(server, "server")
        log.close()


def _runs(api: str, deployment: str) -> list[dict]:
    body = {"deployments": {"name": {"any_": [deployment]}}, "sort": "EXPECTED_START_TIME_DESC"}
    return httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10).json()


def _run(api: str, run_id: str) -> dict:
    return httpx.get(f"{api}/flow_runs/{run_id}", timeout=10).json()


def _documents(warehouse: Path) -> dict[str, tuple]:
    if not warehouse.exists():
        return {}
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT regexp_extract(source_uri, '[^/]+$'), status, ingested_at FROM documents")
        return {name: (status, at) for name, status, at in rows.fetchall()}
    finally:
        con.close()


def _copy_settled(name: str, inbox: Path) -> Path:
    target = inbox / name
    shutil.copy(SAMPLES / name, target)
    past = time.time() - 60  # written a minute ago: settled
    os.utime(target, (past, past))
    return target


def test_event_runs_on_arrival_then_nightly_skips_it_and_loads_the_next(prefect_server, tmp_path):
    env = prefect_server
    api = env["PREFECT_API_URL"]
    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh" / "un_reports.duckdb"
    inbox.mkdir()
    env = {
        **env,
        "UNWH_INBOX": str(inbox),
        "UNWH_WAREHOUSE": str(warehouse),
        "UNWH_CACHE_DIR": str(tmp_path / "cache"),
        "UNWH_WORKERS": "1",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
    }
    env.pop("UNWH_PROJECT_DIR", None)  # `unwh worker` must tell the pull step where the checkout is
    timings: dict[str, float] = {}
    started = time.monotonic()
    worker_log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([str(BIN / "unwh"), "worker"], env=env, stdout=worker_log, stderr=subprocess.STDOUT,
                              cwd=tmp_path)  # fmt: skip
    try:
        deployed = subprocess.run([str(BIN / "unwh"), "deploy"], env=env, cwd=tmp_path, capture_output=True,
                                  text=True, timeout=120)  # fmt: skip
        assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]
        timings["deploy"] = time.monotonic() - started

        # 0. the worker registered with the process pool (it polls it)
        def online() -> list[dict]:
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            workers = httpx.post(f"{api}/work_pools/unwh-process/workers/filter", json={}, timeout=10).json()
            return [w for w in workers if w["status"] == "ONLINE"]

        (registered,) = _wait_until("the worker to register with unwh-process", online, 60)
        pool = httpx.get(f"{api}/work_pools/unwh-process", timeout=10).json()
        assert pool["type"] == "process"

        # 1. a document arrives; the watcher announces it; the trigger runs on-arrival
        _copy_settled(FIRST, inbox)
        mark = time.monotonic()
        run = None
        for _attempt in range(3):  # events are at most once: announce again if no run shows up
            watched = subprocess.run([str(BIN / "unwh"), "watch", "--once"], env=env, cwd=tmp_path,
                                     capture_output=True, text=True, timeout=60)  # fmt: skip
            assert watched.returncode == 0, watched.stderr[-3000:]
            assert "1 document(s) announced" in watched.stdout
            try:
                run = _wait_until("an on-arrival flow run", lambda: (_runs(api, "on-arrival") or [None])[0], 20)
                break
            except AssertionError:
                continue
        assert run is not None, "no on-arrival run was created for the event"
        timings["event -> run created"] = time.monotonic() - mark
        assert run["parameters"]["path"] == str((inbox / FIRST).resolve())

        def finished(run_id: str):
            state = _run(api, run_id)["state"]
            return state if state["type"] in FINAL else None

        state = _wait_until("the on-arrival run to finish", lambda: finished(run["id"]), 150, every_s=1)
        timings["event -> run finished"] = time.monotonic() - mark
        run = _run(api, run["id"])
        # run by the worker `unwh worker` started (without UNWH_PROJECT_DIR the pull step would crash it)
        assert run["work_pool_name"] == "unwh-process"
        assert run["labels"]["prefect.worker.name"] == registered["name"]
        docs = _documents(warehouse)
        assert FIRST in docs, f"on-arrival ended {state['type']}: {state.get('message')}"
        assert state["type"] == "COMPLETED" or docs[FIRST][0] == "quarantined", state
        first_ingested_at = docs[FIRST][1]

        # 2. a second document; the nightly deployment skips the first and loads the second
        _copy_settled(SECOND, inbox)
        mark = time.monotonic()
        triggered = subprocess.run([str(BIN / "prefect"), "deployment", "run", "nightly/nightly"], env=env,
                                   cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", triggered.stdout).group(1)  # not a scheduled (cron) run
        state = _wait_until("the nightly run to finish", lambda: finished(run_id), 150, every_s=1)
        timings["nightly run"] = time.monotonic() - mark
        docs = _documents(warehouse)
        assert SECOND in docs, f"nightly ended {state['type']}: {state.get('message')}"
        assert docs[FIRST][1] == first_ingested_at, "the nightly run re-ingested a document already in the warehouse"
        artifacts = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"key": {"any_": ["nightly-summary"]}}},
                               timeout=10).json()  # fmt: skip
        assert artifacts, "the nightly run left no summary artifact"
        summary = artifacts[0]["data"]
        assert f"| {FIRST} |" in summary and "skipped" in summary
        assert f"| {SECOND} |" in summary
        assert _run(api, run_id)["labels"]["prefect.worker.name"] == registered["name"]

        # 3. SIGTERM by PID (as docs/OPERATIONS.md says) stops the worker cleanly: `unwh worker` is the worker
        os.kill(worker.pid, signal.SIGTERM)
        assert worker.wait(30) == 0, (tmp_path / "worker.log").read_text()[-3000:]
    finally:
        _stop(worker, "worker")
        worker_log.close()
        print("timings:", {k: round(v, 1) for k, v in timings.items()}, f"total {time.monotonic() - started:.1f} s")
