"""The ingest flow: PDFs in, published warehouse rows out. Prefect wiring only; the work is
done by plain functions in extract/, transform/, load/ and expectations/."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from expectations.runner import audit_document
from extract.exceptions import ExtractError
from extract.fingerprint import fingerprint_file
from extract.models import Extraction, SourceFile
from extract.sandbox import extract_isolated
from flows.pipeline import discover_pdfs, load_document, quarantine, quarantine_extract_error
from flows.settings import Settings
from flows.summary import DocumentOutcome, RunSummary, render_summary
from load.exceptions import WarehouseLocked
from load.publish import is_already_loaded
from load.warehouse import open_warehouse
from transform.frames import build_frames


def _retry_transient(task, task_run, state) -> bool:
    """Retry only errors marked transient (a locked warehouse), never a bad document."""
    try:
        state.result()
    except WarehouseLocked:
        return True
    except Exception:
        return False
    return False


@task(name="fingerprint", cache_policy=NO_CACHE)
def fingerprint(path: str) -> SourceFile:
    return fingerprint_file(path)


@task(name="extract", cache_policy=NO_CACHE)
def extract(source: SourceFile, settings: Settings) -> Extraction | ExtractError:
    """Extraction in an isolated worker process; a terminal failure is returned, not raised,
    so that the other documents of the run go on."""
    try:
        return extract_isolated(source.path, settings.extract, settings.limits)
    except ExtractError as error:
        get_run_logger().warning("quarantining %s: %s", source.path, error)
        return error


@task(
    name="load",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[1, 4, 10],
    retry_condition_fn=_retry_transient,
)
def load(source: SourceFile, extraction: Extraction | ExtractError, settings: Settings) -> DocumentOutcome:
    """Transform, validate, stage, audit and publish one document (the only writer)."""
    started = time.perf_counter()
    con = open_warehouse(settings.warehouse)
    try:
        if isinstance(extraction, ExtractError):
            outcome = quarantine_extract_error(con, source, extraction, settings.pipeline_version)
        else:
            try:
                frames = build_frames(extraction, source)
            except Exception as exc:  # a transform bug must not take the run down: quarantine
                issue = {"stage": "transform", "check": "transform_failed", "severity": "error",
                         "detail": f"{source.path}: transform failed: {exc!r}"}  # fmt: skip
                outcome = quarantine(
                    con, source, meta=extraction.meta, reason=f"transform failed: {exc}",
                    issues=[issue], pipeline_version=settings.pipeline_version,
                )  # fmt: skip
            else:
                outcome = load_document(
                    con,
                    source,
                    extraction,
                    frames,
                    pipeline_version=settings.pipeline_version,
                    audit=partial(audit_document, data_docs_dir=settings.quality_dir),
                )
    finally:
        con.close()
    outcome.seconds = time.perf_counter() - started
    return outcome


@task(name="check-loaded", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2,
      retry_condition_fn=_retry_transient)  # fmt: skip
def already_loaded(sources: list[SourceFile], settings: Settings) -> set[str]:
    con = open_warehouse(settings.warehouse)
    try:
        return {s.document_id for s in sources if is_already_loaded(con, s.document_id, settings.pipeline_version)}
    finally:
        con.close()


def _artifact(summary: RunSummary) -> str:
    lines = [
        "| document | symbol | status | pages | paragraphs | tables | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in summary.documents:
        lines.append(
            f"| {Path(d.path).name} | {d.symbol or '—'} | {d.status} | {d.pages or '—'} | "
            f"{d.rows.get('paragraphs', '—')} | {d.rows.get('tables', '—')} | {d.reason or ''} |"
        )
    lines.append(
        f"\n**{summary.count('loaded')} loaded, {summary.count('skipped')} already loaded, "
        f"{summary.count('quarantined')} quarantined** in {summary.seconds:.1f} s → `{summary.warehouse}`"
    )
    return "\n".join(lines)


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=4))
def ingest(paths: list[str], warehouse: str | None = None):
    """Ingest PDFs (files or folders) into the warehouse; documents already loaded by this
    pipeline version are skipped. Ends Failed (with the summary as data) when any document
    was quarantined; the other documents are loaded all the same."""
    started = time.perf_counter()
    settings = Settings.from_env(warehouse=Path(warehouse) if warehouse else None)
    logger = get_run_logger()
    files = discover_pdfs(paths)
    sources = [fingerprint.submit(str(p)) for p in files]
    sources = [f.result() for f in sources]
    loaded = already_loaded(sources, settings)
    todo = [s for s in sources if s.document_id not in loaded]
    summary = RunSummary(warehouse=str(settings.warehouse))
    outcomes: dict[str, DocumentOutcome] = {}
    for s in sources:
        if s.document_id in loaded:
            outcomes[s.path] = DocumentOutcome(
                path=s.path, status="skipped", document_id=s.document_id, reason="already loaded"
            )
            logger.info("%s: already loaded (sha256 %s…, pipeline %s)", s.path, s.document_id[:12],
                        settings.pipeline_version)  # fmt: skip
    extractions = extract.map(todo, settings=settings) if todo else []
    for source, future in zip(todo, extractions, strict=True):
        outcomes[source.path] = load(source, future.result(), settings)
    summary.documents = [outcomes[s.path] for s in sources]
    summary.seconds = time.perf_counter() - started
    create_markdown_artifact(key="ingest-summary", markdown=_artifact(summary), description="Ingest run summary")
    logger.info("\n%s", render_summary(summary))
    if not summary.ok:
        bad = [f"{Path(d.path).name}: {d.reason}" for d in summary.documents if d.status == "quarantined"]
        return Failed(message=f"{len(bad)} document(s) quarantined: " + "; ".join(bad), data=summary)
    return summary
