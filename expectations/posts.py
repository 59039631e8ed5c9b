"""Audit suite ``posts``: every count traced to its printed cell, vocabularies of grades,
categories, funds and statuses, plausible counts, and totals that agree across tables."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    applicable,
    document_symbol,
    holds,
    lookup,
    pages,
    table,
    totals_agree,
    traced_to_cell_expectations,
    warning,
    with_cell,
)

TABLE = "posts"
KEY = ("table_key", "row", "col", "grade", "period", "count")
TOTAL_GROUPS = ("fund", "org_unit", "period", "status")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged posts with their cell (where row and col are given: ``traced`` True/False,
    NULL where not traced), whether the count is the cell's number, and the total check."""
    frame = table(staged, TABLE)
    frame = with_cell(
        frame, staged, {"value": "cell_value", "page": "cell_page", "row_kind": "cell_row_kind"}, found="has_cell"
    )
    frame = lookup(frame, table(staged, "tables"), ["table_key"], {"category": "table_category"})
    frame["document_symbol"] = document_symbol(staged)
    if frame.empty:
        for column in ("traced", "count_matches_cell", "total_agrees"):
            frame[column] = pd.Series(dtype=object)
        return frame
    traced = frame["row"].notna() & frame["col"].notna()
    frame["traced"] = applicable(traced, frame["has_cell"].eq(True))
    count = pd.to_numeric(frame["count"], errors="coerce")
    value = pd.to_numeric(frame["cell_value"], errors="coerce")
    frame["count_matches_cell"] = applicable(frame["has_cell"].eq(True) & value.notna(), count == value)
    frame["total_agrees"] = totals_agree(
        frame.assign(amount=count),
        amount="amount",
        groups=TOTAL_GROUPS,
        is_total=frame["cell_row_kind"].eq("total") & frame["grade"].isna() & frame["category"].isna(),
        tolerance=pd.Series(0.0, index=frame.index),
    )
    return frame


def expectations() -> list:
    return [
        holds("traced", "every post row that names (table_key, row, col) has that table_cells cell"),
        holds(
            "count_matches_cell",
            "count is the number printed in its cell, where the cell prints one number "
            "(a cell listing several grades, '1 个 USG，4 个 D-2', is not compared)",
        ),
        # posts tables, and the budget tables that print financial and post resources together
        # ('财政资源和员额资源的演变情况')
        *traced_to_cell_expectations("posts", "budget"),
        *pages("page"),
        holds(
            "total_agrees",
            "total rows of different posts tables with the same fund, org_unit, period and status print the same count",
            severity=warning(),
        ),
    ]
