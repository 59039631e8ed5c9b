"""Audit suite ``results``: results printed within the document's pages, kinds from the
contract's vocabulary."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, allowed_values, gxe, pages, table
from transform.schemas import Results

TABLE = "results"
KEY = ("subprogramme", "kind", "number", "page")


def audit_frame(staged: Staged) -> pd.DataFrame:
    return table(staged, TABLE)


def expectations() -> list:
    return [
        *pages("page"),
        gxe().ExpectColumnValuesToBeInSet(column="kind", value_set=allowed_values(Results, "kind")),
    ]
