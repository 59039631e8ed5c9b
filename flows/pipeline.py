"""The per-document steps the ingest flow wires together, as plain functions (no Prefect here):
load side of one document = validate -> stage -> audit -> publish, or quarantine."""

from __future__ import annotations

import duckdb
import pandas as pd

from extract.exceptions import ExtractError
from extract.models import Extraction, SourceFile
from flows.summary import DocumentOutcome
from load.publish import publish_document, quarantine_document, read_staged, stage_document, stage_more_issues
from transform.documents import document_row
from transform.frames import DocumentFrames, issues_frame
from transform.schemas import validate_frames


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
    kept = quarantine_document(con, row, issues_frame(source.document_id, issues, pipeline_version))
    note = reason + (" (the previously published version is kept)" if kept else "")
    return DocumentOutcome(
        path=source.path, status="quarantined", document_id=source.document_id,
        symbol=meta.symbol if meta else None, pages=meta.page_count if meta else None, reason=note,
    )  # fmt: skip


def quarantine_extract_error(
    con: duckdb.DuckDBPyConnection, source: SourceFile, error: ExtractError, pipeline_version: str
) -> DocumentOutcome:
    issue = {"stage": "extract", "check": error.check, "severity": "error", "page": error.page, "detail": str(error)}
    return quarantine(con, source, reason=error.reason, issues=[issue], pipeline_version=pipeline_version)


def _summarise_errors(issues: list[dict[str, object]], limit: int = 3) -> str:
    errors = [str(i["detail"]) for i in issues if i.get("severity") == "error"]
    more = f" (+{len(errors) - limit} more)" if len(errors) > limit else ""
    return "; ".join(errors[:limit]) + more


def load_document(
    con: duckdb.DuckDBPyConnection,
    source: SourceFile,
    extraction: Extraction,
    document: DocumentFrames,
    *,
    pipeline_version: str,
    audit=None,
) -> DocumentOutcome:
    """Validate the frames, stage them, audit the staged rows, then publish or quarantine."""
    meta = extraction.meta
    doc_row = document_row(source, meta, pipeline_version=pipeline_version, status="loaded")
    frames = {"documents": pd.DataFrame([doc_row]), **document.frames}
    validated, contract_issues = validate_frames(frames)
    issues = document.issues + contract_issues
    if any(i["severity"] == "error" for i in issues):
        return quarantine(
            con, source, meta=meta, pipeline_version=pipeline_version, issues=issues,
            reason="contract violated: " + _summarise_errors(issues),
        )  # fmt: skip
    validated["quality_issues"] = issues_frame(source.document_id, issues, pipeline_version)
    counts = stage_document(con, source.document_id, validated)
    if audit is not None:
        try:
            audit_issues = audit(read_staged(con, source.document_id))
        except Exception as exc:  # an audit that cannot run is a failed audit, never a crashed run
            audit_issues = [
                {"stage": "audit", "check": "audit_crashed", "severity": "error",
                 "detail": f"{source.path}: the audit could not run: {type(exc).__name__}: {exc}"}
            ]  # fmt: skip
        if any(i["severity"] == "error" for i in audit_issues):
            return quarantine(
                con, source, meta=meta, pipeline_version=pipeline_version, issues=issues + audit_issues,
                reason="audit failed: " + _summarise_errors(audit_issues),
            )  # fmt: skip
        if audit_issues:  # warnings only: published with the document, like the transform's
            stage_more_issues(con, issues_frame(source.document_id, audit_issues, pipeline_version))
            issues = issues + audit_issues
    publish_document(con, source.document_id)
    counts.pop("documents", None)
    return DocumentOutcome(
        path=source.path, status="loaded", document_id=source.document_id, symbol=meta.symbol,
        pages=meta.page_count, rows=counts, warnings=sum(1 for i in issues if i["severity"] == "warning"),
    )  # fmt: skip
