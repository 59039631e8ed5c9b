"""Shared pieces of the audit suites: derived columns across staged frames, vocabularies, and
builders for the expectations every suite uses (Great Expectations is imported lazily)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from extract.normalise import normalise_text
from transform.amounts import decimals_printed

Staged = Mapping[str, pd.DataFrame]

MAX_COUNT = 99_999  # plausible counts (rows, columns, posts, deliverables, pages) stay below 100 000
PAGE_COUNT = {"$PARAMETER": "page_count"}  # set per run from documents.page_count
CHANGE_MEASURES = ("technical_adjustments", "new_mandates", "other_changes", "total_changes", "recosting")


@cache
def gxe() -> ModuleType:
    """``great_expectations.expectations``, imported on first use (the import costs seconds)."""
    import great_expectations.expectations as module

    return module


def warning() -> Any:
    """The severity of a soft check: reported, never quarantines."""
    from great_expectations.expectations.metadata_types import FailureSeverity

    return FailureSeverity.WARNING


def allowed_values(model: Any, column: str) -> list[str]:
    """The vocabulary of ``column`` as its pandera contract declares it (one list, in transform/)."""
    for check in model.to_schema().columns[column].checks:
        if check.name == "isin":
            return sorted(check.statistics["allowed_values"])
    raise LookupError(f"{model.__name__}.{column} declares no isin vocabulary")


def table(staged: Staged, name: str) -> pd.DataFrame:
    """The staged rows of one table, with a fresh 0..n-1 index (issues point at it)."""
    frame = staged.get(name)
    if frame is None:
        return pd.DataFrame()
    return frame.reset_index(drop=True)


def document_page_count(staged: Staged) -> int | None:
    documents = staged.get("documents")
    if documents is None or documents.empty or pd.isna(documents["page_count"].iloc[0]):
        return None
    return int(documents["page_count"].iloc[0])


def document_symbol(staged: Staged) -> Any:
    """The staged document's symbol as staged (None when no document row is staged)."""
    documents = table(staged, "documents")
    return documents["symbol"].iloc[0] if len(documents) else None


def lookup(
    frame: pd.DataFrame,
    parent: pd.DataFrame,
    on: Sequence[str],
    columns: Mapping[str, str],
    *,
    found: str | None = None,
) -> pd.DataFrame:
    """``frame`` with ``columns`` of its parent row (matched on ``on``) added under new names, and
    ``found`` = True where a parent row exists, NULL where none does (a merge indicator).
    Rows whose key is NULL are not looked up (their derived columns stay NULL; ``found`` too)."""
    out = frame.copy()
    if parent.empty or frame.empty:
        for new in columns.values():
            out[new] = pd.Series(np.nan, index=out.index, dtype=object)
        if found:
            out[found] = pd.Series(None, index=out.index, dtype=object)
        return out
    right = parent.drop_duplicates(list(on))[[*on, *columns]].rename(columns=dict(columns))
    keys = [out[c].astype(object).where(out[c].notna(), None) for c in on]
    left = pd.DataFrame({c: k for c, k in zip(on, keys, strict=True)})
    right_keys = right.copy()
    for c in on:
        right_keys[c] = right_keys[c].astype(object)
        if pd.api.types.is_numeric_dtype(parent[c]) or pd.api.types.is_numeric_dtype(frame[c]):
            left[c] = pd.to_numeric(left[c], errors="coerce").astype("Int64")
            right_keys[c] = pd.to_numeric(right_keys[c], errors="coerce").astype("Int64")
    right_keys["_found"] = True
    merged = left.merge(right_keys, on=list(on), how="left", validate="many_to_one")
    merged.index = out.index
    has_key = left.notna().all(axis=1)
    for new in columns.values():
        out[new] = merged[new].where(has_key)
    if found:
        out[found] = merged["_found"].where(has_key & merged["_found"].notna(), None).astype(object)
    return out


def applicable(mask: pd.Series, ok: pd.Series) -> pd.Series:
    """True/False where ``mask`` holds, NULL elsewhere (GX ignores NULLs in value-set checks)."""
    return ok.astype(object).where(mask, None)


