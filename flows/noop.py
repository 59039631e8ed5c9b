"""The run with nothing to do, without the heavy stack: when every PDF given to `unwh ingest` is
already loaded by this pipeline version, say so in the usual summary without importing Prefect,
Great Expectations or pandas and without starting a Prefect API (a nightly run that finds nothing
new costs a fingerprint per file and one read-only query). Anything else (a new file, a
quarantined one to retry, a locked or missing warehouse) returns None: the full flow runs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from extract.fingerprint import fingerprint_file
from flows.files import loaded_documents
from flows.progress import listening, report_progress
from flows.settings import Settings
from flows.summary import DocumentOutcome, RunSummary
from load.timing import process_age_s
from sources.paths import discover_pdfs

OVERVIEW = "overview.html"  # expectations.overview.OVERVIEW (not imported: it imports pandas and GX's runner)


def already_loaded_summary(paths: Sequence[str], warehouse: str | None = None) -> RunSummary | None:
    """The summary of a run that finds every document loaded, or None when there is work to do."""
    started = time.perf_counter()
    startup = process_age_s()
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    if any(p.startswith(("http://", "https://", "file://")) for p in paths):
        return None  # a URL is fetched by the flow
    found = discover_pdfs(list(paths), follow_symlinks=settings.follow_symlinks)
    files = found.files
    if not files or found.refused:  # a refused path is reported by the flow, with its reason
        return None
    sources = list({s.document_id: s for s in map(fingerprint_file, files)}.values())  # same bytes once
    loaded = loaded_documents(settings.warehouse, (s.document_id for s in sources), settings.pipeline_version)
    if loaded is None or any(s.document_id not in loaded for s in sources):
        return None
    summary = RunSummary(warehouse=str(settings.warehouse))
    summary.documents = [DocumentOutcome(path=s.path, status="skipped", document_id=s.document_id,
                                         symbol=loaded[s.document_id][0], pages=loaded[s.document_id][1],
                                         reason="already loaded") for s in sources]  # fmt: skip
    summary.seconds = time.perf_counter() - started
    summary.stages = {**({"start-up": startup} if startup is not None else {}), "discover": summary.seconds}
    for name, attribute in (("index.html", "quality_report"), (OVERVIEW, "quality_overview")):
        page = Path(settings.quality_dir) / name
        if page.exists():
            setattr(summary, attribute, str(page.resolve()))
    return summary


def report_already_loaded(summary: RunSummary) -> None:
    """Show the progress lines the flow's run would (one "already loaded" per document), on the
    CLI's progress display (flows/console.py; its Prefect log handling is not needed here)."""
    from flows.console import progress_display

    display = progress_display()
    try:
        with listening(display):
            report_progress("planned", total=len(summary.documents), extract=0)
            for doc in summary.documents:
                report_progress("done", doc.path, status=doc.status, reason=doc.reason)
    finally:
        display.close()
