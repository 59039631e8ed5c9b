"""The run with nothing to do, without the heavy stack: when every PDF given to `unwh ingest` is
already loaded by this pipeline version, say so in the usual summary without importing Prefect,
Great Expectations or pandas and without starting a Prefect API (a nightly run that finds nothing
new costs a fingerprint per file and one read-only query). Anything else (a new file, a
quarantined one to retry, a locked or missing warehouse) returns None: the full flow runs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.fingerprint import fingerprint_file
from extract.models import SourceFile
from flows.files import loaded_documents
from flows.progress import listening, report_progress
from flows.settings import Settings
from flows.summary import DocumentOutcome, RunSummary
from load.timing import process_age_s
from sources.paths import discover_pdfs

OVERVIEW = "overview.html"  # expectations.overview.OVERVIEW (not imported: it imports pandas and GX's runner)


@dataclass(slots=True)
class Plan:
    """What `unwh ingest` finds before it imports the heavy stack."""

    settings: Settings
    sources: list[SourceFile] = field(default_factory=list)  # the local PDFs, fingerprinted, same bytes once
    loaded: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)  # of those, loaded ones
    summary: RunSummary | None = None  # every document already loaded: the run's whole summary

    def to_extract(self) -> list[SourceFile]:
        """The sources the flow will extract (those not loaded by this pipeline version)."""
        return [s for s in self.sources if s.document_id not in self.loaded]


def plan_ingest(paths: Sequence[str], warehouse: str | None = None) -> Plan:
    """The local PDFs among ``paths`` and which of them are loaded; the summary of a run that
    finds every document loaded (nothing else to do), when that is so."""
    started = time.perf_counter()
    startup = process_age_s()
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    plan = Plan(settings=settings)
    uris = [p for p in paths if p.startswith(("http://", "https://", "file://"))]
    local = [p for p in paths if p not in uris]
    if not local:
        return plan
    found = discover_pdfs(local, follow_symlinks=settings.follow_symlinks)
    plan.sources = list({s.document_id: s for s in map(fingerprint_file, found.files)}.values())  # same bytes once
    if not plan.sources:
        return plan
    loaded = loaded_documents(settings.warehouse, (s.document_id for s in plan.sources), settings.pipeline_version)
    plan.loaded = loaded or {}
    # a URL is fetched by the flow, a refused path is reported by the flow with its reason
    if loaded is None or uris or found.refused or plan.to_extract():
        return plan
    summary = RunSummary(warehouse=str(settings.warehouse))
    summary.documents = [DocumentOutcome(path=s.path, status="skipped", document_id=s.document_id,
                                         symbol=loaded[s.document_id][0], pages=loaded[s.document_id][1],
                                         reason="already loaded") for s in plan.sources]  # fmt: skip
    summary.seconds = time.perf_counter() - started
    summary.stages = {**({"start-up": startup} if startup is not None else {}), "discover": summary.seconds}
    for name, attribute in (("index.html", "quality_report"), (OVERVIEW, "quality_overview")):
        page = Path(settings.quality_dir) / name
        if page.exists():
            setattr(summary, attribute, str(page.resolve()))
    plan.summary = summary
    return plan


def already_loaded_summary(paths: Sequence[str], warehouse: str | None = None) -> RunSummary | None:
    """The summary of a run that finds every document loaded, or None when there is work to do."""
    return plan_ingest(paths, warehouse).summary


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
