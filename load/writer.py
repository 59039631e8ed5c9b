"""The one-writer rule: a write connection to the warehouse, held under locks that the operating
system releases when their holder dies (a killed run never leaves the warehouse stuck).

Three locks, taken in this order and released in reverse:

1. a process-local lock (threads of one run take turns);
2. an exclusive ``fcntl.flock`` on ``<warehouse>.lock`` beside the file: every writing process
   on this machine takes turns, and the kernel drops the lock when the process exits, however it
   exits (``kill -9`` included) — no state outlives its holder;
3. DuckDB's own file lock, taken by opening the file: another process that has it open (an
   analyst's session, even read-only) makes the writer wait for it.

Each wait lasts at most ``wait_s``; then WarehouseUnavailable (transient: a retry may succeed).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from load.exceptions import WarehouseLocked, WarehouseUnavailable
from load.warehouse import open_warehouse

_local_writer = threading.Lock()
_MAX_DELAY_S = 2.0  # longest pause between two tries of a busy lock

Warn = Callable[[str], None]


def lock_path(warehouse: str | Path) -> Path:
    """The lock file beside the warehouse (``un_reports.duckdb`` -> ``un_reports.duckdb.lock``)."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


def _poll(try_once: Callable[[], object], deadline: float, on_busy: Callable[[float, BaseException], None]):
    """``try_once()`` until it returns, backing off from 0.1 s while it raises BlockingIOError or
    WarehouseLocked; ``on_busy(seconds left, error)`` before each pause; TimeoutError at the
    deadline (chained to the last error)."""
    delay = 0.1
    while True:
        try:
            return try_once()
        except (BlockingIOError, WarehouseLocked) as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(str(exc)) from exc
            on_busy(left, exc)
            time.sleep(min(delay, left))
            delay = min(delay * 2, _MAX_DELAY_S)


def _warn_once(
    warn: Warn | None, message: Callable[[float, BaseException], str]
) -> Callable[[float, BaseException], None]:
    """A ``_poll`` busy callback that tells ``warn`` the first time only (seconds left, the error)."""
    warned = False

    def busy(left: float, exc: BaseException) -> None:
        nonlocal warned
        if warn and not warned:
            warn(message(left, exc))
            warned = True

    return busy


@contextmanager
def file_lock(warehouse: str | Path, wait_s: float, warn: Warn | None = None) -> Iterator[Path]:
    """Hold the exclusive lock file of ``warehouse`` (created if missing) for the block.

    The holder's PID is written into the file for operators; the lock itself is the kernel's
    (``flock``), so it dies with the process. WarehouseUnavailable after ``wait_s`` seconds."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    busy = _warn_once(warn, lambda left, exc: f"{warehouse}: another run is writing (lock {path}, {_holder(fd)}); "
                      f"waiting up to {left:.0f} s")  # fmt: skip

    try:
        try:
            _poll(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB), time.monotonic() + wait_s, busy)
        except TimeoutError as exc:
            raise WarehouseUnavailable(
                f"{warehouse}: another run kept the writer lock {path} ({_holder(fd)}) for {wait_s:g} s "
                "(UNWH_WRITER_WAIT); nothing was written"
            ) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """ "PID n" as the holder wrote it, for the messages; a stale PID is harmless (the lock is the kernel's)."""
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:  # pragma: no cover - an unreadable lock file still locks
        return "holder unknown"
    return f"PID {pid}" if pid.isdigit() else "holder unknown"


def open_when_free(warehouse: str | Path, wait_s: float, warn: Warn | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing (migrated), waiting with backoff while another process has
    the file open: DuckDB lets one process write, and none while others have it open, even
    read-only. WarehouseUnavailable after ``wait_s`` seconds, naming the holder."""
    busy = _warn_once(warn, lambda left, exc: f"{warehouse} is open in another process; waiting up to {left:.0f} s "
                      f"for it: {exc.__cause__ or exc}")  # fmt: skip

    try:
        return _poll(lambda: open_warehouse(warehouse), time.monotonic() + wait_s, busy)
    except TimeoutError as exc:
        locked = exc.__cause__
        raise WarehouseUnavailable(
            f"{warehouse} stayed locked by another process for {wait_s:g} s (UNWH_WRITER_WAIT); nothing was "
            f"written. Close that session (analysts: open the file read-only, or a copy) and run again. "
            f"{locked.__cause__ if locked is not None and locked.__cause__ else locked}"
        ) from exc


@contextmanager
def writer_connection(
    warehouse: str | Path, wait_s: float, warn: Warn | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection to ``warehouse`` under the one-writer locks (module docstring)."""
    with ExitStack() as held:
        if not _local_writer.acquire(timeout=min(wait_s, threading.TIMEOUT_MAX)):
            raise WarehouseUnavailable(f"{warehouse}: another thread of this run kept the writer for {wait_s:g} s")
        held.callback(_local_writer.release)
        held.enter_context(file_lock(warehouse, wait_s, warn))
        con = open_when_free(warehouse, wait_s, warn)
        held.callback(con.close)
        yield con
