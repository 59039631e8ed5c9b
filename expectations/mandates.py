"""Audit suite ``mandates``: each citation points at a paragraph of the document, on that
paragraph's pages; kinds and sources from the contract's vocabularies."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, allowed_values, gxe, holds, pages, table, traced_to_paragraph
from transform.schemas import Mandates

TABLE = "mandates"
KEY = ("mandate_key", "source", "paragraph_seq", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged mandates with their paragraph looked up (``in_paragraphs``, ``page_in_paragraph``)."""
    return traced_to_paragraph(table(staged, TABLE), staged)


def expectations() -> list:
    e = gxe()
    return [
        holds("in_paragraphs", "paragraph_seq names a staged paragraph of the document"),
        holds("page_in_paragraph", "page lies within the pages of that paragraph"),
        *pages("page"),
        e.ExpectColumnValuesToBeInSet(column="kind", value_set=allowed_values(Mandates, "kind")),
        e.ExpectColumnValuesToBeInSet(column="source", value_set=allowed_values(Mandates, "source")),
    ]
