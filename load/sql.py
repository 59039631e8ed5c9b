"""Small DuckDB query helpers shared by the load package."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """The first column of the one row a query returns (aggregates, catalogue look-ups)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise LookupError(f"no row from: {sql}")
    return row[0]
