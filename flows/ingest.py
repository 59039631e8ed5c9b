"""The ingest flow: PDFs in, published warehouse rows out. Prefect wiring only; the work is
done by plain functions in extract/, transform/, load/, expectations/ and sources/.

`ingest_documents` is the one ingest path: the `ingest`, `nightly` and `on-arrival` flows all
call it. Extraction fans out over documents on a configurable task runner (threads, each
extraction in its own sandbox process; or Dask worker processes); loading stays in the flow
process, one document after the other, under the one-writer locks (flows/writer_slot.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import FailedRun
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.transactions import get_transaction

from expectations.overview import OVERVIEW, write_overview
from expectations.runner import audit_document, prepare_auditor, render_data_docs
from extract.exceptions import ExtractError
from extract.fingerprint import fingerprint_file
from extract.models import Extraction, SourceFile
from flows.long_lived import long_lived
from flows.pipeline import load_document, quarantine, quarantine_extract_error
from flows.prefetch import extract_or_collect, extraction_cache_key
from flows.progress import report_progress
from flows.settings import Settings
from flows.summary import DocumentOutcome, RunFailed, RunSummary, display_name, outcome_note, render_summary
from flows.writer_slot import writer
from load.exceptions import WarehouseUnavailable
from load.publish import is_already_loaded
from load.reports import document_statuses, known_documents
from load.timing import process_age_s, run_clock, stage
from load.warehouse import FACT_TABLES, connect
from sources.exceptions import DownloadError
from sources.http import DownloadPolicy, download
from sources.inbox import warehouse_states
from sources.paths import discover_pdfs
from transform.frames import build_frames


class _ExpectedFailure(logging.Filter):
    """Drops the engine's "Engine execution exited with unexpected exception" traceback for a run
    that returned its Failed state on purpose (documents quarantined or not written): when a
    worker runs a flow, Prefect re-raises the state's exception after the run and logs it with
    its traceback, while the state message already names each failure."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RunFailed | FailedRun)


for _name in ("prefect.flow_runs", "prefect.engine", "prefect.flow_engine"):
    if not any(isinstance(f, _ExpectedFailure) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_ExpectedFailure())


def _retry_transient(task, task_run, state) -> bool:
    """Retry only errors marked transient (``terminal = False``: a locked warehouse, a failed
    download that may work later), never a bad document."""
    try:
        state.result()
    except Exception as exc:
        return getattr(exc, "terminal", True) is False
    return False


def _last_attempt() -> bool:
    """True in the task's last run (no retry left): a transient fault is then reported as an
    outcome, not raised (Prefect would print its traceback to the CLI)."""
    from prefect.context import TaskRunContext

    context = TaskRunContext.get()
    return context is None or context.task_run.run_count > (context.task.retries or 0)


# --- tasks ------------------------------------------------------------------------------------


@task(name="fingerprint", cache_policy=NO_CACHE)
def fingerprint(path: str, source_uri: str | None = None) -> SourceFile:
    return fingerprint_file(path, source_uri=source_uri)


@task(name="download", cache_policy=NO_CACHE)
def fetch_uri(uri: str, settings: Settings) -> str:
    """Download one document given by URL into the downloads folder (retries inside, transient only)."""
    return str(download(uri, settings.downloads, download_policy(settings)))


def _extract_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """Same bytes, pipeline version, extraction settings, limits and code: same extraction
    (flows/prefetch.py, which checks the cache before extracting early)."""
    return extraction_cache_key(parameters["source"], parameters["settings"])


@task(name="extract", cache_key_fn=_extract_cache_key, persist_result=True, retries=1, retry_delay_seconds=5,
      retry_condition_fn=_retry_transient)  # fmt: skip
def extract(source: SourceFile, settings: Settings) -> Extraction | ExtractError:
    """Extraction in an isolated sandbox process. A bad document is an expected outcome, not a
    task failure: a terminal ExtractError is returned (the task ends Completed, logs no error,
    is not retried, and the flow quarantines the document) but never cached, since a time or
    memory limit hit on a busy machine may pass next time. A transient error is raised (retried)."""
    try:
        done = extract_or_collect(source, settings)  # collected when `unwh ingest` started it early
        get_run_logger().info("%s: extracted in %.1f s%s", source.path, done.seconds,
                              " (started before the flow, with Prefect's start-up)" if done.early else "")  # fmt: skip
        return done.value
    except ExtractError as exc:
        if not getattr(exc, "terminal", True):
            raise
        txn = get_transaction()
        if txn is not None:
            txn.write_on_commit = False  # a failure is not served from the cache
        return exc


