"""Post tables (by grade, by component, post sections of component tables) and grade lists
("1 个 USG，1 个 ASG，…") -> posts."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from extract.models import Table
from extract.normalise import normalise_text
from transform.table_view import TableView, views_of
from transform.vocabulary import GRADE_IN_TEXT, grade_of, interpret_column, post_category_of

_WHOLE = re.compile(r"^\s*\d{1,3}(?: \d{3})*\s*$")  # '113', '1 205'

POST_COLUMNS = [
    "document_id", "symbol", "table_key", "fund", "org_unit", "category", "grade", "period", "status",
    "count", "page", "row", "col",
]  # fmt: skip


def _category(view: TableView, r: int, label: str) -> str | None:
    own = post_category_of(label)
    if own:
        return own
    row = view.table.rows[r]
    if row.kind == "total" and row.indent == 0:
        return None
    return post_category_of(view.section_context[r])


def _table_posts(view: TableView, base: dict[str, object]) -> list[dict[str, object]]:
    out = []
    table = view.table
    for r, row in enumerate(table.rows):
        if row.kind == "section" or not view.row_is_posts(r):
            continue
        label = view.paths[r][0]
        grade = grade_of(label)
        for c, _text, value in view.amount_cells(r):
            meaning = view.meanings[c]
            if meaning.post_status is None or meaning.is_change or meaning.is_percent:
                continue
            if value is not None and value != int(value):
                continue
            out.append(
                {
                    **base,
                    "fund": view.fund_for(r, c),
                    "org_unit": view.org_unit(r),
                    "category": _category(view, r, label),
                    "grade": grade,
                    "period": meaning.period,
                    "status": meaning.post_status,
                    "count": 0 if value is None else int(value),
                    "page": row.page,
                    "row": r,
                    "col": c,
                }
            )
    return out


def _list_posts(view: TableView, base: dict[str, object]) -> list[dict[str, object]]:
    """Rows whose label names a period and status ('2020 年核定数') and whose cell lists grades; a
    bare whole number printed beside the list ('数目') is the row's total (grade NULL)."""
    out = []
    for r, row in enumerate(view.table.rows):
        meaning = interpret_column(view.paths[r][0])
        if meaning.post_status is None:
            continue
        listed = {c: GRADE_IN_TEXT.findall(normalise_text(text)) for c, text in enumerate(row.cells)}
        if not any(len(matches) >= 2 for matches in listed.values()):
            continue
        row_base = {
            **base,
            "fund": view.fund_for(r),
            "org_unit": view.scope,
            "category": None,
            "period": meaning.period,
            "status": meaning.post_status,
            "page": row.page,
            "row": r,
        }
        for c, text in enumerate(row.cells):
            if len(listed[c]) >= 2:
                for count, printed_grade in listed[c]:
                    out.append({**row_base, "grade": grade_of(printed_grade), "count": int(count), "col": c})
            elif c > 0 and _WHOLE.match(normalise_text(text)):
                out.append({**row_base, "grade": None, "count": int(normalise_text(text).replace(" ", "")), "col": c})
    return out


def posts_frame(document_id: str, symbol: str | None, tables: Sequence[Table | TableView]) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for view in views_of(tables):
        table = view.table
        base: dict[str, object] = {"document_id": document_id, "symbol": symbol, "table_key": table.table_key}
        records.extend(_table_posts(view, base))
        records.extend(_list_posts(view, base))
    frame = pd.DataFrame(records, columns=POST_COLUMNS)
    return frame.astype({"row": "Int64", "col": "Int64", "count": "int64"})


def cross_check_grade_lists(posts: pd.DataFrame, where: str) -> list[dict[str, object]]:
    """Grade lists printed in text cells must agree with the grade rows of the whole-entity tables."""
    if posts.empty:
        return []
    graded = posts[posts["grade"].notna() & posts["org_unit"].isna()]
    listed = graded[graded["category"].isna()]
    tabled = graded[graded["category"].notna()]
    if listed.empty or tabled.empty:
        return []
    keys = ["period", "status", "grade"]
    a = listed.groupby(["table_key", *keys])["count"].sum().reset_index()
    b = tabled.groupby(["table_key", *keys])["count"].sum().reset_index()
    issues = []
    for list_key, group in a.groupby("table_key"):
        for table_key, other in b.groupby("table_key"):
            merged = group.merge(other, on=keys, how="inner", suffixes=("_list", "_table"))
            if merged.empty:
                continue
            for row in merged[merged["count_list"] != merged["count_table"]].itertuples():
                issues.append(
                    {
                        "stage": "transform",
                        "check": "posts.grade_list_agrees",
                        "severity": "warning",
                        "table_key": list_key,
                        "page": None,
                        "detail": f"{where}: table {list_key} lists {row.count_list} {row.grade} "
                        f"({row.status} {row.period}) but table {table_key} gives {row.count_table}",
                    }
                )
    return issues
