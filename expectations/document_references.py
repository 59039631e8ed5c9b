"""Audit suite ``document_references``: each citation points at a paragraph of the document, on
that paragraph's pages, and a document does not cite itself."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, gxe, holds, pages, table, traced_to_paragraph, warning

TABLE = "document_references"
KEY = ("symbol", "paragraph_seq", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    frame = traced_to_paragraph(table(staged, TABLE), staged)
    documents = table(staged, "documents")
    own = documents["symbol"].iloc[0] if len(documents) and pd.notna(documents["symbol"].iloc[0]) else None
    frame["cites_itself"] = frame["symbol"].eq(own) if own else False
    return frame


def expectations() -> list:
    e = gxe()
    return [
        holds("in_paragraphs", "paragraph_seq names a staged paragraph of the document"),
        holds("page_in_paragraph", "page lies within the pages of that paragraph"),
        *pages("page"),
        e.ExpectColumnValuesToBeInSet(
            column="cites_itself",
            value_set=[False],
            severity=warning(),
            description="a document's references do not include its own symbol",
        ),
    ]
