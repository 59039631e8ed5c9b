"""The base of every pandera contract: strict (no unknown columns), coercing, validated lazily."""

from __future__ import annotations

import pandera.pandas as pa

SHA256 = r"^[0-9a-f]{64}$"


class _Contract(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