def totals_agree(
    frame: pd.DataFrame, *, amount: str, groups: Sequence[str], is_total: pd.Series, tolerance: pd.Series
) -> pd.Series:
    """For total rows: do the totals that *different tables* print for the same ``groups`` values
    agree (within one unit of the coarsest printed digit)? Every total of a disagreeing group is
    False, so the report names all the tables involved. NULL where the check does not apply:
    not a total row, or no other table prints a total for that group."""
    result = pd.Series(None, index=frame.index, dtype=object)
    rows = frame[is_total & frame[amount].notna()]
    if rows.empty:
        return result
    keyed = rows.assign(_tol=tolerance[rows.index]).fillna({g: "∅" for g in groups})
    for _, group in keyed.groupby(list(groups), sort=False):
        if group["table_key"].nunique() >= 2:
            spread = group[amount].max() - group[amount].min()
            result[group.index] = bool(spread <= group["_tol"].max())
    return result


def printed_step(texts: pd.Series, factor: pd.Series) -> pd.Series:
    """One unit of the last printed digit, in the stored unit (21 466.8 thousand -> 100 USD)."""
    decimals = texts.map(lambda t: decimals_printed(t) if isinstance(t, str) else 0)
    return (10.0 ** -decimals.astype(float)) * factor.fillna(1.0).astype(float)


# --- expectation builders ----------------------------------------------------------------------


def pages(*columns: str, severity: Any = None) -> list[Any]:
    """Each page column lies within 1..documents.page_count."""
    extra = {"severity": severity} if severity else {}
    return [gxe().ExpectColumnValuesToBeBetween(column=c, min_value=1, max_value=PAGE_COUNT, **extra) for c in columns]


def vocabulary(column: str, values: Iterable[str], severity: Any = None) -> Any:
    extra = {"severity": severity} if severity else {}
    return gxe().ExpectColumnValuesToBeInSet(column=column, value_set=list(values), **extra)


def count_range(column: str, *, minimum: int = 0) -> Any:
    return gxe().ExpectColumnValuesToBeBetween(column=column, min_value=minimum, max_value=MAX_COUNT)


def present(column: str, description: str) -> Any:
    """A merge indicator is never NULL: every row found its parent row."""
    return gxe().ExpectColumnValuesToNotBeNull(column=column, description=description)


def holds(column: str, description: str, severity: Any = None) -> Any:
    """A derived True/False/NULL column is True wherever it applies."""
    extra = {"severity": severity} if severity else {}
    return gxe().ExpectColumnValuesToBeInSet(column=column, value_set=[True], description=description, **extra)


def traced_to_paragraph(frame: pd.DataFrame, staged: Staged) -> pd.DataFrame:
    """Rows that cite a ``paragraph_seq``: does that paragraph exist (``in_paragraphs``), and is
    the row's page within the paragraph's pages (``page_in_paragraph``)? NULL where no seq."""
    paragraphs = table(staged, "paragraphs").rename(columns={"seq": "paragraph_seq"})
    frame = lookup(
        frame,
        paragraphs,
        ["paragraph_seq"],
        {"page": "paragraph_page", "page_last": "paragraph_page_last"},
        found="found",
    )
    cites = frame["paragraph_seq"].notna() if not frame.empty else pd.Series(dtype=bool)
    frame["in_paragraphs"] = applicable(cites, frame["found"].eq(True))
    first = pd.to_numeric(frame["paragraph_page"], errors="coerce")
    last = pd.to_numeric(frame["paragraph_page_last"], errors="coerce").fillna(first)
    page = pd.to_numeric(frame["page"], errors="coerce")
    frame["page_in_paragraph"] = applicable(first.notna(), (page >= first) & (page <= last))
    return frame.drop(columns=["found"])


def with_cell(frame: pd.DataFrame, staged: Staged, columns: Mapping[str, str], *, found: str) -> pd.DataFrame:
    """``frame`` with ``columns`` of the staged table_cells row its (table_key, row, col) names."""
    return lookup(frame, table(staged, "table_cells"), ["table_key", "row", "col"], columns, found=found)


def traced_to_cell(frame: pd.DataFrame, staged: Staged) -> pd.DataFrame:
    """Rows that point at a table cell (``table_key``, ``row``, ``col``): does the cell exist
    (``in_cells``), its text (``cell_text``) and page (``cell_page``), and does the row point at
    exactly one place, a paragraph or a cell (``one_place``)? NULL where no cell is named."""
    frame = with_cell(frame, staged, {"text": "cell_text", "page": "cell_page"}, found="found_cell")
    if frame.empty:
        for column in ("in_cells", "one_place"):
            frame[column] = pd.Series(dtype=object)
        return frame.drop(columns=["found_cell"])
    in_cell = frame["table_key"].notna()
    frame["in_cells"] = applicable(in_cell, frame["found_cell"].eq(True))
    named = frame[["table_key", "row", "col"]].notna().sum(axis=1)
    frame["one_place"] = ((named == 3) != frame["paragraph_seq"].notna()) & named.isin([0, 3])
    return frame.drop(columns=["found_cell"])


