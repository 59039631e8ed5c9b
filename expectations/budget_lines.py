"""Audit suite ``budget_lines``: every amount traced to its printed cell, scaled by its table's
unit, non-negative unless it is a change, and totals that agree across tables."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    CHANGE_MEASURES,
    Staged,
    applicable,
    document_symbol,
    gxe,
    holds,
    lookup,
    pages,
    present,
    table,
    totals_agree,
    traced_to_cell_expectations,
    warning,
    with_cell,
)
from expectations.printed import printed_decimals, printed_number, unit_scale

TABLE = "budget_lines"
KEY = ("table_key", "row", "col", "item", "measure", "period", "amount_text")
TOTAL_GROUPS = ("fund", "org_unit", "measure", "period")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged lines with their cell's text and page, their table's factor and category, the
    amount the printed text implies, the document symbol, and the cross-table total check."""
    frame = table(staged, TABLE)
    frame = with_cell(frame, staged, {"text": "cell_text", "page": "cell_page"}, found="has_cell")
    frame = lookup(
        frame,
        table(staged, "tables"),
        ["table_key"],
        {"factor": "table_factor", "category": "table_category", "unit": "table_unit"},
    )
    frame["document_symbol"] = document_symbol(staged)
    if frame.empty:
        for column in ("level_amount", "amount_matches_text", "total_agrees"):
            frame[column] = pd.Series(dtype=object)
        return frame
    # the audit's own reading of the cell as printed and of the table's unit line (expectations.printed);
    # a line without its cell is reported by has_cell, and read from its amount_text here
    printed = frame["cell_text"].where(frame["cell_text"].notna(), frame["amount_text"])
    scale = pd.to_numeric(frame["table_unit"].map(unit_scale), errors="coerce")
    implied = pd.to_numeric(printed.map(printed_number), errors="coerce") * scale
    step = (10.0 ** -printed.map(printed_decimals).astype(float)) * scale.fillna(1.0)
    stored = pd.to_numeric(frame["amount_usd"], errors="coerce")
    frame["level_amount"] = stored.where(~frame["measure"].isin(CHANGE_MEASURES))  # changes may be negative
    frame["amount_matches_text"] = applicable(
        stored.notna() | implied.notna(), (stored - implied).abs() <= step / 2 + 1e-6
    )
    frame["total_agrees"] = totals_agree(
        frame.assign(amount=stored),
        amount="amount",
        groups=TOTAL_GROUPS,
        is_total=frame["row_kind"].eq("total"),
        tolerance=step,
    )
    return frame


def expectations() -> list:
    e = gxe()
    return [
        e.ExpectCompoundColumnsToBeUnique(column_list=["table_key", "row", "col"]),
        present("has_cell", "every line has its table_cells cell at (table_key, row, col)"),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="amount_text",
            column_B="cell_text",
            ignore_row_if="either_value_is_missing",
            description="amount_text is exactly the text of its cell",
        ),
        *traced_to_cell_expectations("budget"),
        *pages("page"),
        e.ExpectColumnValuesToBeBetween(
            column="level_amount",
            min_value=0,
            description=f"amounts are non-negative unless the measure is a change ({', '.join(CHANGE_MEASURES)})",
        ),
        holds(
            "amount_matches_text",
            "amount_usd is the number printed in its cell scaled by its table's unit line, both read "
            "by the audit's own minimal parser (to half a unit of the last printed digit)",
        ),
        holds(
            "total_agrees",
            "total rows of different tables with the same fund, org_unit, measure and "
            "period print the same amount (to one unit of the last printed digit)",
            severity=warning(),
        ),
        # a warning while the grouping leans on org_unit being set for component tables (see AUDITS.md)
    ]
