"""Audit suite ``tables``: unique keys, pages, categories, and each table's size as the
extraction reported it (n_rows, n_cols) against the cells actually staged."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, count_range, gxe, pages, table

TABLE = "tables"
KEY = ("table_key", "page_first")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged tables with the grid their staged cells span: distinct rows, distinct
    columns, and the number of cells against n_rows x n_cols."""
    frame = table(staged, TABLE)
    cells = table(staged, "table_cells")
    if cells.empty:
        grid = pd.DataFrame(columns=["table_key", "cell_rows", "cell_cols", "cell_count"])
    else:
        grid = (
            cells.groupby("table_key", sort=False)
            .agg(cell_rows=("row", "nunique"), cell_cols=("col", "nunique"), cell_count=("col", "size"))
            .reset_index()
        )
    frame = frame.merge(grid, on="table_key", how="left")
    for column in ("cell_rows", "cell_cols", "cell_count"):
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["grid_size"] = (frame["n_rows"].astype("Int64") * frame["n_cols"].astype("Int64")).astype("int64")
    return frame


def expectations() -> list:
    e = gxe()
    return [
        *pages("page_first", "page_last"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="page_last", column_B="page_first", or_equal=True),
        count_range("n_rows", minimum=1),
        count_range("n_cols", minimum=1),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="n_rows",
            column_B="cell_rows",
            description="n_rows equals the number of distinct rows staged in table_cells",
        ),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="n_cols",
            column_B="cell_cols",
            description="n_cols equals the number of distinct columns staged in table_cells",
        ),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="grid_size",
            column_B="cell_count",
            description="the grid is complete: n_rows x n_cols cells are staged, one per position",
        ),
    ]
