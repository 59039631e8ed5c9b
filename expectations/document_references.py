"""Audit suite ``document_references``: each citation points at a paragraph of the document, on
that paragraph's pages, or at a table cell that prints the symbol; a document does not cite itself."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    applicable,
    cell_expectations,
    gxe,
    holds,
    pages,
    table,
    traced_to_cell,
    traced_to_paragraph,
    warning,
)
from extract.normalise import normalise_text

TABLE = "document_references"
KEY = ("symbol", "paragraph_seq", "table_key", "row", "col", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    frame = traced_to_cell(traced_to_paragraph(table(staged, TABLE), staged), staged)
    printed = [
        isinstance(text, str) and isinstance(symbol, str) and symbol in normalise_text(text)
        for symbol, text in zip(frame["symbol"], frame["cell_text"], strict=True)
    ]
    frame["symbol_in_cell"] = applicable(
        frame["cell_text"].notna(), pd.Series(printed, index=frame.index, dtype=object)
    )
    documents = table(staged, "documents")
    own = documents["symbol"].iloc[0] if len(documents) and pd.notna(documents["symbol"].iloc[0]) else None
    frame["cites_itself"] = frame["symbol"].eq(own) if own else False
    return frame


def expectations() -> list:
    e = gxe()
    return [
        holds("in_paragraphs", "paragraph_seq names a staged paragraph of the document"),
        holds("page_in_paragraph", "page lies within the pages of that paragraph"),
        *cell_expectations("reference"),
        holds("symbol_in_cell", "a reference in a table cell: the cell's text prints the symbol"),
        *pages("page"),
        e.ExpectColumnValuesToBeInSet(
            column="cites_itself",
            value_set=[False],
            severity=warning(),
            description="a document's references do not include its own symbol",
        ),
    ]
