"""Audit suite ``mandates``: each citation points at a paragraph of the document, on that
paragraph's pages, or at a table cell whose text prints its number; kinds and sources from the
contract's vocabularies."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    pages,
    paragraph_or_cell_expectations,
    table,
    traced_to_paragraph_or_cell,
)

TABLE = "mandates"
KEY = ("mandate_key", "source", "paragraph_seq", "table_key", "row", "col", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged mandates with their paragraph (``in_paragraphs``, ``page_in_paragraph``) or cell
    (``in_cells``, ``cell_page``, ``number_in_cell``) looked up."""
    return traced_to_paragraph_or_cell(table(staged, TABLE), staged, "number", "number_in_cell")


def expectations() -> list:
    return [
        *paragraph_or_cell_expectations(
            "citation", "number_in_cell", "a citation in a table cell: the cell's text prints its number"
        ),
        *pages("page"),
    ]