@task(
    name="load",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[1, 4, 10],
    retry_condition_fn=_retry_transient,
)
def load(source: SourceFile, extraction: Extraction | ExtractError, settings: Settings) -> DocumentOutcome:
    """Transform, validate, stage, audit and publish one document (the only writer). A warehouse
    that cannot be opened for writing in time raises WarehouseUnavailable: transient, so the
    task's retries decide; after the last one the flow records a `failed` outcome saying why."""
    started = time.perf_counter()
    try:
        with writer(settings, source.path) as con:
            if is_already_loaded(con, source.document_id, settings.pipeline_version):
                # another run loaded the same bytes while this one was extracting
                outcome = DocumentOutcome(path=source.path, status="skipped", document_id=source.document_id,
                                          reason="already loaded")  # fmt: skip
            elif isinstance(extraction, ExtractError):
                outcome = quarantine_extract_error(con, source, extraction, settings.pipeline_version)
            else:
                outcome = _transform_and_load(con, source, extraction, settings)
            get_run_logger().info("%s: %s", source.path, outcome.status)
    except WarehouseUnavailable as exc:  # transient: raised for Prefect to retry, reported at the last
        if not _last_attempt():
            raise
        outcome = DocumentOutcome(path=source.path, status="failed", document_id=source.document_id, reason=str(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


def load_or_fail(source: SourceFile, extraction: Extraction | ExtractError, settings: Settings) -> DocumentOutcome:
    """The load task's outcome; a task that failed for good (the warehouse stayed locked through
    every retry) becomes a `failed` outcome with the reason."""
    state = load(source, extraction, settings, return_state=True)
    value = state.result(raise_on_failure=False)
    if isinstance(value, WarehouseUnavailable):
        return DocumentOutcome(path=source.path, status="failed", document_id=source.document_id, reason=str(value))
    if isinstance(value, BaseException):  # not a fault of the warehouse: a bug, raised as before
        raise value
    return value


def refresh_reports(settings: Settings) -> list[str]:
    """Render the Data Docs pages of this run's audits, then rewrite the audit overview
    (``overview.html`` beside them) from the warehouse as it now is: once per run, after its
    loads. A report never fails a document: a failure is logged and returned as a warning for
    the summary; the documents stay published or quarantined. The overview reads without the
    writer slot; if another run holds the file, that run rewrites the page after its own loads."""
    warnings = []
    try:
        render_data_docs(settings.quality_dir)
    except Exception as exc:
        warnings.append(f"the Data Docs in {settings.quality_dir} were not rendered: {type(exc).__name__}: {exc} "
                        "(the audits are stored; `unwh quality --rebuild-docs` renders them)")  # fmt: skip
    try:
        con = connect(settings.warehouse, read_only=True)
        try:
            documents = document_statuses(con)
        finally:
            con.close()
        write_overview(settings.quality_dir, documents)
    except Exception as exc:
        warnings.append(f"the audit overview in {settings.quality_dir} was not rewritten: {type(exc).__name__}: {exc}")
    for warning in warnings:
        get_run_logger().warning("%s", warning)
    return warnings


def _prepare_audits(settings: Settings) -> threading.Thread:
    """Build the auditor (import Great Expectations, the suites, the context: several seconds of
    one core) in a thread while the extraction workers run; a failure here is left to the first
    audit, which reports it against its document."""

    def prepare() -> None:
        with suppress(Exception), long_lived("audits"):  # GX and the suites live as long as the process
            prepare_auditor(settings.quality_dir)

    thread = threading.Thread(target=prepare, name="unwh-prepare-audits", daemon=True)
    thread.start()
    return thread


def _transform_and_load(con, source: SourceFile, extraction: Extraction, settings: Settings) -> DocumentOutcome:
    try:
        with stage("transform"):
            frames = build_frames(extraction, source)
    except Exception as exc:  # a transform bug must not take the run down: quarantine
        issue: dict[str, object] = {"stage": "transform", "check": "transform_failed", "severity": "error",
                 "detail": f"{source.path}: transform failed: {exc!r}"}  # fmt: skip
        return quarantine(
            con, source, meta=extraction.meta, reason=f"transform failed: {exc}",
            issues=[issue], pipeline_version=settings.pipeline_version,
        )  # fmt: skip
    return load_document(
        con,
        source,
        extraction,
        frames,
        pipeline_version=settings.pipeline_version,
        audit=partial(audit_document, data_docs_dir=settings.quality_dir),
        max_rejected_share=settings.max_rejected_share,
    )


@task(name="check-loaded", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2,
      retry_condition_fn=_retry_transient)  # fmt: skip
def already_loaded(sources: list[SourceFile], settings: Settings) -> set[str] | str:
    """The documents this pipeline version already loaded: read-only when the file allows it,
    else (a writer holds it) through the writer slot. When even that fails: WarehouseUnavailable
    (retried), and at the last attempt its reason (a str) for the flow to report."""
    ids = [s.document_id for s in sources]
    states = warehouse_states(settings.warehouse, ids, settings.pipeline_version)
    if states is not None:
        return {doc for doc, status in states.items() if status == "loaded"}
    try:
        with writer(settings, "check what is loaded") as con:
            return {doc for doc in ids if is_already_loaded(con, doc, settings.pipeline_version)}
    except WarehouseUnavailable as exc:
        if not _last_attempt():
            raise
        return str(exc)


# --- fan-out ----------------------------------------------------------------------------------


def download_policy(settings: Settings) -> DownloadPolicy:
    return DownloadPolicy(
        timeout_s=settings.http_timeout_s,
        max_seconds=settings.http_max_seconds,
        max_bytes=int(settings.http_max_mb * 1024 * 1024),
        retries=settings.http_retries,
    )


def task_runner_for(settings: Settings):
    """Threads (default: each extraction already runs in its own sandbox process) or a Dask
    LocalCluster of worker processes (UNWH_TASK_RUNNER=dask)."""
    if settings.task_runner == "dask":
        import dask
        from prefect_dask import DaskTaskRunner

        # Dask starts worker processes as daemons by default, and a daemon may not start
        # children: the extraction sandbox needs one per document.
        dask.config.set({"distributed.worker.daemon": False})
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": settings.workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    return ThreadPoolTaskRunner(max_workers=settings.workers)


@flow(name="extract-documents")
def extract_documents(sources: list[SourceFile], settings: Settings) -> list[Extraction | ExtractError]:
    """Extract every document on this flow's task runner; a failure comes back as its ExtractError."""
    # a Path is stored as a LocalFileSystem without a server-side block (works offline, ephemeral too)
    storage = Path(settings.cache_dir).resolve()
    futures = extract.with_options(result_storage=storage).map(sources, settings=unmapped(settings))
    results: list[Extraction | ExtractError] = []
    for source, future in zip(sources, futures, strict=True):
        future.wait()
        value = future.state.result(raise_on_failure=False)
        if isinstance(value, ExtractError):  # the message names the document (and page)
            get_run_logger().info("to be quarantined: %s", value)
        elif isinstance(value, BaseException):  # not an extraction error: report it as one
            value = ExtractError(f"extraction task failed: {value!r}", path=source.path)
        report_progress("extracted", source.path, error=str(value) if isinstance(value, ExtractError) else None)
        results.append(value)
    return results


# --- the one ingest path ----------------------------------------------------------------------


def _is_uri(raw: str) -> bool:
    return raw.startswith(("http://", "https://", "file://"))


def _resolve_inputs(
    paths: Sequence[str], settings: Settings, source_uris: dict[str, str]
) -> tuple[list[tuple[str, str | None]], list[DocumentOutcome]]:
    """Files (folders expanded) with their source URIs; http(s) URIs are downloaded first."""
    files: list[tuple[str, str | None]] = []
    failed: list[DocumentOutcome] = []
    local = []
    for raw in paths:
        if raw.startswith("file://"):
            local.append(raw.removeprefix("file://"))
        elif _is_uri(raw):
            state = fetch_uri(raw, settings, return_state=True)
            try:
                files.append((state.result(), raw))
            except DownloadError as exc:
                failed.append(DocumentOutcome(path=raw, status="failed", reason=f"download failed: {exc.reason}"))
        else:
            local.append(raw)
    discovered = discover_pdfs(local, follow_symlinks=settings.follow_symlinks)
    failed.extend(DocumentOutcome(path=raw, status="failed", reason=f"not ingested: {why}")
                  for raw, why in discovered.refused)  # fmt: skip
    for path in discovered.files:
        resolved = str(path.resolve())
        files.append((str(path), source_uris.get(resolved) or source_uris.get(str(path))))
    return files, failed


def ingest_documents(
    paths: Sequence[str],
    settings: Settings,
    *,
    source_uris: dict[str, str] | None = None,
    outcomes_before: Sequence[DocumentOutcome] = (),
    artifact_key: str = "ingest-summary",
    started: float | None = None,
    warnings: Sequence[str] = (),
):
    """Fingerprint, skip what is loaded, extract (fanned out), load (sequential), summarise.

    Call from inside a flow. Returns the RunSummary, or a Failed state whose data is a RunFailed
    carrying it when any document was quarantined or could not be fetched (the others are loaded
    all the same).
    """
    with run_clock() as clock:
        summary = _ingest_timed(paths, settings, source_uris, outcomes_before, started, warnings, clock)
    summary.stages = clock.ordered()
    return _finish(summary, settings, artifact_key)


_started_once = False  # the first run of a process reports the process's start-up as a stage


def _startup_stage(clock) -> None:
    global _started_once
    if not _started_once:
        _started_once = True
        age = process_age_s()
        if age is not None:
            clock.add("start-up", age)


def _ingest_timed(paths, settings: Settings, source_uris, outcomes_before, started, warnings, clock) -> RunSummary:
    started = time.perf_counter() if started is None else started
    _startup_stage(clock)
    logger = get_run_logger()
    with stage("discover"):
        files, failed = _resolve_inputs(paths, settings, source_uris or {})
        futures = [fingerprint.submit(path, uri) for path, uri in files]
        sources = list({s.document_id: s for s in (f.result() for f in futures)}.values())  # same bytes once
    outcomes: dict[str, DocumentOutcome] = {}
    with stage("discover"):
        loaded = already_loaded(sources, settings) if sources else set()
    if isinstance(loaded, str):  # the warehouse stayed locked: nothing can be written, say so for each
        logger.error("%s", loaded)
        outcomes = {s.path: DocumentOutcome(path=s.path, status="failed", document_id=s.document_id,
                                            reason=loaded) for s in sources}  # fmt: skip
        loaded = set()
    todo = [s for s in sources if s.document_id not in loaded and s.path not in outcomes]
    report_progress("planned", total=len(failed) + len(sources), extract=len(todo))
    for d in [*failed, *outcomes.values()]:
        report_progress("done", d.path, status=d.status, reason=d.reason)
    for s in sources:
        if s.document_id in loaded:
            outcomes[s.path] = DocumentOutcome(
                path=s.path, status="skipped", document_id=s.document_id, reason="already loaded"
            )
            logger.info("%s: already loaded (sha256 %s…, pipeline %s)", s.path, s.document_id[:12],
                        settings.pipeline_version)  # fmt: skip
            report_progress("done", s.path, status="skipped", reason="already loaded")
    if todo:
        runner = task_runner_for(settings)
        warm = _prepare_audits(settings)  # GX's import overlaps the extraction, not the first audit
        with stage("extraction"):
            extractions = extract_documents.with_options(task_runner=runner)(todo, settings)
        warm.join()
        unavailable: str | None = None
        for source, extraction in zip(todo, extractions, strict=True):
            if unavailable:  # the warehouse stayed locked for one document: do not wait again per document
                outcomes[source.path] = DocumentOutcome(path=source.path, status="failed",
                                                        document_id=source.document_id, reason=unavailable)  # fmt: skip
                report_progress("done", source.path, status="failed", reason=unavailable)
                continue
            outcomes[source.path] = outcome = load_or_fail(source, extraction, settings)
            report_progress("done", source.path, status=outcome.status, reason=outcome.reason)
            if outcome.status == "failed":
                logger.error("%s: %s", source.path, outcome.reason)
                unavailable = f"not written: {outcome.reason}"
    summary = RunSummary(warehouse=str(settings.warehouse), warnings=list(warnings))
    if any(outcomes[s.path].status in ("loaded", "quarantined") for s in todo):
        with stage("reports"):
            summary.warnings.extend(refresh_reports(settings))
    summary.documents = [*outcomes_before, *failed, *(outcomes[s.path] for s in sources)]
    summary.seconds = time.perf_counter() - started
    _describe_skipped(summary, settings)
    return summary


def _finish(summary: RunSummary, settings: Settings, artifact_key: str):
    """Report paths, the artifact, the log; Failed when any document was quarantined or failed."""
    logger = get_run_logger()
    report = Path(settings.quality_dir) / "index.html"
    if report.exists():  # the audits render Data Docs as they validate each document
        summary.quality_report = str(report.resolve())
    overview = Path(settings.quality_dir) / OVERVIEW
    if overview.exists():  # rewritten once the run's documents are loaded or quarantined
        summary.quality_overview = str(overview.resolve())
    create_markdown_artifact(key=artifact_key, markdown=render_artifact(summary), description="Ingest run summary")
    logger.info("\n%s", render_summary(summary))
    bad = [d for d in summary.documents if d.status in ("quarantined", "failed")]
    if bad:
        detail = "; ".join(f"{display_name(d.path)}: {d.reason}" for d in bad)
        message = f"{len(bad)} document(s) quarantined or failed: {detail}"
        return Failed(message=message, data=RunFailed(message, summary))
    return summary


def _describe_skipped(summary: RunSummary, settings: Settings) -> None:
    """Documents skipped as already in the warehouse get their symbol and pages from it."""
    skipped = [d for d in summary.documents if d.status == "skipped" and d.document_id and d.symbol is None]
    known = known_documents(settings.warehouse, [d.document_id for d in skipped if d.document_id]) if skipped else {}
    for d in skipped:
        if d.document_id in known:
            d.symbol, pages = known[d.document_id]
            d.pages = d.pages if d.pages is not None else pages


ARTIFACT_NOTE_WIDTH = 60  # characters of a reason in the documents table; the full text follows it
ARTIFACT_COUNT_COLUMNS = 6  # documents with one counts column each; more: the totals only


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_artifact(summary: RunSummary) -> str:
    """The run summary as markdown that fits the UI's artifact panel: a narrow documents table
    (#, document, symbol, status, pages, a short note), the full reasons under it, then the row
    counts in a second table, one row per warehouse table (columns: the total, and each document
    by its # while there are few)."""
    lines = [f"> **Warning:** {w}\n" for w in summary.warnings]
    lines += ["| # | document | symbol | status | pages | note |", "|---:|---|---|---|---:|---|"]
    reasons = []
    for number, d in enumerate(summary.documents, 1):
        note = outcome_note(d)
        short = note if len(note) <= ARTIFACT_NOTE_WIDTH else note[: ARTIFACT_NOTE_WIDTH - 1] + "…"
        name = display_name(d.path)
        lines.append(f"| {number} | {_cell(name)} | {_cell(d.symbol or '—')} | {d.status} | "
                     f"{d.pages if d.pages is not None else '—'} | {_cell(short)} |")  # fmt: skip
        if d.reason and d.status in ("quarantined", "failed"):
            reasons.append(f"- **{number}** {_cell(name)}: {d.reason}")
    lines.append(
        f"\n**{summary.count('loaded')} loaded, {summary.count('skipped')} skipped, "
        f"{summary.count('quarantined')} quarantined, {summary.count('failed')} failed** "
        f"in {summary.seconds:.1f} s → `{summary.warehouse}`"
    )
    if reasons:
        lines += ["", *reasons]
    tables = [t for t in (*FACT_TABLES, "quality_issues") if any(d.rows.get(t) for d in summary.documents)]
    if tables:
        numbered = [(n, d) for n, d in enumerate(summary.documents, 1) if any(d.rows.values())]
        shown = numbered if len(numbered) <= ARTIFACT_COUNT_COLUMNS else []
        lines += ["", "Rows written per table:", "",
                  "| table | total | " + "".join(f"#{n} | " for n, _ in shown),
                  "|---|---:|" + "---:|" * len(shown)]  # fmt: skip
        for t in tables:
            total = sum(d.rows.get(t) or 0 for d in summary.documents)
            lines.append(f"| {t} | **{total}** | " + "".join(f"{d.rows.get(t) or 0} | " for _, d in shown))
    if summary.stages:
        lines += ["", "Seconds per stage:", "", "| stage | seconds |", "|---|---:|"]
        lines.extend(f"| {name} | {seconds:.2f} |" for name, seconds in summary.stages.items())
    if summary.quality_overview:
        lines.append(f"\nAudit overview (static, opens offline): `{summary.quality_overview}`")
    return "\n".join(lines)


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=4))  # type: ignore[arg-type]
def ingest(paths: list[str], warehouse: str | None = None):
    """Ingest PDFs (files, folders, or http(s)/file URIs) into the warehouse; documents already
    loaded by this pipeline version are skipped. Ends Failed (its data a RunFailed carrying the
    summary) when any document was quarantined; the other documents are loaded all the same."""
    started = time.perf_counter()
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    return ingest_documents(paths, settings, started=started)
