"""The cyclic garbage collector and a run's long-lived objects (plain stdlib, no orchestration).

A run's process builds most of its objects once and keeps them until it ends: the modules of
Prefect, pandas and the pipeline that `unwh ingest` imports at start-up, Great Expectations and
the suites that the audits' preparation builds. While they are built, every full collection of
the cyclic collector walks all of them again; on the samples' run there were seven, 0.1-0.5 s of
one core each. ``long_lived(phase)`` runs such a phase with the collector paused, then freezes
what the process holds (``gc.freeze``: out of every later collection) and resumes it. Objects
freed by their reference count are freed as before; a reference cycle that is already garbage
when the phase ends stays until the process ends. Each phase does this once per process: a
process that runs several flows (a test session, a served deployment) pauses and freezes at its
first run only, so garbage of its later runs is collected as before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_DONE: set[str] = set()  # the phases this process has run under long_lived
_LOCK = threading.Lock()


@contextmanager
def long_lived(phase: str) -> Iterator[None]:
    """Run the block with the cyclic collector paused and freeze what the process holds after
    it, the first time ``phase`` runs in this process; later times, run it as it is."""
    with _LOCK:
        first = phase not in _DONE
        _DONE.add(phase)
    if not first:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
