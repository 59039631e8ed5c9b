"""`unwh worker`: a Prefect process worker under a small supervisor that stops it cleanly.

Prefect's worker stops on SIGINT and turns a SIGTERM into a SIGINT to itself; a background job
of a non-interactive shell has SIGINT ignored, so it would not stop at all, and a stopping worker
kills its flow runs' processes and leaves those runs Running for ever. The supervisor (the PID in
the pid file) takes SIGTERM and SIGINT itself: it stops the worker (SIGINT, which the worker gets
with its default disposition, in its own session so a terminal's Ctrl-C reaches only the
supervisor), makes sure the flow-run processes are gone, hands their runs back to the pool
(AwaitingRetry: the next worker runs them again; documents already loaded are skipped), and
exits 0."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

STOP_GRACE_S = 10.0  # how long the worker may take to stop after SIGINT before it is killed
RUN_GRACE_S = 5.0  # how long a flow-run process may take to go after SIGTERM before SIGKILL


def worker_name() -> str:
    return f"unwh-{socket.gethostname()}-{os.getpid()}"


def _descendants(root: int) -> list[int]:
    """The PIDs of every process below ``root`` (Linux /proc), parents before children."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _end(pids: list[int]) -> None:
    """SIGTERM what is left of the flow-run processes, SIGKILL what does not go in time."""
    for sig, grace in ((signal.SIGTERM, RUN_GRACE_S), (signal.SIGKILL, 1.0)):
        left = [pid for pid in pids if _alive(pid)]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while any(_alive(pid) for pid in left) and time.monotonic() < deadline:
            time.sleep(0.1)


def hand_back(name: str, pool: str) -> list[str]:
    """Put the runs this worker had taken (Pending or Running, labelled with its name) back on
    the pool as AwaitingRetry; their subflow runs (same process, now gone) end Crashed. Returns
    the names of the runs handed back."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterParentFlowRunId,
        FlowRunFilterState,
        FlowRunFilterStateType,
        WorkPoolFilter,
        WorkPoolFilterName,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import AwaitingRetry, Crashed

    active = FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PENDING, StateType.RUNNING]))
    handed: list[str] = []
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(state=active),
            work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[pool])),
        )
        for run in runs:
            if (run.labels or {}).get("prefect.worker.name") != name:
                continue
            message = f"handed back: worker {name} was stopped while it ran this flow run"
            client.set_flow_run_state(run.id, AwaitingRetry(message=message), force=True)
            handed.append(run.name)
            subflows = client.read_flow_runs(flow_run_filter=FlowRunFilter(
                state=active, parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[run.id])))  # fmt: skip
            for sub in subflows:
                client.set_flow_run_state(sub.id, Crashed(message=f"its parent run {run.name} was handed back"),
                                          force=True)  # fmt: skip
    return handed


def supervise(pool: str, env: dict[str, str]) -> int:
    """Run `prefect worker start` for ``pool`` until SIGTERM or SIGINT; then stop it, hand its
    runs back, exit 0. If the worker exits on its own, its exit status is returned."""
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum, frame):
        received.append(signum)
        stop.set()

    # handlers, not SIG_IGN: the worker starts (exec) with both signals at their default
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    name = worker_name()
    command = [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process",
               "--name", name]  # fmt: skip
    worker = subprocess.Popen(command, env=env, start_new_session=True)
    while not stop.wait(0.5):
        if worker.poll() is not None:
            return worker.returncode
    started = time.monotonic()
    print(f"unwh worker: {signal.Signals(received[0]).name} received; stopping worker {name}", flush=True)
    runs = _descendants(worker.pid)
    worker.send_signal(signal.SIGINT)
    try:
        worker.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    _end(runs)
    try:
        handed = hand_back(name, pool)
    except Exception as exc:  # the server is gone too: its runs stay as they are
        print(f"unwh worker: runs not handed back ({exc!r}); the server marks them when it sees them", flush=True)
        handed = []
    if handed:
        print(f"unwh worker: handed back to {pool}: {', '.join(handed)}", flush=True)
    print(f"unwh worker: stopped in {time.monotonic() - started:.1f} s", flush=True)
    return 0
