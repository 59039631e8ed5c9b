"""The Prefect API a CLI run talks to: the configured server (``PREFECT_API_URL``), or a temporary
one started for the run — with a configurable start-up timeout, and tied to the CLI process so
that it dies with it (``kill -9`` of the CLI included) instead of staying behind."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import PREFECT_API_URL, temporary_settings

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ServerStartFailed(RuntimeError):
    """The temporary Prefect server did not answer in time; nothing was run."""


def _die_with_parent(parent: int) -> None:
    """In the server child before exec: the kernel sends SIGTERM when the parent exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _TiedServer(SubprocessASGIServer):
    """Prefect's temporary server process, started with a parent-death signal."""

    def _run_uvicorn_command(self) -> subprocess.Popen:
        real, parent = subprocess.Popen, os.getpid()

        def popen(*args, **kwargs):
            return real(*args, preexec_fn=lambda: _die_with_parent(parent), **kwargs)

        subprocess.Popen = popen  # type: ignore[misc,assignment]  # Prefect calls subprocess.Popen(...) by attribute: this one call
        try:
            return super()._run_uvicorn_command()
        finally:
            subprocess.Popen = real  # type: ignore[misc]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def prefect_api(startup_timeout_s: float) -> Iterator[str | None]:
    """The configured API URL, or (none set) a temporary server's for the block; None is never
    yielded for a started server. ServerStartFailed when it does not answer within
    ``startup_timeout_s`` seconds (it is stopped)."""
    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    server = _TiedServer(port=_free_port())
    try:
        server.start(timeout=max(0.1, startup_timeout_s))  # type: ignore[arg-type]  # a float works
    except RuntimeError as exc:
        server.stop()
        home = os.environ.get("PREFECT_HOME", "~/.prefect")
        raise ServerStartFailed(
            f"the temporary Prefect server did not start within {startup_timeout_s:g} s "
            f"(UNWH_SERVER_STARTUP_TIMEOUT; a busy machine, or a locked {home}): "
            f"{str(exc).splitlines()[0][:300]} — raise the timeout, or start a server and set PREFECT_API_URL"
        ) from exc
    # the run must not use the server-side writer limit: its slots would outlive this server
    os.environ.setdefault("UNWH_WRITER_LIMIT", "off")
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        server.stop()
