"""Audit suite ``paragraphs``: reading-order keys, pages, kinds, and footnote references that
resolve to a footnote of the same document."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, applicable, gxe, holds, pages, table, warning

TABLE = "paragraphs"
KEY = ("seq", "number", "page")


def _unresolved_refs(frame: pd.DataFrame) -> pd.Series:
    """Per paragraph: the footnote markers it cites that no footnote of the document carries."""
    markers = set(frame.loc[frame["kind"] == "footnote", "label"].dropna().astype(str))
    refs = frame["footnote_refs"].map(lambda r: [str(m) for m in r] if r is not None and len(r) else [])
    missing = refs.map(lambda r: ",".join(m for m in r if m not in markers))
    return applicable(refs.map(len) > 0, missing == "")


def audit_frame(staged: Staged) -> pd.DataFrame:
    frame = table(staged, TABLE)
    frame["footnote_refs_resolve"] = _unresolved_refs(frame) if not frame.empty else pd.Series(dtype=object)
    return frame


def expectations() -> list:
    e = gxe()
    return [
        e.ExpectColumnValuesToBeUnique(column="seq"),
        *pages("page", "page_last"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="page_last", column_B="page", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        e.ExpectColumnValueLengthsToBeBetween(column="text", min_value=1, severity=warning()),
        e.ExpectColumnValuesToNotMatchRegex(
            column="text",
            regex=r"^\s*[\d/\s]+\s*$",
            severity=warning(),
            description="no paragraph is a bare page number or page/job-number footer",
        ),
        holds(
            "footnote_refs_resolve",
            "every footnote marker a paragraph cites is the label of a footnote of the document",
            severity=warning(),
        ),
    ]
