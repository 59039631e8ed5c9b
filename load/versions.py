"""Versions of one report: which documents rows are the same report (same symbol, language and
job number, different bytes), and which of them is current (the latest published)."""

from __future__ import annotations

import duckdb

_SAME_REPORT = (
    "symbol = ? AND language IS NOT DISTINCT FROM ? AND job_number IS NOT DISTINCT FROM ? AND document_id <> ?"
)


def mark_current_version(con: duckdb.DuckDBPyConnection, document_id: str) -> str | None:
    """Make the just-published ``document_id`` the current version of its report, inside the
    caller's publish transaction: the loaded rows of the same report stop being current, and
    ``version_of`` points at the one that was current. Returns that document_id, or None (a
    first version, or a document without a symbol, which is its own report)."""
    found = con.execute(
        "SELECT symbol, language, job_number FROM main.documents WHERE document_id = ?", [document_id]
    ).fetchone()
    if found is None:  # not published: nothing to mark
        return None
    symbol, language, job_number = found
    previous = None
    if symbol is not None:
        key = [symbol, language, job_number, document_id]
        row = con.execute(
            f"SELECT document_id FROM main.documents WHERE status = 'loaded' AND {_SAME_REPORT} "
            "ORDER BY is_current DESC NULLS LAST, ingested_at DESC LIMIT 1",
            key,
        ).fetchone()
        previous = row[0] if row else None
        con.execute(f"UPDATE main.documents SET is_current = FALSE WHERE {_SAME_REPORT}", key)
    con.execute(
        "UPDATE main.documents SET is_current = TRUE, version_of = ? WHERE document_id = ?", [previous, document_id]
    )
    return previous
