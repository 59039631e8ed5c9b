"""Audit suite ``quality_issues``: the issues staged with a document are warnings only (an
error in flight must have quarantined it), with known stages and pages of the document."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, gxe, pages, table, warning

TABLE = "quality_issues"
KEY = ("stage", "check", "table_key", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    return table(staged, TABLE)


def expectations() -> list:
    e = gxe()
    return [
        e.ExpectColumnValuesToBeInSet(
            column="severity",
            value_set=["warning"],
            description="no error-severity issue is published with a document (errors quarantine it)",
        ),
        *pages("page", severity=warning()),
    ]
