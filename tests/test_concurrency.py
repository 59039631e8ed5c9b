"""Several writers, one DuckDB file: two `unwh ingest` processes contending for the writer slot
(the global concurrency limit `unwh-duckdb-writer` on the test harness's API) take turns and
publish each document once; a file held open by another process (an analyst's session) makes a
run wait for it, and fail with the reason when it is not released in time."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from extract.fingerprint import fingerprint_file
from load.warehouse import connect, open_warehouse
from tests.api_reads import api_post

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BIN = Path(sys.executable).parent
X, Y = "UNEP_GC.26_18_zh.pdf", "002_b61ed0f3630fa659_zh.pdf"  # 4 and 10 pages
STATUS = re.compile(r"\s(loaded|skipped|quarantined|failed)\s")


@pytest.fixture()
def api(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _env(api: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """A `unwh` process reporting to the harness's API (so all of them share its concurrency limit),
    with the session's extraction cache (conftest) in its environment."""
    return {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": str(tmp_path / "prefect_home"),
        "UNWH_WORKERS": "1",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _ingest(env: dict[str, str], warehouse: Path, *names: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "unwh"), "ingest", *(str(SAMPLES / n) for n in names), "--warehouse", str(warehouse)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
    )  # fmt: skip


def _statuses(output: str) -> dict[str, str]:
    """{file name: status} from the summary `unwh ingest` prints."""
    found = {}
    for line in output.splitlines():
        name = line.split(" ", 1)[0]
        if name in (X, Y) and (match := STATUS.search(line)):
            found[name] = match.group(1)
    return found


def _post(api: str, path: str, body: dict) -> list[dict]:
    return api_post(api, path, body)


def _flow_runs(api: str, warehouse: Path) -> list[dict]:
    runs = _post(api, "/flow_runs/filter", {"flows": {"name": {"any_": ["ingest"]}}})
    return [r for r in runs if r["parameters"].get("warehouse") == str(warehouse)]


def _task_runs(api: str, run_ids: list[str]) -> list[dict]:
    return _post(api, "/task_runs/filter", {"flow_runs": {"id": {"any_": run_ids}}, "limit": 200})


def _wait_until(what: str, check, timeout_s: float):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")


def _writer_sections(api: str, run_id: str) -> list[tuple[datetime, datetime, str]]:
    """(acquired, released, what) of each writer section, from the run's logs on the API."""
    logs = _post(api, "/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC"})
    sections, opened = [], {}
    for log in logs:
        match = re.match(r"writer slot (acquired|released): (.+)$", log["message"])
        if not match:
            continue
        at = datetime.fromisoformat(log["timestamp"])
        if match.group(1) == "acquired":
            assert not opened, f"two writer sections open at once in one run: {opened}, {match.group(2)}"
            opened[match.group(2)] = at
        else:
            sections.append((opened.pop(match.group(2)), at, match.group(2)))
    assert not opened, f"a writer section was never released: {opened}"
    return sections


