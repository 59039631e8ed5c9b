"""Validate a document's frames against the contracts, with a response as small as the fault.

- a plausibility check failing on a row rejects that row (or demotes it to its safe reading) and
  records one warning per row and check; the row as read goes to ``rejected_rows``;
- a plausibility check failing on more than ``max_rejected_share`` of a table's (or, for frames
  not of one table, the document's) rows escalates to a structural failure;
- a structural check failing on rows of one table (its cells, budget lines, posts ...) withholds
  that table, with its reason; the rest of the document loads;
- any other structural failure is an error: the document is quarantined.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pandera.pandas as pa

from transform.contract_base import (
    PLAUSIBILITY,
    STRUCTURAL_KIND,
    CheckKind,
    column_check_kind,
    dataframe_check_kind,
)
from transform.schemas import contract_for

# frames whose rows belong to one table (by table_key): a structural failure there withholds it
TABLE_FRAMES = ("tables", "table_cells", "budget_lines", "posts", "performance_measures", "deliverables")
# the columns that carry a row's own text, most telling first (an excerpt quotes the first one set)
TEXT_COLUMNS = (
    "text", "statement", "title", "item", "row_label", "amount_text", "mandate_key", "symbol", "subcategory",
    "status_reason", "detail",
)  # fmt: skip
EXCERPT = 60  # characters of a row's text quoted in an issue
REJECTED_COLUMNS = ["document_id", "table_name", "row", "check", "check_kind", "action", "page", "table_key", "reason"]


@dataclass(frozen=True, slots=True)
class Failure:
    """One failing row (``index`` None: the frame as a whole) of one check."""

    table: str
    check: str  # Model.check or Model.column.check
    kind: CheckKind
    index: object | None
    value: object = None  # the failing value of a column check (never quoted for row checks)
    column: str | None = None


@dataclass(slots=True)
class Checked:
    frames: dict[str, pd.DataFrame]
    issues: list[dict[str, object]] = field(default_factory=list)
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))

    @property
    def ok(self) -> bool:
        return not any(i["severity"] == "error" for i in self.issues)


def _failures(table: str, model: type[pa.DataFrameModel], exc: pa.errors.SchemaErrors) -> list[Failure]:
    frame_checks = {c.name for c in model.to_schema().checks}
    seen: dict[tuple[str, object], Failure] = {}
    for case in exc.failure_cases.itertuples(index=False):
        index = (
            case.index
            if case.index is not None and not (isinstance(case.index, float) and pd.isna(case.index))
            else None
        )
        check = str(case.check)
        if case.schema_context == "DataFrameSchema" and check in frame_checks:
            try:
                kind = dataframe_check_kind(model, check)
            except LookupError:  # undeclared (tests/test_contracts.py forbids it): the strict reading
                kind = STRUCTURAL_KIND
            name, value, column = f"{model.__name__}.{check}", None, None
        elif case.schema_context == "Column":
            base = check.split("(", 1)[0]
            name, kind = f"{model.__name__}.{case.column}.{base}", column_check_kind(model, case.column, base)
            value, column = case.failure_case, case.column
        else:  # missing or unknown columns, a wrong type of the whole frame
            name, kind, value, column = f"{model.__name__}.{check}", STRUCTURAL_KIND, case.failure_case, case.column
        if index is None:  # a check that fails the frame as a whole cannot be answered row by row
            kind = STRUCTURAL_KIND
        seen.setdefault((name, index), Failure(table, name, kind, index, value, column))
    return list(seen.values())


def _excerpt(row: pd.Series | None) -> str:
    if row is None:
        return ""
    for column in TEXT_COLUMNS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    return ""


def _int(value: Any) -> int | None:
    try:
        return None if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def _page(row: pd.Series | None) -> int | None:
    if row is None:
        return None
    return _int(row.get("page", row.get("page_first")))


def _table_key(row: pd.Series | None) -> str | None:
    value = None if row is None else row.get("table_key")
    return value if isinstance(value, str) else None


def _where(row: pd.Series | None) -> str:
    if row is None:
        return ""
    if "seq" in row.index and _int(row.get("seq")) is not None:
        return f" seq {_int(row['seq'])}"
    if _int(row.get("row")) is not None and _int(row.get("col")) is not None:
        return f" row {_int(row['row'])} col {_int(row['col'])}"
    return ""


def _row(frames: dict[str, pd.DataFrame], failure: Failure) -> pd.Series | None:
    frame = frames[failure.table]
    return frame.loc[failure.index] if failure.index is not None and failure.index in frame.index else None


def _as_json(frame: pd.DataFrame, index: object) -> str:
    """The row as read, as a JSON object (without document_id: rejected_rows has its own column)."""
    record = json.loads(frame.loc[[index]].to_json(orient="records", force_ascii=False, date_format="iso"))[0]
    record.pop("document_id", None)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _demotion(kind: CheckKind) -> str:
    if set(kind.demote) == {"kind"}:
        return f"loaded as a {kind.demote['kind']}"
    return "loaded without " + ", ".join(kind.demote)


def _issue(where: str, frames, failure: Failure, severity: str, response: str, note: str = "") -> dict[str, object]:
    row = _row(frames, failure)
    excerpt = _excerpt(row)
    page, key = _page(row), _table_key(row)
    value = ""
    if failure.column and failure.value is not None and failure.column != "document_id":
        shown = str(failure.value)
        value = f" ({failure.column} = {shown if len(shown) <= EXCERPT else shown[: EXCERPT - 1] + '…'!r})"
    place = ", ".join(p for p in (f"page {page}" if page else "", f"table {key}" if key else "") if p)
    detail = (
        f"{where}: {failure.table}{_where(row)}{' (' + place + ')' if place else ''}"
        f"{': ' + repr(excerpt) if excerpt else ''}: {failure.kind.kind} check {failure.check} failed{value}"
        f"{note} — {response}"
    )
    return {
        "stage": "validate", "check": failure.check, "severity": severity, "table_key": key, "page": page,
        "detail": detail, "excerpt": excerpt,
    }  # fmt: skip


def _group(frames: dict[str, pd.DataFrame], failure: Failure) -> tuple[str, str, str | None]:
    """What a check's share of failing rows is measured over: the rows of the failing row's
    table for frames of one table, else the whole frame (the document's rows of that kind)."""
    key = _table_key(_row(frames, failure)) if failure.table in TABLE_FRAMES else None
    return failure.table, failure.check, key


def _escalations(
    frames: dict[str, pd.DataFrame], plausible: list[Failure], max_share: float
) -> tuple[list[Failure], dict[tuple[str, str, str | None], tuple[int, int]]]:
    """Split plausibility failures into those handled row by row and those that escalate: more
    than ``max_share`` of the rows of their table (or of the frame) fail the same check. One row
    alone never escalates (its fault is the row's). Returns (row-level failures, escalated
    groups (frame, check, table_key) -> (failing rows, rows))."""
    groups: dict[tuple[str, str, str | None], list[Failure]] = defaultdict(list)
    for failure in plausible:
        groups[_group(frames, failure)].append(failure)
    row_level, escalated = [], {}
    for (table, check, key), failures in groups.items():
        frame = frames[table]
        total = int((frame["table_key"] == key).sum()) if key is not None else len(frame)
        if len(failures) > 1 and len(failures) > max_share * total:
            escalated[(table, check, key)] = (len(failures), total)
        else:
            row_level.extend(failures)
    return row_level, escalated


def _validate(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[Failure]]:
    """Every frame validated by its contract (coerced; frames without a contract or rows as they
    are) and the failures of those that do not hold, which are left out of the first result."""
    validated: dict[str, pd.DataFrame] = {}
    failures: list[Failure] = []
    for table, frame in frames.items():
        model = contract_for(table)
        if model is None or frame.empty:
            validated[table] = frame
            continue
        try:
            validated[table] = model.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            failures.extend(_failures(table, model, exc))
    return validated, failures


def check_frames(
    frames: dict[str, pd.DataFrame], *, document_id: str, where: str, max_rejected_share: float
) -> Checked:
    """Validate every frame; reject, demote or withhold what fails (see the module doc).

    ``where`` names the document in the issues (its file). Returns the frames to stage (coerced
    by their contracts), the issues (errors when the document must be quarantined) and the rows
    for ``rejected_rows``."""
    # failures point at rows by index label: make every label name one row
    frames = {t: f if f.index.is_unique else f.reset_index(drop=True) for t, f in frames.items()}
    validated, failures = _validate(frames)
    if not failures:
        return Checked(validated)

    tables = frames.get("tables", pd.DataFrame(columns=["table_key"]))
    key_count = tables["table_key"].value_counts() if "table_key" in tables else pd.Series(dtype=int)

    def table_of(failure: Failure) -> str | None:
        """The table a failure can be withheld with: its row's key, naming exactly one table."""
        key = _table_key(_row(frames, failure)) if failure.table in TABLE_FRAMES else None
        return key if key is not None and key_count.get(key, 0) == 1 else None

    issues: list[dict[str, object]] = []
    rejected: list[dict[str, object]] = []
    row_level, escalated = _escalations(
        frames, [f for f in failures if f.kind.kind == PLAUSIBILITY], max_rejected_share
    )
    withheld: dict[str, list[str]] = defaultdict(list)  # table_key -> reasons

    def record(failure: Failure, action: str, reason: str) -> None:
        if failure.index is None or failure.index not in frames[failure.table].index:
            return
        row = _row(frames, failure)
        rejected.append(
            {
                "document_id": document_id,
                "table_name": failure.table,
                "row": _as_json(frames[failure.table], failure.index),
                "check": failure.check,
                "check_kind": failure.kind.kind,
                "action": action,
                "page": _page(row),
                "table_key": _table_key(row),
                "reason": reason,
            }
        )

    for failure in failures:
        escalation = None
        if failure.kind.kind == PLAUSIBILITY:
            group = _group(frames, failure)
            if group not in escalated:
                continue
            bad, total = escalated[group]
            escalation = (
                f"; {bad} of {total} rows{' of table ' + group[2] if group[2] else ''} fail it, more than the "
                f"{max_rejected_share:.0%} a row-level check may reject"
            )
        key = table_of(failure)
        if key is not None:
            withheld[key].append(failure.check)
            reason = f"table {key} withheld: {failure.kind.kind} check {failure.check} failed"
            issues.append(_issue(where, frames, failure, "warning", f"table {key} withheld", escalation or ""))
            record(failure, "withheld", reason)
        else:
            issues.append(_issue(where, frames, failure, "error", "the document is quarantined", escalation or ""))
    if any(i["severity"] == "error" for i in issues):
        return Checked(frames, issues)

    for key, checks in withheld.items():
        names = ", ".join(dict.fromkeys(checks))
        page = _int(tables.loc[tables["table_key"] == key, "page_first"].iloc[0]) if "page_first" in tables else None
        issues.append(
            {
                "stage": "validate",
                "check": "table_withheld",
                "severity": "warning",
                "table_key": key,
                "page": page,
                "detail": f"{where}: table {key}{f' (page {page})' if page else ''} was not loaded: "
                f"structural check(s) of the table failed: {names}",
            }
        )
    out = {table: frame.copy() for table, frame in frames.items()}
    for table, frame in out.items():
        if withheld and "table_key" in frame.columns:
            out[table] = frame[~frame["table_key"].isin(list(withheld))]
    drop: dict[str, set[object]] = defaultdict(set)
    for failure in row_level:
        if failure.index is None or failure.index not in out[failure.table].index:
            continue  # the row went with its withheld table
        failed = f"{failure.kind.kind} check {failure.check} failed"
        if failure.kind.demote:
            for column, value in failure.kind.demote.items():
                out[failure.table][column] = out[failure.table][column].astype(object)
                out[failure.table].loc[failure.index, column] = value
            record(failure, "demoted", f"{_demotion(failure.kind)}: {failed}")
            response = _demotion(failure.kind) + " (the row as read is kept in rejected_rows)"
        else:
            drop[failure.table].add(failure.index)
            record(failure, "rejected", f"not loaded: {failed}")
            response = "row not loaded (kept in rejected_rows)"
        issues.append(_issue(where, frames, failure, "warning", response))
    for table, indexes in drop.items():
        out[table] = out[table].drop(index=list(indexes))

    final, remaining = _validate(out)
    for failure in remaining:  # what remains after rejecting rows must hold whole
        issues.append(_issue(where, out, failure, "error", "the document is quarantined",
                             " after the rows failing row-level checks were set aside"))  # fmt: skip
    frame = pd.DataFrame(rejected, columns=REJECTED_COLUMNS).astype({"page": "Int64"})
    return Checked(final, issues, frame)


def quarantine_summary(issues: list[dict[str, object]]) -> str:
    """``N structural checks failed: Check (k rows; first: page p, table t: 'excerpt'); …`` for the
    contract's errors (the documents.status_reason of a quarantined document)."""
    by_check: dict[str, list[dict[str, object]]] = defaultdict(list)
    for issue in issues:
        if issue["severity"] == "error" and issue.get("stage") == "validate":
            by_check[str(issue["check"])].append(issue)
    parts = []
    for check, group in list(by_check.items())[:3]:
        first = group[0]
        where = ", ".join(
            p for p in (f"page {first['page']}" if first.get("page") else "",
                        f"table {first['table_key']}" if first.get("table_key") else "") if p
        )  # fmt: skip
        excerpt = f": {first['excerpt']!r}" if first.get("excerpt") else ""
        rows = f"{len(group)} rows; first " if len(group) > 1 else ""
        parts.append(f"{check} ({rows}{where or 'the whole frame'}{excerpt})")
    more = f" (+{len(by_check) - 3} more)" if len(by_check) > 3 else ""
    n = len(by_check)
    return f"{n} structural check{'s' if n != 1 else ''} failed: " + "; ".join(parts) + more
