"""Per-document progress of the runs of this process, for whoever listens (the CLI's display).

The flows report plain events; nothing listens in a worker's flow run, where the run logs say the
same. A listener's failure never reaches the run."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

# event: "planned" (total=n documents), "extracted" (error=reason or None), "done" (status, reason)
Listener = Callable[[str, str, dict[str, object]], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def report_progress(event: str, path: str = "", **detail: object) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        with suppress(Exception):  # a display problem must not fail a load
            listener(event, path, detail)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)
