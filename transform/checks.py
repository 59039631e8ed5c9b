"""Arithmetic self-checks of tables: subtotals and totals equal the sum of their rows; 变动 共计
equals its parts; estimate = appropriation + changes; after recosting = before + recosting.

A difference within one unit of the last printed digit is the source's own rounding: reported as
a warning and loaded as printed. A larger difference means the table was not read right (or the
source is broken): the table is withheld with an issue naming row, column and page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from extract.models import Table
from transform.amounts import decimals_printed
from transform.table_view import TableView


@dataclass(frozen=True, slots=True)
class CheckFailure:
    table_key: str
    page: int
    row: int
    col: int
    check: str
    expected: float
    printed: float
    printed_text: str
    row_label: str
    column_label: str
    unit: float  # one unit of the last printed digit

    @property
    def within_rounding(self) -> bool:
        return abs(self.expected - self.printed) <= self.unit * 1.0001

    def detail(self, where: str) -> str:
        verdict = (
            "the source does not add up (off by one unit of its last digit); loaded as printed"
            if self.within_rounding
            else "difference larger than rounding; table withheld"
        )
        return (
            f"{where}: table {self.table_key}, page {self.page}, row {self.row} '{self.row_label}', "
            f"column '{self.column_label}': {self.check}: printed {self.printed_text} but the parts give "
            f"{self.expected:,.{max(0, -round(math.log10(self.unit)))}f} — {verdict}"
        )


def _number(view: TableView, r: int, c: int) -> tuple[float, int, str] | None:
    """(value with nil as 0, decimals, text) of a numeric or nil cell; None for blanks/text."""
    for col, text, value in view.amount_cells(r):
        if col == c:
            return (0.0 if value is None else value, decimals_printed(text), text)
    return None


def _children(view: TableView, r: int) -> list[int]:
    """Rows whose sum a subtotal/total row r states (leaf data rows of its group)."""
    rows = view.table.rows
    row = rows[r]
    following = []
    for j in range(r + 1, len(rows)):  # a heading subtotal (deliverables): the deeper rows after it
        if rows[j].indent <= row.indent:
            break
        following.append(j)
    if following and row.kind == "subtotal":
        candidates = following
    else:
        start = 0
        for j in range(r - 1, -1, -1):
            other = rows[j]
            if other.kind == "section" and other.indent < row.indent:
                start = j + 1
                break
            if other.kind in ("subtotal", "total") and other.indent <= row.indent:
                start = j + 1
                break
            if other.indent < row.indent and other.kind != "section":
                start = j + 1
                break
        candidates = list(range(start, r))
    leaves = []
    for j in candidates:
        if rows[j].kind != "data":
            continue
        nxt = rows[j + 1] if j + 1 < len(rows) else None
        if nxt is not None and nxt.kind == "data" and nxt.indent > rows[j].indent:
            continue  # a parent row: its children are counted instead
        leaves.append(j)
    return leaves


def _unit(decimals: list[int]) -> float:
    return 10.0 ** -max(decimals or [0])


def check_sums(view: TableView) -> list[CheckFailure]:
    table = view.table
    failures = []
    for r, row in enumerate(table.rows):
        if row.kind not in ("subtotal", "total"):
            continue
        kids = _children(view, r)
        if not kids:
            continue
        for c in range(table.n_cols):
            if view.meanings[c].is_percent or (view.label_col and c == 0):
                continue
            stated = _number(view, r, c)
            parts = [p for k in kids if (p := _number(view, k, c)) is not None]
            if stated is None or not parts:
                continue
            total = sum(p[0] for p in parts)
            unit = _unit([stated[1], *(p[1] for p in parts)])
            if abs(total - stated[0]) > unit / 2:
                failures.append(
                    CheckFailure(
                        table.table_key,
                        row.page,
                        r,
                        c,
                        "sum_of_rows",
                        total,
                        stated[0],
                        stated[2],
                        view.paths[r][0],
                        table.column_labels[c],
                        unit,
                    )
                )
    return failures


def _relation(view: TableView, r: int, target: int, parts: list[int], name: str) -> CheckFailure | None:
    stated = _number(view, r, target)
    values = [v for c in parts if (v := _number(view, r, c)) is not None]
    if stated is None or len(values) != len(parts):
        return None
    total = sum(v[0] for v in values)
    unit = _unit([stated[1], *(v[1] for v in values)])
    if abs(total - stated[0]) <= unit / 2:
        return None
    table = view.table
    return CheckFailure(
        table.table_key,
        table.rows[r].page,
        r,
        target,
        name,
        total,
        stated[0],
        stated[2],
        view.paths[r][0],
        table.column_labels[target],
        unit,
    )


def check_columns(view: TableView) -> list[CheckFailure]:
    """Per row: 变动 共计 = its parts; estimate = base + changes; after = before + recosting."""
    by_measure: dict[str, int] = {}
    for c, meaning in enumerate(view.meanings):
        if meaning.measure and meaning.measure not in by_measure:
            by_measure[meaning.measure] = c
    changes = [by_measure[m] for m in ("technical_adjustments", "new_mandates", "other_changes") if m in by_measure]
    base = by_measure.get("appropriation", by_measure.get("approved"))
    total_changes = by_measure.get("total_changes")
    before = by_measure.get("estimate_before_recosting")
    if before is None and base is not None:
        later = [c for c, m in enumerate(view.meanings) if m.measure == "estimate" and c > base]
        before = later[0] if later else None
    failures = []
    for r, row in enumerate(view.table.rows):
        if row.kind == "section":
            continue
        checks = []
        if total_changes is not None and len(changes) >= 2:
            checks.append((total_changes, changes, "changes_total"))
        if base is not None and total_changes is not None and before is not None:
            checks.append((before, [base, total_changes], "estimate_equals_base_plus_changes"))
        if before is not None and "recosting" in by_measure and "estimate_after_recosting" in by_measure:
            checks.append((by_measure["estimate_after_recosting"], [before, by_measure["recosting"]], "recosting"))
        for target, parts, name in checks:
            failure = _relation(view, r, target, parts, name)
            if failure:
                failures.append(failure)
    return failures


def check_table(table: Table | TableView) -> list[CheckFailure]:
    view = table if isinstance(table, TableView) else TableView(table)
    return check_sums(view) + check_columns(view)
