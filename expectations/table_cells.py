"""Audit suite ``table_cells``: one cell per (table_key, row, col), every cell inside a staged
table's grid and pages, and one row kind per table row."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    gxe,
    lookup,
    page_within_table,
    pages,
    present,
    table,
)

TABLE = "table_cells"
KEY = ("table_key", "row", "col", "text")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged cells with their table's pages and size, a merge indicator (``in_tables``)
    and whether all cells of the cell's row agree on its row kind."""
    frame = lookup(
        table(staged, TABLE),
        table(staged, "tables"),
        ["table_key"],
        {
            "page_first": "table_page_first",
            "page_last": "table_page_last",
            "n_rows": "table_n_rows",
            "n_cols": "table_n_cols",
        },
        found="in_tables",
    )
    if frame.empty:
        frame["row_kinds"] = pd.Series(dtype="int64")
    else:
        frame["row_kinds"] = frame.groupby(["table_key", "row"], sort=False)["row_kind"].transform("nunique")
    return frame


def expectations() -> list:
    e = gxe()
    return [
        e.ExpectCompoundColumnsToBeUnique(column_list=["table_key", "row", "col"]),
        present("in_tables", "every cell belongs to a staged tables row (same table_key)"),
        *pages("page"),
        *page_within_table("a cell is printed"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="table_n_rows",
            column_B="row",
            ignore_row_if="either_value_is_missing",
            description="row < the table's n_rows",
        ),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="table_n_cols",
            column_B="col",
            ignore_row_if="either_value_is_missing",
            description="col < the table's n_cols",
        ),
        e.ExpectColumnValuesToBeBetween(
            column="row_kinds", min_value=1, max_value=1, description="all cells of a table row share one row_kind"
        ),
    ]
