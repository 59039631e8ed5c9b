"""Extracted tables -> the tables and table_cells frames (row paths, column paths, values).

The reading of a table (its label column and row paths) is transform.table_view's: cells_frame
takes the views the document's other table frames share, and builds none of its own logic."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from extract.models import Table
from transform.amounts import parse_amount, unit_factor
from transform.table_view import TableView, views_of

TABLE_COLUMNS = [
    "document_id", "table_key", "number", "part", "title", "unit", "factor",
    "page_first", "page_last", "n_rows", "n_cols", "category", "notes",
]  # fmt: skip
CELL_COLUMNS = [
    "document_id", "table_key", "row", "col", "row_kind", "row_label", "row_path",
    "column_label", "text", "value", "page",
]  # fmt: skip

_YEAR_PLAN = re.compile(r"计划数|实际数")
_GRADE = re.compile(r"^(USG|ASG|D-[12]|P-[1-5](/1)?|GS ?\((PL|OL)\)|LL)$")


def classify_table(table: Table) -> str:
    """budget | posts | deliverables | performance | other, from title, unit and header words."""
    header_text = " ".join(cell.text for row in table.header for cell in row)
    title = table.title or ""
    if unit_factor(table.unit) is not None:
        return "budget"
    if "应交付产出" in title or _YEAR_PLAN.search(header_text):
        return "deliverables"
    if "业绩计量" in title or "业绩指标" in title:
        return "performance"
    labels = [row.cells[0].strip() for row in table.rows if row.cells]
    if "员额" in title or sum(1 for label in labels if _GRADE.match(label.replace(" ", ""))) >= 2:
        return "posts"
    return "other"


def tables_frame(document_id: str, tables: list[Table]) -> pd.DataFrame:
    rows = [
        {
            "document_id": document_id,
            "table_key": table.table_key,
            "number": table.number,
            "part": table.part,
            "title": table.title,
            "unit": table.unit,
            "factor": unit_factor(table.unit),
            "page_first": table.page_first,
            "page_last": table.page_last,
            "n_rows": table.n_rows,
            "n_cols": table.n_cols,
            "category": classify_table(table),
            "notes": list(table.notes),
        }
        for table in tables
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def cells_frame(document_id: str, tables: Sequence[Table | TableView]) -> pd.DataFrame:
    """One row per cell, with its row label and path and its column label; the label column's
    cells carry no value. Pass the document's views to reuse their paths."""
    records = []
    for view in views_of(tables):
        table, label_col = view.table, view.label_col
        for r, (row, (label, path)) in enumerate(zip(table.rows, view.paths, strict=True)):
            for c, text in enumerate(row.cells):
                records.append(
                    (
                        document_id, table.table_key, r, c, row.kind, label or None, path or None,
                        table.column_labels[c] if c < len(table.column_labels) else None,
                        text, None if (label_col and c == 0) else parse_amount(text), row.page,
                    )
                )  # fmt: skip
    return pd.DataFrame.from_records(records, columns=CELL_COLUMNS)
