"""The on-arrival flow (deployment `on-arrival`): ingest the one document that an
`un.document.arrived` event announced (emitted by `unwh watch`)."""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import ingest_documents
from flows.settings import Settings
from sources.http import downloaded_sources
from sources.paths import confined

EVENT = "un.document.arrived"  # resource id un.document.<sha256>; payload: path, document_id, file_size


@flow(name="on-arrival", task_runner=ThreadPoolTaskRunner(max_workers=2))  # type: ignore[arg-type]
def on_arrival(path: str, document_id: str | None = None, warehouse: str | None = None):
    """Ingest the document at ``path`` (as the event's payload gave it). ``document_id`` is the
    sha256 the watcher saw; the file's bytes now are what count. Skipped if already loaded."""
    started = time.perf_counter()
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    if confined(path, settings.inbox) is None:  # an event is input: it must not lead out of the inbox
        return Failed(message=f"{path}: not inside the inbox {Path(settings.inbox).resolve()} (links resolved); "
                      "not ingested")  # fmt: skip
    if not Path(path).is_file():
        return Failed(message=f"{path}: the announced document is not there (moved away, or the worker "
                      "does not see the watcher's file system)")  # fmt: skip
    get_run_logger().info("%s arrived (sha256 %s…)", path, (document_id or "?")[:12])
    return ingest_documents(
        [path],
        settings,
        source_uris=downloaded_sources(settings.downloads),
        artifact_key="on-arrival-summary",
        started=started,
    )
