"""One document's extraction -> every entity frame the warehouse takes, plus transform issues."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extract.models import Extraction, SourceFile
from transform.paragraphs import paragraphs_frame
from transform.tables import cells_frame, tables_frame

ISSUE_COLUMNS = [
    "document_id",
    "stage",
    "check",
    "severity",
    "table_key",
    "page",
    "detail",
    "pipeline_version",
    "recorded_at",
]


@dataclass(slots=True)
class DocumentFrames:
    """The frames of one document, keyed by warehouse table name, and what went wrong."""

    frames: dict[str, pd.DataFrame]
    issues: list[dict[str, object]] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.frames.items()}


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


def build_frames(extraction: Extraction, source: SourceFile) -> DocumentFrames:
    """Entity frames for one document. Tables whose structure was not recovered with
    confidence are left out (quarantined) with an issue naming them, never loaded wrong."""
    document_id = source.document_id
    issues = extraction_issues(extraction)
    trusted = []
    for table in extraction.tables:
        if table.problems and table.confidence < 0.5:
            issues.append(
                {
                    "stage": "transform",
                    "check": "table_structure_uncertain",
                    "severity": "warning",
                    "table_key": table.table_key,
                    "page": table.page_first,
                    "detail": f"{source.path}: table {table.table_key} (page {table.page_first}) was not loaded: "
                    + "; ".join(table.problems),
                }
            )
            continue
        trusted.append(table)
    frames = {
        "paragraphs": paragraphs_frame(document_id, extraction.blocks),
        "tables": tables_frame(document_id, trusted),
        "table_cells": cells_frame(document_id, trusted),
    }
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