def _compact(text: object) -> str:
    return re.sub(r"\s+", "", normalise_text(text)) if isinstance(text, str) else ""


def traced_to_paragraph_or_cell(frame: pd.DataFrame, staged: Staged, value: str, printed: str) -> pd.DataFrame:
    """Citation rows (mandates, document_references): their paragraph or cell looked up
    (``traced_to_paragraph``, ``traced_to_cell``), and ``printed``: does the cell's text print the
    row's ``value`` (spaces aside)? NULL where the row is not in a cell."""
    frame = traced_to_cell(traced_to_paragraph(frame, staged), staged)
    shown = [_compact(v) in _compact(t) for v, t in zip(frame[value], frame["cell_text"], strict=True)]
    frame[printed] = applicable(frame["cell_text"].notna(), pd.Series(shown, index=frame.index, dtype=object))
    return frame


def paragraph_or_cell_expectations(what: str, printed: str, description: str) -> list[Any]:
    """For ``traced_to_paragraph_or_cell``: the paragraph or the cell is staged and on the row's
    page, and the cell prints what the row says it cites."""
    return [
        holds("in_paragraphs", "paragraph_seq names a staged paragraph of the document"),
        holds("page_in_paragraph", "page lies within the pages of that paragraph"),
        *cell_expectations(what),
        holds(printed, description),
    ]


def cell_expectations(what: str) -> list[Any]:
    """Rows from table cells: the cell is staged, on the row's page, and the row points at one place."""
    e = gxe()
    return [
        holds("in_cells", "table_key/row/col name a staged table_cells row of the document"),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="page",
            column_B="cell_page",
            ignore_row_if="either_value_is_missing",
            description=f"a {what} in a table cell has its cell's page",
        ),
        holds("one_place", f"a {what} points at a paragraph or at a cell (all of table_key, row, col), not both"),
    ]


def within_table(frame: pd.DataFrame, staged: Staged) -> pd.DataFrame:
    """Rows keyed by ``table_key``: their table's pages and category, and a merge indicator."""
    return lookup(
        frame,
        table(staged, "tables"),
        ["table_key"],
        {"page_first": "table_page_first", "page_last": "table_page_last", "category": "table_category"},
        found="in_tables",
    )


def page_within_table(what: str = "printed") -> list[Any]:
    """``page`` lies between the table's page_first and page_last (columns from ``within_table``)."""
    e = gxe()
    return [
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="page",
            column_B="table_page_first",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            description=f"{what} no earlier than its table's page_first",
        ),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="table_page_last",
            column_B="page",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            description=f"{what} no later than its table's page_last",
        ),
    ]


def from_table_category(*categories: str) -> Any:
    """A soft check: the row comes from a table classified as one of ``categories``."""
    return vocabulary("table_category", list(categories), severity=warning())


def within_table_expectations(category: str) -> list[Any]:
    return [
        present("in_tables", "every row belongs to a staged tables row (same table_key)"),
        *page_within_table(),
        from_table_category(category),
    ]


def traced_to_cell_expectations(*categories: str) -> list[Any]:
    """Fact rows read from a table cell (budget_lines, posts): on the cell's page, from a table of
    one of the right categories, carrying the document's own symbol."""
    e = gxe()
    return [
        e.ExpectColumnPairValuesToBeEqual(
            column_A="page",
            column_B="cell_page",
            ignore_row_if="either_value_is_missing",
            description="page is the page of its cell",
        ),
        from_table_category(*categories),
        e.ExpectColumnPairValuesToBeEqual(
            column_A="symbol",
            column_B="document_symbol",
            ignore_row_if="both_values_are_missing",
            description="symbol is the symbol of the staged documents row",
        ),
    ]


def vocabularies(model: type, *columns: str) -> list[Any]:
    """Each column takes only the values its pandera contract accepts."""
    return [vocabulary(column, allowed_values(model, column)) for column in columns]
