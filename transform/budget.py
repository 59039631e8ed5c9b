"""Money tables -> budget_lines: one row per amount cell, scaled by the printed unit."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from extract.models import Table
from transform.table_view import TableView, views_of
from transform.vocabulary import biennium_label

BUDGET_COLUMNS = [
    "document_id", "symbol", "table_key", "fund", "org_unit", "item", "row_kind", "measure", "period",
    "amount_usd", "amount_text", "unit", "page", "row", "col",
]  # fmt: skip


def budget_lines_frame(document_id: str, symbol: str | None, tables: Sequence[Table | TableView]) -> pd.DataFrame:
    records = []
    for view in views_of(tables):
        table = view.table
        factor = view.factor
        if factor is None:
            continue
        for r, row in enumerate(table.rows):
            if row.kind == "section" or view.row_is_posts(r):
                continue
            label = view.paths[r][0]
            pivoted = biennium_label(label) is not None
            for c, text, value in view.amount_cells(r):
                meaning = view.meanings[c]
                if meaning.measure is None or meaning.is_percent:
                    continue
                column_label = table.column_labels[c]
                records.append(
                    {
                        "document_id": document_id,
                        "symbol": symbol,
                        "table_key": table.table_key,
                        "fund": view.fund_for(r, c),
                        "org_unit": view.org_unit(r),
                        "item": column_label if pivoted else (label or None),
                        "row_kind": row.kind,
                        "measure": meaning.measure,
                        "period": view.period_for(r, c),
                        "amount_usd": None if value is None else round(value * factor, 6),
                        "amount_text": text,
                        "unit": table.unit,
                        "page": row.page,
                        "row": r,
                        "col": c,
                    }
                )
    return pd.DataFrame(records, columns=BUDGET_COLUMNS)
