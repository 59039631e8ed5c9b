"""Start the temporary Prefect API of a CLI run early, so it boots while the pipeline imports.

With no ``PREFECT_API_URL``, Prefect's ephemeral mode imports its whole server stack into the run's
process and only then starts the server in a subprocess, waiting for it before the flow begins:
both costs add up (several seconds each on two cores). Here the same server subprocess (the
command and environment Prefect's ``SubprocessASGIServer`` uses) is started first, the run's
process imports the pipeline meanwhile, and the flow runs against it as against any API; it is
stopped when the run ends (or at exit), and the kernel stops it when the CLI dies (``kill -9``
included: a parent-death signal), so no server outlives its run. A server that does not answer
within the start-up timeout (``UNWH_SERVER_STARTUP_TIMEOUT``) is stopped and reported as
ServerStartFailed. With an API configured, nothing changes.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext, suppress

# The run stores no block (its results go to a local path), so its temporary server registers no
# block types at start-up: registering, even memoized, first imports every installed collection
# (prefect-dask, hence dask.distributed: ≈ 0.35 s of CPU per run) to hash the registry.
_NO_BLOCK_REGISTRATION = {"PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
                          "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false"}  # fmt: skip
STARTUP_TIMEOUT_S = 120.0  # a loaded 2-core machine needs ~20 s; Prefect's own default is 20 s
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServerStartFailed(RuntimeError):
    """The temporary Prefect server did not answer in time (or died); nothing was run."""


def _die_with_parent(parent: int) -> None:
    """In the server child before exec: the kernel sends SIGTERM when the parent exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class TemporaryApi:
    """A Prefect API server subprocess on a free local port."""

    def __init__(self) -> None:
        import prefect
        from prefect.settings import get_current_settings

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        env = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
               "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
               **_NO_BLOCK_REGISTRATION}  # fmt: skip
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
                   "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
                   "--log-level", "error", "--lifespan", "on"]  # fmt: skip
        parent = os.getpid()
        # output inherited, as Prefect's own; the kernel stops the server when this process dies
        self.process = subprocess.Popen(command, env=env, preexec_fn=lambda: _die_with_parent(parent))
        atexit.register(self.stop)

    def wait(self, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        """Return once the API answers its health check; ServerStartFailed (the server stopped)
        if it died or did not answer within ``timeout_s``."""
        import httpx

        deadline = time.monotonic() + timeout_s
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise ServerStartFailed(f"the temporary Prefect server exited with code {self.process.returncode}")
                try:
                    if client.get(f"{self.url}/health", timeout=5).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        self.stop()
        home = os.environ.get("PREFECT_HOME", "~/.prefect")
        raise ServerStartFailed(
            f"the temporary Prefect server did not start within {timeout_s:g} s (UNWH_SERVER_STARTUP_TIMEOUT; "
            f"a busy machine, or a locked {home}) — raise the timeout, or start a server and set PREFECT_API_URL"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def early_api() -> Iterator[TemporaryApi | None]:
    """A started TemporaryApi that this context's flows use (call ``wait()`` before the flow),
    or None when an API is configured (the flows report to it as usual)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        with nullcontext():
            yield None
        return
    api = TemporaryApi()
    # the run must not use the server-side writer limit: its slots would outlive this server
    os.environ.setdefault("UNWH_WRITER_LIMIT", "off")
    try:
        with temporary_settings(updates={PREFECT_API_URL: api.url}):
            try:
                yield api
            finally:
                _drain_to_api()
    finally:
        api.stop()


def _drain_to_api(timeout_s: float = 10.0) -> None:
    """Send the run's queued logs and events before the API stops: Prefect's workers would
    otherwise retry against a closed port for a minute at exit."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        with suppress(Exception):  # a worker that never started has nothing to send
            worker.drain_all(timeout=timeout_s)
