"""Audit suite ``documents``: the staged document row is one, loadable, and plausibly dated."""

from __future__ import annotations

from datetime import date

import pandas as pd

from expectations.common import MAX_COUNT, Staged, gxe, table, warning
from load.warehouse import FACT_TABLES

TABLE = "documents"
KEY = ("document_id", "symbol")
FIRST_YEAR = 1945  # the Charter; no UN report is older


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged documents row(s), with the issue year and the number of staged fact rows."""
    frame = table(staged, TABLE)
    issued = pd.to_datetime(frame["issued_on"], errors="coerce") if "issued_on" in frame else pd.Series()
    frame["issued_year"] = issued.dt.year.astype("Int64")
    frame["fact_rows"] = sum(len(staged[t]) for t in FACT_TABLES if t in staged)
    return frame


def expectations() -> list:
    e = gxe()
    return [
        e.ExpectTableRowCountToEqual(value=1, description="exactly one documents row is staged per document"),
        e.ExpectColumnValuesToBeInSet(column="status", value_set=["loaded"]),
        e.ExpectColumnValuesToNotBeNull(column="page_count"),
        e.ExpectColumnValuesToBeBetween(column="page_count", min_value=1, max_value=MAX_COUNT),
        e.ExpectColumnValuesToBeBetween(
            column="issued_year",
            min_value=FIRST_YEAR,
            max_value=date.today().year + 1,
            description=f"issued_on falls between {FIRST_YEAR} and next year",
        ),
        e.ExpectColumnValuesToBeBetween(
            column="fact_rows",
            min_value=1,
            severity=warning(),
            description="the document yields at least one fact row (paragraphs, tables, ...)",
        ),
    ]
