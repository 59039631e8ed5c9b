"""Read-only reports on the warehouse (what `unwh quality` prints)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from load.exceptions import WarehouseLocked
from load.warehouse import connect

# a document named by document_id prefix, symbol or file name (the end of its source URI)
_MATCH = "({d}.document_id LIKE ? OR {d}.symbol = ? OR {d}.source_uri LIKE ?)"


def _match_params(document: str) -> list[object]:
    return [document + "%", document, "%" + document]


def find_documents(warehouse: str | Path, document: str) -> list[str]:
    """The document_ids that ``document`` names (as `unwh quality DOCUMENT` matches it)."""
    con = connect(warehouse, read_only=True)
    try:
        sql = f"SELECT document_id FROM documents d WHERE {_MATCH.format(d='d')} ORDER BY 1"
        return [row[0] for row in con.execute(sql, _match_params(document)).fetchall()]
    finally:
        con.close()


def known_documents(warehouse: str | Path, document_ids: list[str]) -> dict[str, tuple[str | None, int | None]]:
    """{document_id: (symbol, page_count)} of those documents the warehouse holds, read-only.
    Empty when there is no warehouse file yet or a writer holds it (a summary goes without)."""
    if not document_ids or not Path(warehouse).exists():
        return {}
    try:
        con = connect(warehouse, read_only=True)
    except WarehouseLocked:
        return {}
    try:
        rows = con.execute("SELECT document_id, symbol, page_count FROM documents WHERE list_contains(?, document_id)",
                           [list(document_ids)]).fetchall()  # fmt: skip
    except duckdb.CatalogException:  # a file without the schema yet
        return {}
    finally:
        con.close()
    return {doc: (symbol, pages) for doc, symbol, pages in rows}


def open_issues(warehouse: str | Path, document: str | None = None) -> pd.DataFrame:
    """Quality issues of the current version of each document, optionally of one document
    (matched by document_id prefix, symbol or file name)."""
    con = connect(warehouse, read_only=True)
    try:
        sql = """
            SELECT d.symbol, regexp_extract(d.source_uri, '[^/]+$') AS file, d.status,
                   q.document_id, q.stage, q."check", q.severity, q.table_key, q.page, q.detail
            FROM quality_issues q JOIN documents d USING (document_id)
            WHERE q.pipeline_version = d.pipeline_version
        """
        params: list[object] = []
        if document:
            sql += f" AND {_MATCH.format(d='d')}"
            params = _match_params(document)
        sql += " ORDER BY file, q.severity, q.page NULLS FIRST, q.table_key"
        return con.execute(sql, params).df()
    finally:
        con.close()


def rejected_rows(warehouse: str | Path, document: str | None = None) -> pd.DataFrame:
    """Rows the contract set aside (rejected, demoted or withheld with their table) of the
    published documents, optionally of one document (matched like ``open_issues``). Empty when
    the warehouse predates the table."""
    con = connect(warehouse, read_only=True)
    try:
        found = con.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_name = 'rejected_rows'"
        ).fetchone()
        if not (found and found[0]):
            return pd.DataFrame()
        sql = """
            SELECT d.symbol, regexp_extract(d.source_uri, '[^/]+$') AS file, r.table_name, r."check",
                   r.check_kind, r.action, r.page, r.table_key, r.reason, r."row"::VARCHAR AS row_json
            FROM rejected_rows r JOIN documents d USING (document_id)
        """
        params: list[object] = []
        if document:
            sql += " WHERE (r.document_id LIKE ? OR d.symbol = ? OR d.source_uri LIKE ?)"
            params = [document + "%", document, "%" + document]
        sql += " ORDER BY file, r.page NULLS FIRST, r.table_name, r.table_key"
        return con.execute(sql, params).df()
    finally:
        con.close()


def render_rejected(rows: pd.DataFrame, width: int = 110) -> str:
    """One line per row set aside: where, what was done, which check, and the row as read."""
    if rows.empty:
        return "no rejected rows"
    out = []
    for (file, symbol), group in rows.groupby(["file", "symbol"], dropna=False, sort=False):
        rows_word = "row" if len(group) == 1 else "rows"
        name = symbol if isinstance(symbol, str) else "—"
        out.append(f"{file}  {name}  {len(group)} {rows_word} set aside (rejected_rows)")
        for row in group.itertuples(index=False):
            where = _where(row.table_key, row.page)
            text = row.row_json if len(row.row_json) <= width else row.row_json[: width - 1] + "…"
            out.append(f"  {row.action:<8} {row.table_name}{' (' + where + ')' if where else ''}: {row.reason}")
            out.append(f"           row: {text}")
    return "\n".join(out)


def _where(table_key: object, page: object) -> str:
    """ "table 14.13, page 7" (either part left out when unknown)."""
    parts = [f"table {table_key}" if isinstance(table_key, str) else "", f"page {int(page)}" if pd.notna(page) else ""]  # type: ignore[call-overload]
    return ", ".join(p for p in parts if p)


def document_statuses(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per document: id, symbol, title, file name, status (and why), pipeline version,
    and its open quality issues (those of its current version) counted as ``errors`` and
    ``warnings``; ordered by file name. Reads only (any connection, read-only or the writer's)."""
    return con.execute(
        """
        SELECT d.document_id, d.symbol, d.title, regexp_extract(d.source_uri, '[^/]+$') AS file,
               d.status, d.status_reason, d.pipeline_version, d.ingested_at,
               count(q.severity) FILTER (WHERE q.severity = 'error') AS errors,
               count(q.severity) FILTER (WHERE q.severity = 'warning') AS warnings
        FROM main.documents d
        LEFT JOIN main.quality_issues q ON q.document_id = d.document_id AND q.pipeline_version = d.pipeline_version
        GROUP BY ALL
        ORDER BY file, d.symbol, d.document_id
        """
    ).df()


def render_issues(issues: pd.DataFrame) -> str:
    if issues.empty:
        return "no open quality issues"
    out = []
    for (file, symbol, status), group in issues.groupby(["file", "symbol", "status"], dropna=False, sort=False):
        errors = int((group["severity"] == "error").sum())
        out.append(f"{file}  {symbol if isinstance(symbol, str) else '—'}  [{status}]  "
                   f"{errors} errors, {len(group) - errors} warnings")  # fmt: skip
        for row in group.itertuples(index=False):
            where = _where(row.table_key, row.page)
            out.append(
                f"  {row.severity:<7} {row.stage}/{row.check}{' (' + where + ')' if where else ''}: {row.detail}"
            )
    return "\n".join(out)
