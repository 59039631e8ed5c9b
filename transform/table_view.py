"""A table read the way an analyst reads it: row labels and paths, the meaning of each column,
and which rows are money and which are post counts. Shared by table_cells, budget_lines, posts and
checks (transform/frames.py builds each table's view once per document)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from extract.models import Table, TableRow
from extract.normalise import normalise_text
from transform.amounts import is_nil, parse_amount, unit_factor
from transform.funds import appropriation_fund
from transform.vocabulary import (
    ColumnMeaning,
    biennium_label,
    fund_of,
    interpret_column,
    is_money_context,
    is_posts_context,
)

_UNIT_LABEL = re.compile(r"^(?:[A-Z]\.|\d+\.|[（(]\d+[)）])\s*\S")  # "A. 决策机关", "1. 气候变化", "(1) ..."
_SUBTOTAL_OF = re.compile(r"^(?:小计|合计|共计)\s*[，,]\s*(.+)$")


def has_label_column(table: Table) -> bool:
    """True when column 0 holds row labels (mostly non-numeric text) rather than data."""
    firsts = [row.cells[0] for row in table.rows if row.cells and row.cells[0].strip()]
    if not firsts:
        return False
    textual = sum(1 for text in firsts if parse_amount(text) is None)
    return textual >= 0.5 * len(firsts) and len(firsts) >= 0.5 * len(table.rows)


def row_paths(rows: list[TableRow], label_col: bool) -> list[tuple[str, str]]:
    """(row_label, row_path) per row: a row's parents are the nearest rows above it with a
    smaller indent (section rows, or component rows whose children are indented)."""
    stack: list[tuple[int, str]] = []
    out: list[tuple[str, str]] = []
    for row in rows:
        label = row.cells[0].strip() if (label_col and row.cells) else ""
        while stack and stack[-1][0] >= row.indent:
            stack.pop()
        path = " > ".join([text for _, text in stack if text] + ([label] if label else []))
        out.append((label, path))
        stack.append((row.indent, label))
    return out


@dataclass
class TableView:
    table: Table
    context_fund: str | None = None  # the fund the text around the table names (transform.funds)

    @cached_property
    def label_col(self) -> bool:
        return has_label_column(self.table)

    @cached_property
    def paths(self) -> list[tuple[str, str]]:
        return row_paths(self.table.rows, self.label_col)

    @cached_property
    def meanings(self) -> list[ColumnMeaning]:
        raw = [interpret_column(label) for label in self.table.column_labels]
        out = []
        for i, meaning in enumerate(raw):
            period = meaning.period
            if period is None:  # 变动 / 重计费用 columns belong to the next year column on the right
                right = [m.period for m in raw[i + 1 :] if m.period]
                left = [m.period for m in raw[:i] if m.period]
                period = right[0] if right else (left[-1] if left else None)
            out.append(
                ColumnMeaning(meaning.measure, period, meaning.post_status, meaning.is_percent, meaning.is_change)
            )
        return out

    @property
    def factor(self) -> float | None:
        return unit_factor(self.table.unit)

    @cached_property
    def fund(self) -> str | None:
        """The fund the table itself names: its part caption, else its title or unit line."""
        return fund_of(self.table.part) or fund_of(self.table.title, self.table.unit)

    def spans_parts(self, r: int) -> bool:
        """A grand total printed after a part subtotal ('小计，(2)') spans every part's fund."""
        row = self.table.rows[r]
        if self.table.part and row.kind == "total":
            for j in range(r - 1, -1, -1):
                if self.table.rows[j].kind == "subtotal":
                    match = _SUBTOTAL_OF.match(self.paths[j][0])
                    return bool(match and re.match(r"^[（(]\d+[)）]$", match.group(1).strip()))
        return False

    def fund_for(self, r: int, c: int | None = None) -> str | None:
        """The fund of row r (and column c): the part caption, the title and unit line, the column's
        header path (a fund named, or an appropriation, which is voted on the regular budget), the
        row path, then the text around the table (context_fund); None when nothing names one."""
        if self.spans_parts(r):
            return None
        labels = self.table.column_labels
        return (
            self.fund
            or (fund_of(labels[c]) if c is not None and c < len(labels) else None)
            or appropriation_fund(labels)
            or fund_of(self.paths[r][1])
            or self.context_fund
        )

    @cached_property
    def scope(self) -> str | None:
        """The organisational unit a per-component table is about: the title prefix
        ('次级方案 1：财政资源…'), or the title itself when the row-label column is headed by it
        (a table '决策机关' whose rows are the 决策机关 listed one by one)."""
        title = normalise_text(self.table.title or "")
        first_header = normalise_text(self.table.column_labels[0] if self.table.column_labels else "").strip()
        if self.label_col and title and first_header == title.strip():
            return title.strip()
        for sep in ("：", ":"):
            if sep in title:
                head = title.split(sep, 1)[0].strip()
                if head and len(head) <= 40:
                    return head
        return None

    @cached_property
    def rows_are_units(self) -> bool:
        """True when row labels enumerate components ('A. 决策机关', '1. 气候变化')."""
        labels = [label for (label, _), row in zip(self.paths, self.table.rows, strict=True) if row.kind == "data"]
        return bool(labels) and sum(1 for label in labels if _UNIT_LABEL.match(label)) >= 0.6 * len(labels)

    @cached_property
    def section_context(self) -> list[str]:
        """For each row, the label of its enclosing section (or '' at top level)."""
        out, current = [], ""
        for row, (label, _) in zip(self.table.rows, self.paths, strict=True):
            if row.kind == "section" and row.indent == 0:
                current = label
            out.append(current if row.kind != "section" else label)
        return out

    def row_is_posts(self, r: int) -> bool:
        context = self.section_context[r]
        if is_posts_context(context):
            return True
        if is_money_context(context):
            return False
        return is_posts_context(self.table.title) and self.factor is None

    def org_unit(self, r: int) -> str | None:
        row = self.table.rows[r]
        label, path = self.paths[r]
        if not self.rows_are_units:
            return self.scope
        if row.kind in ("subtotal", "total"):
            target = _SUBTOTAL_OF.match(label)
            if target and not re.match(r"^[（(]\d+[)）]$", target.group(1).strip()):
                key = target.group(1).strip()
                for other_label, other_path in self.paths[:r]:
                    if other_label.startswith(key + ".") or other_label.startswith(key + " "):
                        return other_path
            return self.scope
        return path or None

    def period_for(self, r: int, c: int) -> str | None:
        label = self.paths[r][0]
        return biennium_label(label) or self.meanings[c].period

    def amount_cells(self, r: int) -> list[tuple[int, str, float | None]]:
        """(col, text, value) of the cells of row r that print an amount or a nil dash."""
        out = []
        for c, text in enumerate(self.table.rows[r].cells):
            if self.label_col and c == 0:
                continue
            value = parse_amount(text)
            if value is not None or is_nil(text):
                out.append((c, text, value))
        return out


def views_of(tables: Sequence[Table | TableView]) -> list[TableView]:
    """One view per table, reusing views already built (their cached paths and meanings)."""
    return [t if isinstance(t, TableView) else TableView(t) for t in tables]
