"""Audit suite ``performance_measures``: each measure belongs to a staged table, printed on that
table's pages (a performance table, softly)."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, pages, table, within_table, within_table_expectations

TABLE = "performance_measures"
KEY = ("table_key", "subprogramme", "year", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    return within_table(table(staged, TABLE), staged)


def expectations() -> list:
    return [*within_table_expectations("performance"), *pages("page")]
