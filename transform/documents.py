"""Extraction metadata + file facts -> the documents row."""

from __future__ import annotations

from datetime import UTC, datetime

from extract.models import DocumentMeta, SourceFile

__all__ = ["SourceFile", "document_row"]


def document_row(
    source: SourceFile,
    meta: DocumentMeta | None,
    *,
    pipeline_version: str,
    status: str,
    status_reason: str | None = None,
) -> dict[str, object]:
    meta = meta or DocumentMeta()
    return {
        "document_id": source.document_id,
        "symbol": meta.symbol,
        "language": "zh",
        "title": meta.title,
        "organ": meta.organ,
        "session": meta.session,
        "agenda_item": meta.agenda_item,
        "issued_on": meta.issued_on,
        "job_number": meta.job_number,
        "page_count": meta.page_count or None,
        "source_uri": source.source_uri,
        "file_size": source.file_size,
        "ingested_at": datetime.now(UTC).replace(tzinfo=None),
        "pipeline_version": pipeline_version,
        "status": status,
        "status_reason": status_reason,
    }