def test_two_loaders_take_turns_and_publish_each_document_once(api, tmp_path):
    from prefect.concurrency.sync import concurrency

    from flows.writer_slot import WRITER_LIMIT, ensure_writer_limit

    warehouse = tmp_path / "wh" / "un_reports.duckdb"
    env = _env(api, tmp_path, PREFECT_LOGGING_LEVEL="INFO")  # the writer-section log lines are INFO
    ensure_writer_limit()
    # The test holds the one slot while both runs extract: each then queues for it with its first
    # document in hand, so the two runs contend for the slot when the test lets go, not by luck.
    with concurrency(WRITER_LIMIT, occupy=1, strict=True):
        first, second = _ingest(env, warehouse, X, Y), _ingest(env, warehouse, Y, X)
        try:

            def both_queued() -> bool:
                for process in (first, second):
                    assert process.poll() is None, process.stdout.read()
                runs = _flow_runs(api, warehouse)
                loading = {t["flow_run_id"] for t in _task_runs(api, [r["id"] for r in runs])
                           if t["task_key"].startswith("load") and t["state_type"] == "RUNNING"}  # fmt: skip
                return len(runs) == 2 and len(loading) == 2

            _wait_until("both runs to wait for the writer slot", both_queued, 240)
            assert not warehouse.exists(), "a run wrote while the test held the writer slot"
        except BaseException:
            first.kill(), second.kill()
            raise
    outputs = [p.communicate(timeout=600)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], "\n\n".join(outputs)

    # each document published by exactly one run; the other run found it loaded inside the slot
    statuses = [_statuses(out) for out in outputs]
    for name in (X, Y):
        assert sorted(s[name] for s in statuses) == ["loaded", "skipped"], outputs
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute("SELECT document_id, status FROM documents ORDER BY document_id").fetchall()
        paragraphs = dict(con.execute("SELECT document_id, count(*) FROM paragraphs GROUP BY 1").fetchall())
    finally:
        con.close()
    ids = sorted(fingerprint_file(SAMPLES / n).document_id for n in (X, Y))
    assert rows == [(i, "loaded") for i in ids]
    assert all(paragraphs.get(i) for i in ids), paragraphs

    # no retry, no failure, no lock conflict: every task ran once and completed. Task states reach
    # the API as events, which its recorder writes after the processes exit: wait for the last one.
    runs = _flow_runs(api, warehouse)
    assert [r["state_type"] for r in runs] == ["COMPLETED", "COMPLETED"]

    def all_recorded() -> list[dict] | None:
        tasks = _task_runs(api, [r["id"] for r in runs])
        settled = all(t["state_type"] not in ("PENDING", "RUNNING", "SCHEDULED") for t in tasks)
        return tasks if tasks and settled else None

    tasks = _wait_until("the task states to be recorded", all_recorded, 300)
    assert {t["state_type"] for t in tasks} == {"COMPLETED"}
    assert {t["run_count"] for t in tasks} == {1}
    assert "database is locked" not in "".join(outputs) and "open in another process" not in "".join(outputs)

    # the writer sections of the two runs, as their logs record them, never overlap
    sections = {r["id"]: _writer_sections(api, r["id"]) for r in runs}
    (a, b) = sections.values()
    assert len(a) == len(b) == 2, sections  # one load per document in each run
    for start_a, end_a, what_a in a:
        for start_b, end_b, what_b in b:
            assert end_a <= start_b or end_b <= start_a, f"writer sections overlap: {what_a} and {what_b}"


def _hold(warehouse: Path, *, read_only: bool) -> subprocess.Popen:
    """Another process with the DuckDB file open (as an analyst's session) until its stdin closes."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'ro');"
         " print('open', flush=True); sys.stdin.read(); con.close()", str(warehouse), "ro" if read_only else "rw"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "open"
    return holder


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(60)


def test_a_warehouse_held_open_by_another_process_fails_the_run_with_the_reason(api, tmp_path):
    warehouse = tmp_path / "un_reports.duckdb"
    open_warehouse(warehouse).close()
    holder = _hold(warehouse, read_only=False)  # an analyst's read-write session
    try:
        done = subprocess.run(
            [str(BIN / "unwh"), "ingest", str(SAMPLES / X), "--warehouse", str(warehouse)],
            env=_env(api, tmp_path, UNWH_WRITER_WAIT="2"), capture_output=True, text=True, timeout=600, cwd=ROOT,
        )  # fmt: skip
    finally:
        _release(holder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert _statuses(done.stdout) == {X: "failed"}, done.stdout
    assert "stayed locked by another process for 2 s" in done.stdout
    assert f"(PID {holder.pid})" in done.stdout, done.stdout  # the operator learns which process
    assert "Traceback" not in done.stdout + done.stderr
    (run,) = _flow_runs(api, warehouse)
    assert run["state_type"] == "FAILED" and "stayed locked" in run["state"]["message"]
    con = connect(warehouse, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    finally:
        con.close()


def test_a_run_waits_while_an_analyst_has_the_file_open_then_loads(api, tmp_path):
    warehouse = tmp_path / "un_reports.duckdb"
    open_warehouse(warehouse).close()
    holder = _hold(warehouse, read_only=True)  # read-only sessions block a writer too
    run = _ingest(_env(api, tmp_path, UNWH_WRITER_WAIT="240"), warehouse, X)
    seen = []
    try:
        for line in run.stdout:  # the run says it is waiting (a WARNING, printed by `unwh ingest`)
            seen.append(line)
            if "is open in another process; waiting up to" in line:
                break
        else:
            raise AssertionError("the run never waited for the file: " + "".join(seen))
        assert f"PID {holder.pid}" in line
    finally:
        _release(holder)
    rest, _ = run.communicate(timeout=600)
    assert run.returncode == 0, "".join(seen) + rest
    assert _statuses(rest) == {X: "loaded"}, rest
    con = connect(warehouse, read_only=True)
    try:
        assert con.execute("SELECT status FROM documents").fetchall() == [("loaded",)]
    finally:
        con.close()
