"""Audit suite ``document_references``: each citation points at a paragraph of the document, on
that paragraph's pages, or at a table cell that prints the symbol; a document does not cite itself."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    document_symbol,
    gxe,
    pages,
    paragraph_or_cell_expectations,
    table,
    traced_to_paragraph_or_cell,
    warning,
)

TABLE = "document_references"
KEY = ("symbol", "paragraph_seq", "table_key", "row", "col", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    frame = traced_to_paragraph_or_cell(table(staged, TABLE), staged, "symbol", "symbol_in_cell")
    own = document_symbol(staged)
    own = own if pd.notna(own) else None
    frame["cites_itself"] = frame["symbol"].eq(own) if own else False
    return frame


def expectations() -> list:
    return [
        *paragraph_or_cell_expectations(
            "reference", "symbol_in_cell", "a reference in a table cell: the cell's text prints the symbol"
        ),
        *pages("page"),
        gxe().ExpectColumnValuesToBeInSet(
            column="cites_itself",
            value_set=[False],
            severity=warning(),
            description="a document's references do not include its own symbol",
        ),
    ]
