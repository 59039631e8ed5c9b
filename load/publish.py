"""Write -> (audit) -> publish: stage a document's frames, then swap its slice in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb
import pandas as pd

from load.exceptions import PublishError
from load.versions import mark_current_version
from load.warehouse import PUBLISHED_TABLES, SLICE_TABLES


def published_state(con: duckdb.DuckDBPyConnection, document_id: str) -> tuple[str, str] | None:
    """(status, pipeline_version) of the document as analysts see it, or None if never ingested."""
    row = con.execute(
        "SELECT status, pipeline_version FROM main.documents WHERE document_id = ?", [document_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


def is_already_loaded(con: duckdb.DuckDBPyConnection, document_id: str, pipeline_version: str) -> bool:
    """True when these exact bytes were loaded by this pipeline version: re-ingesting is a no-op."""
    return published_state(con, document_id) == ("loaded", pipeline_version)


def _insert_frame(con: duckdb.DuckDBPyConnection, target: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_incoming", frame)
    try:
        con.execute(f"INSERT INTO {target} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def clear_staging(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    for table in SLICE_TABLES:
        con.execute(f"DELETE FROM staging.{table} WHERE document_id = ?", [document_id])


def stage_document(
    con: duckdb.DuckDBPyConnection, document_id: str, frames: Mapping[str, pd.DataFrame]
) -> dict[str, int]:
    """Write the document's frames into the staging tables (replacing any earlier staged rows).

    ``frames`` maps table names of the contract to frames whose columns are a subset of the
    table's; missing columns load as NULL. Returns the staged row count per table.
    """
    unknown = set(frames) - set(SLICE_TABLES)
    if unknown:
        raise PublishError(f"document {document_id}: no warehouse table for frames {sorted(unknown)}")
    con.execute("BEGIN TRANSACTION")
    try:
        clear_staging(con, document_id)
        for table, frame in frames.items():
            _insert_frame(con, f"staging.{table}", frame)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return {table: len(frame) for table, frame in frames.items()}


def stage_more_issues(con: duckdb.DuckDBPyConnection, issues: pd.DataFrame) -> None:
    """Add rows to the staged quality_issues (the audit's warnings), published with the rest."""
    _insert_frame(con, "staging.quality_issues", issues)


def read_staged(con: duckdb.DuckDBPyConnection, document_id: str) -> dict[str, pd.DataFrame]:
    """The document's staged rows, one frame per table (for the audit)."""
    return {
        table: con.execute(f"SELECT * FROM staging.{table} WHERE document_id = ?", [document_id]).df()
        for table in PUBLISHED_TABLES
    }


def _replace_slice(con: duckdb.DuckDBPyConnection, table: str, document_id: str) -> None:
    con.execute(f"DELETE FROM main.{table} WHERE document_id = ?", [document_id])
    con.execute(f"INSERT INTO main.{table} SELECT * FROM staging.{table} WHERE document_id = ?", [document_id])


def publish_document(
    con: duckdb.DuckDBPyConnection,
    document_id: str,
    *,
    replace_slice: Callable[[duckdb.DuckDBPyConnection, str, str], None] = _replace_slice,
) -> None:
    """Swap the document's published rows for its staged rows, all tables in one transaction.

    Either every table shows the new version or (on any error) every table still shows the
    previous one. ``replace_slice`` is the per-table step (a seam for fault-injection tests).
    """
    staged = con.execute("SELECT count(*) FROM staging.documents WHERE document_id = ?", [document_id])
    row = staged.fetchone()
    if row is None or row[0] != 1:
        raise PublishError(f"document {document_id}: exactly one staged documents row is required")
    con.execute("BEGIN TRANSACTION")
    try:
        for table in SLICE_TABLES:  # rejected_rows too: what was set aside goes with the document
            replace_slice(con, table, document_id)
        mark_current_version(con, document_id)
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise PublishError(f"document {document_id}: publishing failed and was rolled back: {exc}") from exc
    clear_staging(con, document_id)


def quarantine_document(
    con: duckdb.DuckDBPyConnection,
    document_row: Mapping[str, object],
    issues: pd.DataFrame,
) -> bool:
    """Record a document that must not be published.

    If an earlier version of the same bytes is published (status loaded), its rows are left
    exactly as they are and only the new issues are appended. Otherwise the document gets a
    documents row with status quarantined and no fact rows. Returns True when a published
    version was kept.
    """
    document_id = str(document_row["document_id"])
    kept = published_state(con, document_id)
    clear_staging(con, document_id)  # staging is another file: one transaction writes one file
    con.execute("BEGIN TRANSACTION")
    try:
        if kept and kept[0] == "loaded":
            _insert_frame(con, "main.quality_issues", issues)
        else:
            for table in SLICE_TABLES:
                con.execute(f"DELETE FROM main.{table} WHERE document_id = ?", [document_id])
            row = dict(document_row)
            row["status"] = "quarantined"
            _insert_frame(con, "main.documents", pd.DataFrame([row]))
            _insert_frame(con, "main.quality_issues", issues)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return bool(kept and kept[0] == "loaded")
