"""The load protocol of one document, as plain functions (flows/ wires them, without logic):
stage its validated frames -> audit the staged rows -> publish them in one transaction, or
quarantine the document (keeping a published version of the same bytes).

Everything arrives built: the documents row, the validated frames (``rejected_rows`` among them),
the issues so far, and ``issues_frame`` that turns issue dicts into ``quality_issues`` rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from load.publish import publish_document, quarantine_document, read_staged, stage_document, stage_more_issues

Issue = dict[str, object]
IssuesFrame = Callable[[list[Issue]], pd.DataFrame]
Audit = Callable[[dict[str, pd.DataFrame]], list[Issue]]


@dataclass(slots=True)
class LoadResult:
    """What became of one document in the warehouse."""

    status: str  # loaded | quarantined
    reason: str | None = None
    rows: dict[str, int] = field(default_factory=dict)  # published rows per table (quality_issues too)
    warnings: int = 0
    rejected: int = 0  # rows the contract set aside (rejected_rows): rejected, demoted or withheld
    kept_previous: bool = False


def summarise_errors(issues: list[Issue], limit: int = 3) -> str:
    """The first ``limit`` error details, joined, and how many more there are."""
    errors = [str(i["detail"]) for i in issues if i.get("severity") == "error"]
    more = f" (+{len(errors) - limit} more)" if len(errors) > limit else ""
    return "; ".join(errors[:limit]) + more


def quarantine(
    con: duckdb.DuckDBPyConnection,
    document_row: Mapping[str, object],
    issues: list[Issue],
    *,
    reason: str,
    issues_frame: IssuesFrame,
) -> LoadResult:
    """Record the document as quarantined (keeping any published version) and say why."""
    row = {**document_row, "status": "quarantined", "status_reason": reason}
    kept = quarantine_document(con, row, issues_frame(issues))
    note = reason + (" (the previously published version is kept)" if kept else "")
    return LoadResult(status="quarantined", reason=note, kept_previous=kept)


def load_document(
    con: duckdb.DuckDBPyConnection,
    document_row: Mapping[str, object],
    frames: Mapping[str, pd.DataFrame],
    issues: list[Issue],
    *,
    issues_frame: IssuesFrame,
    audit: Audit | None = None,
    reason: str | None = None,
) -> LoadResult:
    """Stage the frames, audit the staged rows, then publish or quarantine.

    An error among ``issues`` quarantines the document before anything is staged, with ``reason``
    (or the errors' details) as its status_reason. An audit that cannot run is a failed audit."""
    if any(i["severity"] == "error" for i in issues):
        reason = reason or "contract violated: " + summarise_errors(issues)
        return quarantine(con, document_row, issues, reason=reason, issues_frame=issues_frame)
    document_id = str(document_row["document_id"])
    # the documents row as given, unless the frames carry it (coerced by its contract)
    staged = {"documents": pd.DataFrame([dict(document_row)]), **frames, "quality_issues": issues_frame(issues)}
    counts = stage_document(con, document_id, staged)
    if audit is not None:
        try:
            audit_issues = audit(read_staged(con, document_id))
        except Exception as exc:  # an audit that cannot run is a failed audit, never a crashed run
            audit_issues = [
                {"stage": "audit", "check": "audit_crashed", "severity": "error",
                 "detail": f"{document_row.get('source_uri')}: the audit could not run: {type(exc).__name__}: {exc}"}
            ]  # fmt: skip
        if any(i["severity"] == "error" for i in audit_issues):
            return quarantine(
                con, document_row, issues + audit_issues, issues_frame=issues_frame,
                reason="audit failed: " + summarise_errors(audit_issues),
            )  # fmt: skip
        if audit_issues:  # warnings only: published with the document, like the transform's
            stage_more_issues(con, issues_frame(audit_issues))
            issues = issues + audit_issues
    publish_document(con, document_id)
    rejected = counts.pop("rejected_rows", 0)
    counts.pop("documents", None)
    return LoadResult(
        status="loaded", rows=counts, warnings=sum(1 for i in issues if i["severity"] == "warning"), rejected=rejected
    )
