"""The ingest flow: PDFs in, published warehouse rows out. Prefect wiring only; the work is
done by plain functions in extract/, transform/, load/, expectations/ and sources/.

`ingest_documents` is the one ingest path: the `ingest`, `nightly` and `on-arrival` flows all
call it. Extraction fans out over documents on a configurable task runner (threads, each
extraction in its own sandbox process; or Dask worker processes); loading stays in the flow
process, one document after the other, under a global "one DuckDB writer" concurrency slot.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import asdict
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import duckdb
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import FailedRun, ObjectAlreadyExists, ObjectNotFound
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.transactions import get_transaction

import extract as extract_package
from expectations.overview import OVERVIEW, write_overview
from expectations.runner import audit_document, prepare_auditor, render_data_docs
from extract.exceptions import ExtractError
from extract.fingerprint import fingerprint_file
from extract.models import Extraction, SourceFile
from extract.sandbox import extract_isolated
from flows.pipeline import discover_pdfs, load_document, quarantine, quarantine_extract_error
from flows.progress import report_progress
from flows.settings import Settings
from flows.summary import DocumentOutcome, RunFailed, RunSummary, display_name, outcome_note, render_summary
from load.exceptions import WarehouseLocked
from load.publish import is_already_loaded
from load.reports import document_statuses, known_documents
from load.timing import process_age_s, run_clock, stage
from load.warehouse import FACT_TABLES, connect, open_warehouse
from sources.exceptions import DownloadError
from sources.http import DownloadPolicy, download
from sources.inbox import warehouse_states
from transform.frames import build_frames

WRITER_LIMIT = "unwh-duckdb-writer"  # global concurrency limit: one loader writes the DuckDB file
_local_writer = threading.Lock()  # and one thread per process (also when the server is not reachable)
_limit_checked: set[str] = set()  # API URLs on which the writer limit is known to exist


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


# --- the writer slot --------------------------------------------------------------------------


def ensure_writer_limit(limit: int = 1) -> None:
    """Create the global concurrency limit if the server lacks it.

    ``concurrency()`` silently skips acquisition for a limit that does not exist (Prefect 3.8),
    which would let two loaders race for the DuckDB file, so the limit is created on first use;
    `unwh deploy` also creates it. Works against a real server and in ephemeral mode.
    """
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value() or "ephemeral"
    if api in _limit_checked:
        return
    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run may create it in between
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=WRITER_LIMIT, limit=limit))
    _limit_checked.add(api)


class WarehouseUnavailable(Exception):
    """The warehouse could not be opened for writing within ``UNWH_WRITER_WAIT`` seconds: another
    run kept the writer slot, or another process (an analyst's session) kept the DuckDB file open.
    Nothing was written; waiting longer or closing that session helps, retrying at once does not."""

    terminal = True


def _open_when_free(settings: Settings, deadline: float) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing, waiting (with backoff) while another process holds the
    file: DuckDB lets one process write, and none while others have it open, even read-only."""
    delay, warned = 0.25, False
    while True:
        try:
            return open_warehouse(settings.warehouse)
        except WarehouseLocked as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WarehouseUnavailable(
                    f"{settings.warehouse} stayed locked by another process for {settings.writer_wait_s:g} s "
                    f"(UNWH_WRITER_WAIT); nothing was written. Close that session (analysts: open the file "
                    f"read-only, or a copy) and run again. {exc.__cause__ or exc}"
                ) from exc
            if not warned:
                get_run_logger().warning("%s is open in another process; waiting up to %.0f s for it: %s",
                                         settings.warehouse, left, exc.__cause__ or exc)  # fmt: skip
                warned = True
            time.sleep(min(delay, left))
            delay = min(delay * 2, 5.0)


@contextmanager
def writer_connection(settings: Settings, what: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection to the warehouse, held under the one writer slot: a process-local lock,
    then the server-wide limit (so flow runs on other workers, even other machines, wait their
    turn), then the DuckDB file lock itself (another process, e.g. an analyst, may hold it). Each
    of the two waits lasts at most ``settings.writer_wait_s``; then WarehouseUnavailable.

    The section is logged ("writer slot acquired/released: <what>") from inside the slot, so the
    run logs show when this run wrote."""
    wait = settings.writer_wait_s
    busy = (f"no warehouse writer slot ({WRITER_LIMIT}) within {wait:g} s (UNWH_WRITER_WAIT): another run held it, "
            "or the Prefect API did not answer; nothing was written")  # fmt: skip
    with ExitStack() as held:  # released in reverse: connection, log line, server slot, local lock
        if not _local_writer.acquire(timeout=min(wait, threading.TIMEOUT_MAX)):
            raise WarehouseUnavailable(busy)
        held.callback(_local_writer.release)
        ensure_writer_limit()
        try:
            # strict: a missing limit is an error, not a silent "no limit"; a lease renewal hiccup
            # during a long load must not kill the load (the transaction would roll back anyway)
            held.enter_context(concurrency(WRITER_LIMIT, occupy=1, strict=True, raise_on_lease_renewal_failure=False,
                                           timeout_seconds=wait))  # fmt: skip
        except TimeoutError as exc:
            raise WarehouseUnavailable(busy) from exc
        logger = get_run_logger()
        logger.info("writer slot acquired: %s", what)
        held.callback(logger.info, "writer slot released: %s", what)
        con = _open_when_free(settings, time.monotonic() + wait)
        held.callback(con.close)
        yield con


# --- tasks ------------------------------------------------------------------------------------


@task(name="fingerprint", cache_policy=NO_CACHE)
def fingerprint(path: str, source_uri: str | None = None) -> SourceFile:
    return fingerprint_file(path, source_uri=source_uri)


@task(name="download", cache_policy=NO_CACHE)
def fetch_uri(uri: str, settings: Settings) -> str:
    """Download one document given by URL into the downloads folder (retries inside, transient only)."""
    return str(download(uri, settings.downloads, download_policy(settings)))


@lru_cache(maxsize=1)
def _extract_code_digest() -> str:
    """sha256 of the extract/ sources: an edit between two version bumps (everyday development)
    must not be served a stale cached extraction."""
    package = Path(extract_package.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _extract_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """Same bytes + same pipeline version (+ same extraction settings, limits and code): same
    extraction. The limits are in the key because a fresh run under a tighter time or memory
    limit could fail where the cached one succeeded: the setting must not be silently ignored."""
    source: SourceFile = parameters["source"]
    settings: Settings = parameters["settings"]
    knobs = json.dumps([asdict(settings.extract), asdict(settings.limits)], sort_keys=True) + _extract_code_digest()
    digest = hashlib.sha256(knobs.encode()).hexdigest()[:12]
    return f"extract-{source.document_id}-v{settings.pipeline_version}-{digest}"


@task(name="extract", cache_key_fn=_extract_cache_key, persist_result=True, retries=1, retry_delay_seconds=5,
      retry_condition_fn=_retry_transient)  # fmt: skip
def extract(source: SourceFile, settings: Settings) -> Extraction | ExtractError:
    """Extraction in an isolated sandbox process. A bad document is an expected outcome, not a
    task failure: a terminal ExtractError is returned (the task ends Completed, logs no error,
    is not retried, and the flow quarantines the document) but never cached, since a time or
    memory limit hit on a busy machine may pass next time. A transient error is raised (retried)."""
    try:
        return extract_isolated(source.path, settings.extract, settings.limits)
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
    that cannot be opened for writing in time gives a `failed` outcome saying why."""
    started = time.perf_counter()
    try:
        with writer_connection(settings, source.path) as con:
            if is_already_loaded(con, source.document_id, settings.pipeline_version):
                # another run loaded the same bytes while this one was extracting
                outcome = DocumentOutcome(path=source.path, status="skipped", document_id=source.document_id,
                                          reason="already loaded")  # fmt: skip
            elif isinstance(extraction, ExtractError):
                outcome = quarantine_extract_error(con, source, extraction, settings.pipeline_version)
            else:
                outcome = _transform_and_load(con, source, extraction, settings)
            get_run_logger().info("%s: %s", source.path, outcome.status)
    except WarehouseUnavailable as exc:
        outcome = DocumentOutcome(path=source.path, status="failed", document_id=source.document_id, reason=str(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


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
        with suppress(Exception):
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
def already_loaded(sources: list[SourceFile], settings: Settings) -> set[str]:
    """The documents this pipeline version already loaded: read-only when the file allows it,
    else (a writer holds it) through the writer slot. WarehouseUnavailable when even that fails."""
    ids = [s.document_id for s in sources]
    states = warehouse_states(settings.warehouse, ids, settings.pipeline_version)
    if states is not None:
        return {doc for doc, status in states.items() if status == "loaded"}
    with writer_connection(settings, "check what is loaded") as con:
        return {doc for doc in ids if is_already_loaded(con, doc, settings.pipeline_version)}


# --- fan-out ----------------------------------------------------------------------------------


def download_policy(settings: Settings) -> DownloadPolicy:
    return DownloadPolicy(
        timeout_s=settings.http_timeout_s,
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
    for path in discover_pdfs(local):
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
    try:
        with stage("discover"):
            loaded = already_loaded(sources, settings) if sources else set()
    except WarehouseUnavailable as exc:  # nothing can be written: say so for every document
        logger.error("%s", exc)
        loaded = set()
        outcomes = {s.path: DocumentOutcome(path=s.path, status="failed", document_id=s.document_id,
                                            reason=str(exc)) for s in sources}  # fmt: skip
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
            outcomes[source.path] = outcome = load(source, extraction, settings)
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
