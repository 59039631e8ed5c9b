"""One document's extraction -> every entity frame the warehouse takes, plus transform issues."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extract.models import Extraction, SourceFile, Table
from transform.budget import budget_lines_frame
from transform.checks import check_table
from transform.funds import table_context_funds
from transform.mandates import document_references_frame, mandates_frame
from transform.paragraphs import paragraphs_frame
from transform.posts import cross_check_grade_lists, posts_frame
from transform.results import deliverables_frame, performance_measures_frame, results_frame, table_subprogramme
from transform.table_view import TableView
from transform.tables import cells_frame, tables_frame

# A table's extraction confidence (extract.tables: 1.0 when its structure was recovered whole, lowered
# per missing header label, missing header, unruled layout, fewer than two columns) below which a
# table that also reports problems is withheld instead of loaded.
WITHHOLD_BELOW_CONFIDENCE = 0.5

ISSUE_COLUMNS = [
    "document_id", "stage", "check", "severity", "table_key", "page", "detail", "pipeline_version", "recorded_at",
]  # fmt: skip


@dataclass(slots=True)
class DocumentFrames:
    """The frames of one document, keyed by warehouse table name, and what went wrong."""

    frames: dict[str, pd.DataFrame]
    issues: list[dict[str, object]] = field(default_factory=list)


def extraction_issues(extraction: Extraction) -> list[dict[str, object]]:
    return [
        {
            "stage": "extract",
            "check": i.check,
            "severity": i.severity,
            "table_key": i.table_key,
            "page": i.page,
            "detail": i.detail,
        }
        for i in extraction.issues
    ]


def _withhold(table: Table, source: SourceFile, reason: str) -> dict[str, object]:
    return {
        "stage": "transform",
        "check": "table_withheld",
        "severity": "warning",
        "table_key": table.table_key,
        "page": table.page_first,
        "detail": f"{source.path}: table {table.table_key} (page {table.page_first}) was not loaded: {reason}",
    }


def trusted_tables(
    tables: list[Table], source: SourceFile, context_funds: dict[str, str | None] | None = None
) -> tuple[list[TableView], list[dict[str, object]]]:
    """Tables safe to load, and issues for the rest and for the source's own rounding.

    A table whose structure was not recovered with confidence, or whose numbers disagree by more
    than rounding, is withheld (quarantined) with its reason rather than loaded wrong."""
    issues: list[dict[str, object]] = []
    kept = []
    for table in tables:
        if table.problems and table.confidence < WITHHOLD_BELOW_CONFIDENCE:
            issues.append(_withhold(table, source, "; ".join(table.problems)))
            continue
        view = TableView(
            table, (context_funds or {}).get(table.table_key)
        )  # built once: checks, table_cells, budget_lines and posts share its paths
        failures = check_table(view)
        rounding = [f for f in failures if f.within_rounding]
        broken = [f for f in failures if not f.within_rounding]
        for failure in rounding:
            issues.append(
                {
                    "stage": "transform",
                    "check": f"arithmetic.{failure.check}",
                    "severity": "warning",
                    "table_key": table.table_key,
                    "page": failure.page,
                    "detail": failure.detail(source.path),
                }
            )
        if broken:
            details = "; ".join(f.detail(source.path) for f in broken[:3])
            more = f" (+{len(broken) - 3} more)" if len(broken) > 3 else ""
            issues.append(_withhold(table, source, f"its numbers do not add up: {details}{more}"))
            continue
        kept.append(view)
    return kept, issues


def build_frames(extraction: Extraction, source: SourceFile) -> DocumentFrames:
    """Entity frames for one document."""
    document_id = source.document_id
    symbol = extraction.meta.symbol
    paragraphs = paragraphs_frame(document_id, extraction.blocks)
    context_funds = table_context_funds(extraction.tables, paragraphs)
    views, table_issues = trusted_tables(extraction.tables, source, context_funds)
    tables = [view.table for view in views]
    posts = posts_frame(document_id, symbol, views)
    cells = cells_frame(document_id, views)
    scopes = {table.table_key: table_subprogramme(table, paragraphs) for table in tables}
    mandate_issues: list[dict[str, object]] = []
    frames = {
        "paragraphs": paragraphs,
        "tables": tables_frame(document_id, tables),
        "table_cells": cells,
        "budget_lines": budget_lines_frame(document_id, symbol, views),
        "posts": posts,
        "mandates": mandates_frame(document_id, symbol, paragraphs, cells, scopes, mandate_issues),
        "document_references": document_references_frame(document_id, symbol, paragraphs, cells),
        "results": results_frame(document_id, paragraphs),
        "performance_measures": performance_measures_frame(document_id, tables, paragraphs),
        "deliverables": deliverables_frame(document_id, tables, paragraphs),
    }
    issues = extraction_issues(extraction) + table_issues + cross_check_grade_lists(posts, source.path) + mandate_issues
    return DocumentFrames(frames=frames, issues=issues)


def issues_frame(document_id: str, issues: list[dict[str, object]], pipeline_version: str) -> pd.DataFrame:
    now = pd.Timestamp.now(tz="UTC").tz_localize(None)
    rows = [
        {
            **{"table_key": None, "page": None},
            **issue,
            "document_id": document_id,
            "pipeline_version": pipeline_version,
            "recorded_at": now,
        }
        for issue in issues
    ]
    frame = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    return frame.astype({"page": "Int64"})
