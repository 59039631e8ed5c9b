"""Audit suite ``mandates``: each citation points at a paragraph of the document, on that
paragraph's pages, or at a table cell whose text prints its number; kinds and sources from the
contract's vocabularies."""

from __future__ import annotations

import re

import pandas as pd

from expectations.common import (
    Staged,
    allowed_values,
    applicable,
    cell_expectations,
    gxe,
    holds,
    pages,
    table,
    traced_to_cell,
    traced_to_paragraph,
)
from extract.normalise import normalise_text
from transform.schemas import Mandates

TABLE = "mandates"
KEY = ("mandate_key", "source", "paragraph_seq", "table_key", "row", "col", "page")


def _compact(text: object) -> str:
    return re.sub(r"\s+", "", normalise_text(text)) if isinstance(text, str) else ""


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged mandates with their paragraph (``in_paragraphs``, ``page_in_paragraph``) or cell
    (``in_cells``, ``cell_page``, ``number_in_cell``) looked up."""
    frame = traced_to_cell(traced_to_paragraph(table(staged, TABLE), staged), staged)
    if frame.empty:
        frame["number_in_cell"] = pd.Series(dtype=object)
        return frame
    printed = [
        _compact(number) in _compact(text) for number, text in zip(frame["number"], frame["cell_text"], strict=True)
    ]
    frame["number_in_cell"] = applicable(frame["cell_text"].notna(), pd.Series(printed, index=frame.index))
    return frame


def expectations() -> list:
    e = gxe()
    return [
        holds("in_paragraphs", "paragraph_seq names a staged paragraph of the document"),
        holds("page_in_paragraph", "page lies within the pages of that paragraph"),
        *cell_expectations("citation"),
        holds("number_in_cell", "a citation in a table cell: the cell's text prints its number"),
        *pages("page"),
        e.ExpectColumnValuesToBeInSet(column="kind", value_set=allowed_values(Mandates, "kind")),
        e.ExpectColumnValuesToBeInSet(column="source", value_set=allowed_values(Mandates, "source")),
    ]
