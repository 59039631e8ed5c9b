"""The per-document steps the ingest flow wires together, as plain functions (no Prefect here).
The load protocol itself (stage -> audit -> publish, or quarantine) is load/protocol.py; these
adapters build its inputs from the extraction (transform/) and its outcome for the run summary."""

from __future__ import annotations

import duckdb
import pandas as pd

from extract.exceptions import ExtractError
from extract.models import DocumentMeta, Extraction, SourceFile
from flows.settings import MAX_REJECTED_SHARE
from flows.summary import DocumentOutcome
from load import protocol
from load.timing import stage
from transform.contract_check import check_frames, quarantine_summary
from transform.documents import document_row
from transform.frames import DocumentFrames, issues_frame


def _issues_frame(source: SourceFile, pipeline_version: str) -> protocol.IssuesFrame:
    return lambda issues: issues_frame(source.document_id, issues, pipeline_version)


def _outcome(source: SourceFile, meta: DocumentMeta | None, result: protocol.LoadResult) -> DocumentOutcome:
    return DocumentOutcome(
        path=source.path, status=result.status, document_id=source.document_id,
        symbol=meta.symbol if meta else None, pages=meta.page_count if meta else None, reason=result.reason,
        rows=result.rows, warnings=result.warnings, rejected=result.rejected,
    )  # fmt: skip


def quarantine(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    *,
    reason: str,
    issues: list[dict[str, object]],
    pipeline_version: str,
    meta=None,
) -> DocumentOutcome:
    """Record the document as quarantined (keeping any published version) and say why."""
    row = document_row(source, meta, pipeline_version=pipeline_version, status="quarantined", status_reason=reason)
    result = protocol.quarantine(con, row, issues, reason=reason, issues_frame=_issues_frame(source, pipeline_version))
    return _outcome(source, meta, result)


def quarantine_extract_error(
    con: duckdb.DuckDBPyConnection, source: SourceFile, error: ExtractError, pipeline_version: str
) -> DocumentOutcome:
    issue: dict[str, object] = {
        "stage": "extract",
        "check": error.check,
        "severity": "error",
        "page": error.page,
        "detail": str(error),
    }
    return quarantine(con, source, reason=error.reason, issues=[issue], pipeline_version=pipeline_version)


def load_document(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    extraction: Extraction,
    document: DocumentFrames,
    *,
    pipeline_version: str,
    audit=None,
    max_rejected_share: float = MAX_REJECTED_SHARE,
) -> DocumentOutcome:
    """Validate the frames (rows failing row-level checks set aside), then load/protocol.py's
    stage -> audit -> publish, or quarantine."""
    meta = extraction.meta
    doc_row = document_row(source, meta, pipeline_version=pipeline_version, status="loaded")
    frames = {"documents": pd.DataFrame([doc_row]), **document.frames}
    with stage("validation"):
        checked = check_frames(
            frames, document_id=source.document_id, where=source.path, max_rejected_share=max_rejected_share
        )
    reason = None if checked.ok else "contract violated: " + quarantine_summary(checked.issues)
    if checked.ok:  # the documents row as the contract let it through (odd metadata demoted to NULL)
        passed = checked.frames["documents"].iloc[0]
        doc_row = {k: None if k in passed.index and pd.isna(passed[k]) else v for k, v in doc_row.items()}
    staged = {**checked.frames, "rejected_rows": checked.rejected}
    result = protocol.load_document(
        con, doc_row, staged, document.issues + checked.issues,
        issues_frame=_issues_frame(source, pipeline_version), audit=audit, reason=reason,
    )  # fmt: skip
    return _outcome(source, meta, result)
