"""`unwh watch`: look at the inbox every few seconds and emit `un.document.arrived` for each new,
settled document, so that the `on-arrival` deployment ingests it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from flows.on_arrival import EVENT
from flows.settings import Settings
from sources.inbox import Candidate, FileState, find_new_documents


def announce(candidate: Candidate) -> None:
    """Emit the event for one document (resource ``un.document.<sha256>``, payload with the path)."""
    from prefect.events import emit_event

    path = str(Path(candidate.path).resolve())
    emit_event(
        event=EVENT,
        resource={
            "prefect.resource.id": f"un.document.{candidate.document_id}",
            "prefect.resource.name": Path(path).name,
        },
        payload={"path": path, "document_id": candidate.document_id, "file_size": candidate.file_size},
    )


def flush_events(timeout_s: float = 10.0) -> None:
    """Wait until the emitted events reached the server (they are sent in the background)."""
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all(timeout=timeout_s)


def watch(
    settings: Settings,
    *,
    once: bool = False,
    interval_s: float | None = None,
    emit: Callable[[Candidate], None] = announce,
    log: Callable[[str], None] = print,
    max_looks: int | None = None,
) -> int:
    """Poll the inbox; announce each new settled document once per watcher. Returns how many
    were announced. ``once``: one look (files must be ``inbox_min_age_s`` old); otherwise a file
    must also be unchanged since the previous look. Documents the warehouse already holds (this
    pipeline version, loaded or quarantined) are not announced."""
    interval = settings.watch_interval_s if interval_s is None else interval_s
    announced: set[str] = set()
    previous: dict[Path, FileState] | None = None
    looks = 0
    while True:
        discovery = find_new_documents(
            settings.inbox,
            warehouse=settings.warehouse,
            pipeline_version=settings.pipeline_version,
            min_age_s=settings.inbox_min_age_s,
            previous=previous,
            skip_quarantined=not settings.retry_quarantined,
            follow_symlinks=settings.follow_symlinks,
        )
        for candidate in discovery.new:
            if candidate.document_id in announced:
                continue
            emit(candidate)
            announced.add(candidate.document_id)
            log(f"{EVENT}: {candidate.path} (sha256 {candidate.document_id[:12]}…)")
        looks += 1
        if once or (max_looks is not None and looks >= max_looks):
            return len(announced)
        previous = discovery.states
        time.sleep(interval)
