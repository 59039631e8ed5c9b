"""The nightly flow (deployment `nightly`, cron 0 2 * * * UTC): fetch new documents from the URL
list, pick up the settled files of the inbox, ingest whatever the warehouse does not hold yet."""

from __future__ import annotations

import time
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import download_policy, ingest_documents
from flows.settings import Settings
from flows.summary import DocumentOutcome
from sources.http import FetchReport, downloaded_sources, fetch_new
from sources.inbox import Discovery, find_new_documents


@task(name="fetch-url-list", cache_policy=NO_CACHE)
def fetch_url_list(settings: Settings) -> FetchReport:
    """Download the listed URLs not downloaded before (retries of transient failures inside)."""
    if not settings.url_list:
        raise ValueError("fetch-url-list needs settings.url_list (UNWH_URL_LIST)")
    report = fetch_new(settings.url_list, settings.downloads, download_policy(settings))
    logger = get_run_logger()
    logger.info("%s: %d downloaded, %d seen before, %d failed", settings.url_list, len(report.downloaded),
                len(report.skipped), len(report.failed))  # fmt: skip
    for url, reason in report.failed:
        logger.warning("%s: %s", url, reason)
    return report


def inbox_folders(settings: Settings) -> list[Path]:
    """The inbox, and the downloads folder when it is not inside the inbox."""
    inbox, downloads = Path(settings.inbox).resolve(), Path(settings.downloads).resolve()
    return [inbox] if downloads.is_relative_to(inbox) else [inbox, downloads]


@task(name="discover-inbox", cache_policy=NO_CACHE)
def discover_inbox(settings: Settings) -> Discovery:
    """Settled PDFs the warehouse does not hold yet (by sha256 + pipeline version, read-only).
    What the URL list brought is ready at once (the downloader renames a file into place whole),
    so a document fetched tonight is ingested tonight, not the next night."""
    merged = Discovery()
    downloaded = downloaded_sources(settings.downloads)  # renamed into place whole: no need to let them settle
    for folder in inbox_folders(settings):
        found = find_new_documents(
            folder,
            warehouse=settings.warehouse,
            pipeline_version=settings.pipeline_version,
            min_age_s=settings.inbox_min_age_s,
            skip_quarantined=not settings.retry_quarantined,
            follow_symlinks=settings.follow_symlinks,
            complete=downloaded,
        )
        merged.new += [c for c in found.new if c.document_id not in {n.document_id for n in merged.new}]
        merged.skipped += found.skipped
        merged.duplicates += found.duplicates
        merged.not_ready += found.not_ready
        merged.warehouse_checked &= found.warehouse_checked
    logger = get_run_logger()
    logger.info("inbox: %d new, %d already in the warehouse, %d duplicates, %d still being written",
                len(merged.new), len(merged.skipped), len(merged.duplicates), len(merged.not_ready))  # fmt: skip
    for path in merged.not_ready:
        logger.info("%s: still changing, left for the next run", path)
    return merged


def missing_sources(settings: Settings) -> list[str]:
    """A source that is not there is a misconfiguration, not an empty night: say so (the URL
    list's own failures are reported by its fetch)."""
    if Path(settings.inbox).is_dir():
        return []
    return [f"no inbox folder at {Path(settings.inbox).resolve()} (UNWH_INBOX or the inbox parameter): nothing "
            "was picked up from it; create it or point UNWH_INBOX at the folder where documents arrive"]  # fmt: skip


def _skipped_outcomes(discovery: Discovery, pipeline_version: str) -> list[DocumentOutcome]:
    outcomes = []
    for c in discovery.skipped:
        reason = "already loaded" if c.warehouse_status == "loaded" else (
            f"quarantined by pipeline {pipeline_version}; re-run it with `unwh ingest` once fixed")  # fmt: skip
        outcomes.append(DocumentOutcome(path=str(c.path), status="skipped", document_id=c.document_id, reason=reason))
    for c in discovery.duplicates:
        outcomes.append(DocumentOutcome(path=str(c.path), status="skipped", document_id=c.document_id,
                                        reason="same bytes as another file of this run"))  # fmt: skip
    return outcomes


@flow(name="nightly", task_runner=ThreadPoolTaskRunner(max_workers=4))  # type: ignore[arg-type]
def nightly(inbox: str | None = None, url_list: str | None = None, warehouse: str | None = None):
    """Fetch (when a URL list is configured), discover and ingest new documents. Ends Failed,
    with a RunFailed carrying the summary as data, when a document was quarantined or a URL could not be fetched."""
    started = time.perf_counter()
    settings = Settings.from_env(
        warehouse=Path(warehouse) if warehouse else None, inbox=Path(inbox) if inbox else None, url_list=url_list
    )
    before: list[DocumentOutcome] = []
    if settings.url_list:
        state = fetch_url_list(settings, return_state=True)
        if state.is_failed():
            error = state.result(raise_on_failure=False)
            before.append(DocumentOutcome(path=str(settings.url_list), status="failed",
                                          reason=f"URL list not read: {error}"))  # fmt: skip
        else:
            report: FetchReport = state.result()
            before += [DocumentOutcome(path=url, status="failed", reason=f"download failed: {reason}")
                       for url, reason in report.failed]  # fmt: skip
    warnings = missing_sources(settings)
    for warning in warnings:
        get_run_logger().warning("%s", warning)
    discovery = discover_inbox(settings)
    before += _skipped_outcomes(discovery, settings.pipeline_version)
    return ingest_documents(
        [str(c.path) for c in discovery.new],
        settings,
        source_uris=downloaded_sources(settings.downloads),
        outcomes_before=before,
        artifact_key="nightly-summary",
        started=started,
        warnings=warnings,
    )
