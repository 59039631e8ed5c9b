"""Read a document back from the warehouse in the shapes the scorers compare."""

from __future__ import annotations

import duckdb
import pandas as pd

from extract.models import Table, TableRow


def paragraph_rows(con: duckdb.DuckDBPyConnection, document_id: str) -> list[dict]:
    frame = con.execute(
        "SELECT kind, number, label, level, text, footnote_refs, links, page FROM paragraphs "
        "WHERE document_id = ? ORDER BY seq",
        [document_id],
    ).df()
    rows = frame.to_dict("records")
    for row in rows:
        for key in ("footnote_refs", "links"):
            value = row[key]
            row[key] = list(value) if value is not None and not isinstance(value, float) else []
        for key in ("number", "label", "level"):
            if isinstance(row[key], float) and pd.isna(row[key]):
                row[key] = None
    return rows


def tables_back(con: duckdb.DuckDBPyConnection, document_id: str) -> list[Table]:
    """Tables rebuilt from `tables` + `table_cells` (headers are not stored cell by cell)."""
    meta = con.execute(
        "SELECT table_key, number, part, title, unit, page_first, page_last, n_cols FROM tables "
        "WHERE document_id = ? ORDER BY page_first, table_key",
        [document_id],
    ).fetchall()
    cells = con.execute(
        'SELECT table_key, "row", col, row_kind, text, page, column_label FROM table_cells '
        'WHERE document_id = ? ORDER BY table_key, "row", col',
        [document_id],
    ).df()
    grouped = {key: group for key, group in cells.groupby("table_key")}
    out = []
    for key, number, part, title, unit, first, last, n_cols in meta:
        group = grouped.get(key)
        rows: list[TableRow] = []
        labels = [""] * n_cols
        if group is not None:
            for _, row_cells in group.groupby("row", sort=True):
                texts = [""] * n_cols
                for cell in row_cells.itertuples():
                    if cell.col < n_cols:
                        texts[cell.col] = cell.text
                        labels[cell.col] = cell.column_label or ""
                first_cell = row_cells.iloc[0]
                rows.append(TableRow(kind=first_cell.row_kind, indent=0, cells=texts, page=int(first_cell.page)))
        out.append(
            Table(table_key=key, number=number, part=part, title=title, unit=unit, page_first=first,
                  page_last=last, n_cols=n_cols, header=[], column_labels=labels, rows=rows)
        )  # fmt: skip
    return out


def frame(con: duckdb.DuckDBPyConnection, table: str, document_id: str) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM {table} WHERE document_id = ?", [document_id]).df()
