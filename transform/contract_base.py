"""The base of every pandera contract (strict: no unknown columns; coercing; validated lazily)
and the two kinds of contract check, declared once per check:

- **structural**: an invariant of the document or of one table (keys unique, ``seq`` in reading
  order, every cell with its table, vocabularies, page ranges, types). A failure quarantines the
  document (its previous version stays published), or withholds the one table it is about.
- **plausibility**: one row looks wrong (a footnote without a marker, a heading without a level,
  an odd value). The row alone is rejected (kept in ``rejected_rows``) or, where a safe reading
  exists, demoted to it (an unmarked "footnote" loads as a paragraph); a warning says so. When a
  check fails on too large a share of the rows it escalates to a structural error.

Column checks (``pa.Field``: types, vocabularies, patterns, ranges) are structural unless the field
says ``metadata=plausible(...)``; every ``@pa.dataframe_check`` carries ``@structural`` or
``@plausible(...)`` under it (validation refuses a check that declares neither).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandera.pandas as pa

SHA256 = r"^[0-9a-f]{64}$"

STRUCTURAL = "structural"
PLAUSIBILITY = "plausibility"


@dataclass(frozen=True, slots=True)
class CheckKind:
    """What a failing check does: ``kind`` as above; ``demote`` (plausibility only) maps columns to
    the values of the safe reading of a failing row ({} = no safe reading: the row is rejected)."""

    kind: str
    demote: Mapping[str, Any] = field(default_factory=dict)

    @property
    def response(self) -> str:
        if self.kind == STRUCTURAL:
            return "error"
        return "demoted" if self.demote else "rejected"


STRUCTURAL_KIND = CheckKind(STRUCTURAL)
_DATAFRAME_CHECKS: dict[str, CheckKind] = {}  # "Model.check" -> its kind, filled by the decorators


def structural(fn: Callable) -> Callable:
    """Declare a ``@pa.dataframe_check`` (put this decorator under it) structural."""
    _DATAFRAME_CHECKS[fn.__qualname__] = STRUCTURAL_KIND
    return fn


def plausible_check(**demote: Any) -> Callable[[Callable], Callable]:
    """Declare a ``@pa.dataframe_check`` (put this decorator under it) a row-level plausibility
    check; keyword arguments give the safe reading of a failing row (none: the row is rejected)."""

    def declare(fn: Callable) -> Callable:
        _DATAFRAME_CHECKS[fn.__qualname__] = CheckKind(PLAUSIBILITY, dict(demote))
        return fn

    return declare


def plausible(**demote: Any) -> dict[str, Any]:
    """``metadata`` of a ``pa.Field`` whose value checks are row-level plausibility checks."""
    return {"check_kind": CheckKind(PLAUSIBILITY, dict(demote))}


def dataframe_check_kind(model: type[pa.DataFrameModel], check: str) -> CheckKind:
    try:
        return _DATAFRAME_CHECKS[f"{model.__name__}.{check}"]
    except KeyError:
        raise LookupError(
            f"contract check {model.__name__}.{check} declares no kind (structural or plausible)"
        ) from None


def column_check_kind(model: type[pa.DataFrameModel], column: str, check: str) -> CheckKind:
    """The kind of a failing column check: the field's declared kind for its value checks; types,
    nullability, uniqueness and presence are always structural."""
    schema = model.to_schema()
    col = schema.columns.get(column)
    if col is None or check not in {c.name for c in col.checks}:
        return STRUCTURAL_KIND
    return (col.metadata or {}).get("check_kind", STRUCTURAL_KIND)


class _Contract(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
