"""Wall time per pipeline stage of one run (start-up, extraction, transform, validation, audit,
publish, reports): a clock the run's code reports into, so the summary can say where time went.

Plain stdlib, no orchestration: the flow opens a clock with ``run_clock()``; the steps below it
(in flows/ and load/) time themselves with ``stage(name)``, which costs nothing when no clock is
open (a plain function call outside a run, a test)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# the order the summary prints them in; a stage not listed is printed after these
STAGES: tuple[str, ...] = (
    "start-up", "discover", "extraction", "transform", "validation", "audit", "publish", "reports",
)  # fmt: skip


class StageClock:
    """Seconds per stage, summed over the documents of a run (thread-safe: loads may run in threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seconds: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def ordered(self) -> dict[str, float]:
        known = [s for s in STAGES if s in self.seconds]
        return {s: self.seconds[s] for s in (*known, *(s for s in self.seconds if s not in STAGES))}


_CLOCK: ContextVar[StageClock | None] = ContextVar("unwh_stage_clock", default=None)


@contextmanager
def run_clock() -> Iterator[StageClock]:
    """Open a clock for the current run; ``stage()`` calls in this context (and in threads that
    copy it) add to it."""
    clock = StageClock()
    token = _CLOCK.set(clock)
    try:
        yield clock
    finally:
        _CLOCK.reset(token)


def current_clock() -> StageClock | None:
    return _CLOCK.get()


@contextmanager
def stage(name: str, clock: StageClock | None = None) -> Iterator[None]:
    """Add the wall time of the block to ``name`` on ``clock`` (default: the run's clock, if any)."""
    clock = clock or _CLOCK.get()
    started = time.perf_counter()
    try:
        yield
    finally:
        if clock is not None:
            clock.add(name, time.perf_counter() - started)


def process_age_s() -> float | None:
    """Seconds since this process started (interpreter start-up and imports included), from
    /proc on Linux; None where that is not available."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5): starttime, in clock ticks after boot
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None
