"""Audit suite ``deliverables``: each count belongs to a staged table, printed on that table's
pages (a deliverables table, softly), planned or actual."""

from __future__ import annotations

import pandas as pd

from expectations.common import (
    Staged,
    pages,
    table,
    within_table,
    within_table_expectations,
)

TABLE = "deliverables"
KEY = ("table_key", "item", "year", "measure", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    return within_table(table(staged, TABLE), staged)


def expectations() -> list:
    return [
        *within_table_expectations("deliverables"),
        *pages("page"),
    ]
