"""pandera contracts: one DataFrameModel per frame handed to load/ (strict, coerced, lazy).

Model names mirror the warehouse tables (``BudgetLines`` guards ``budget_lines``). Rules that
need one frame live here; rules across frames or documents live in the audits (expectations/).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from transform.contract_base import SHA256, _Contract

MEASURES = [
    "expenditure", "appropriation", "technical_adjustments", "new_mandates", "other_changes",
    "total_changes", "estimate_before_recosting", "recosting", "estimate_after_recosting",
    "estimate", "approved", "received", "contributions",
]  # fmt: skip
FUNDS = ["regular_budget", "extrabudgetary", "environment_fund", "earmarked"]
GRADES = ["USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2/1", "GS (PL)", "GS (OL)", "LL"]
POST_CATEGORIES = ["professional_and_higher", "general_service_and_related", "other"]
ROW_KINDS = ["data", "section", "subtotal", "total"]


class Documents(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256, unique=True)
    symbol: Series[str] = pa.Field(nullable=True)
    language: Series[str] = pa.Field(isin=["zh"])
    title: Series[str] = pa.Field(nullable=True)
    organ: Series[str] = pa.Field(nullable=True)
    session: Series[str] = pa.Field(nullable=True)
    agenda_item: Series[str] = pa.Field(nullable=True)
    issued_on: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$")
    job_number: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{2}-\d{5}$")
    page_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    source_uri: Series[str]
    file_size: Series[int] = pa.Field(ge=0)
    ingested_at: Series[pa.DateTime]
    pipeline_version: Series[str]
    status: Series[str] = pa.Field(isin=["loaded", "quarantined"])
    status_reason: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    @classmethod
    def quarantine_has_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["status"] != "quarantined") | df["status_reason"].notna()


class Paragraphs(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    seq: Series[int] = pa.Field(ge=0)
    page: Series[int] = pa.Field(ge=1)
    kind: Series[str] = pa.Field(isin=["heading", "paragraph", "list_item", "footnote"])
    number: Series[str] = pa.Field(nullable=True, str_matches=r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*\.?$")
    label: Series[str] = pa.Field(nullable=True)
    level: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=6)
    section: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    raw_text: Series[str] = pa.Field(nullable=True)
    page_last: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    footnote_refs: Series[object]
    links: Series[object]

    @pa.dataframe_check
    @classmethod
    def seq_is_reading_order(cls, df: pd.DataFrame) -> bool:
        return df["seq"].tolist() == list(range(len(df)))

    @pa.dataframe_check
    @classmethod
    def pages_never_go_back(cls, df: pd.DataFrame) -> Series[bool]:
        return df["page"] >= df["page"].cummax().shift(1, fill_value=1) - 1

    @pa.dataframe_check
    @classmethod
    def headings_have_levels(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "heading") | df["level"].notna()

    @pa.dataframe_check
    @classmethod
    def footnotes_have_markers(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "footnote") | df["label"].notna()


class Tables(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    table_key: Series[str] = pa.Field(unique=True)
    number: Series[str] = pa.Field(nullable=True)
    part: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    factor: Series[float] = pa.Field(nullable=True, isin=[1.0, 1e3, 1e6, 1e9])
    page_first: Series[int] = pa.Field(ge=1)
    page_last: Series[int] = pa.Field(ge=1)
    n_rows: Series[int] = pa.Field(ge=1)
    n_cols: Series[int] = pa.Field(ge=1)
    category: Series[str] = pa.Field(isin=["budget", "posts", "deliverables", "performance", "other"])
    notes: Series[object]

    @pa.dataframe_check
    @classmethod
    def pages_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["page_last"] >= df["page_first"]


class TableCells(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    table_key: Series[str]
    row: Series[int] = pa.Field(ge=0)
    col: Series[int] = pa.Field(ge=0)
    row_kind: Series[str] = pa.Field(isin=ROW_KINDS)
    row_label: Series[str] = pa.Field(nullable=True)
    row_path: Series[str] = pa.Field(nullable=True)
    column_label: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    value: Series[float] = pa.Field(nullable=True)
    page: Series[int] = pa.Field(ge=1)

    @pa.dataframe_check
    @classmethod
    def one_cell_per_position(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["table_key", "row", "col"], keep=False)


class BudgetLines(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    symbol: Series[str] = pa.Field(nullable=True)
    table_key: Series[str]
    fund: Series[str] = pa.Field(nullable=True, isin=FUNDS)
    org_unit: Series[str] = pa.Field(nullable=True)
    item: Series[str] = pa.Field(nullable=True)
    row_kind: Series[str] = pa.Field(isin=ROW_KINDS)
    measure: Series[str] = pa.Field(isin=MEASURES)
    period: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}([–-]\d{4})?$")
    amount_usd: Series[float] = pa.Field(nullable=True)
    amount_text: Series[str]
    unit: Series[str] = pa.Field(nullable=True)
    page: Series[int] = pa.Field(ge=1)
    row: Series[int] = pa.Field(ge=0)
    col: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    @classmethod
    def one_line_per_cell(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["table_key", "row", "col"], keep=False)


class Posts(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    symbol: Series[str] = pa.Field(nullable=True)
    table_key: Series[str]
    fund: Series[str] = pa.Field(nullable=True, isin=FUNDS)
    org_unit: Series[str] = pa.Field(nullable=True)
    category: Series[str] = pa.Field(nullable=True, isin=POST_CATEGORIES)
    grade: Series[str] = pa.Field(nullable=True, isin=GRADES)
    period: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}$")
    status: Series[str] = pa.Field(isin=["approved", "proposed", "estimate"])
    count: Series[int] = pa.Field(ge=0, le=100_000)
    page: Series[int] = pa.Field(ge=1)
    row: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    col: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)


class QualityIssues(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    stage: Series[str] = pa.Field(isin=["extract", "transform", "validate", "audit", "publish"])
    check: Series[str]
    severity: Series[str] = pa.Field(isin=["error", "warning"])
    table_key: Series[str] = pa.Field(nullable=True)
    page: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    detail: Series[str] = pa.Field(str_length={"min_value": 1})
    pipeline_version: Series[str] = pa.Field(nullable=True)
    recorded_at: Series[pa.DateTime] = pa.Field(nullable=True)


CONTRACTS: dict[str, type[_Contract]] = {
    "documents": Documents,
    "paragraphs": Paragraphs,
    "tables": Tables,
    "table_cells": TableCells,
    "budget_lines": BudgetLines,
    "posts": Posts,
    "quality_issues": QualityIssues,
}


# contracts of mandates and results live in their own module, on the same base
from transform.schemas_results import (  # noqa: E402
    Deliverables,
    DocumentReferences,
    Mandates,
    PerformanceMeasures,
    Results,
)

CONTRACTS.update(
    {
        "mandates": Mandates,
        "document_references": DocumentReferences,
        "results": Results,
        "performance_measures": PerformanceMeasures,
        "deliverables": Deliverables,
    }
)


def contract_for(table: str) -> type[_Contract] | None:
    return CONTRACTS.get(table)


def validate_frames(frames: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[dict[str, object]]]:
    """Validate every frame lazily; return the coerced frames and one issue per failure case.

    Each issue names the table of the contract, the failing check, the column, the row
    (with its page and table_key when the frame has them) and the offending value.
    """
    validated: dict[str, pd.DataFrame] = {}
    issues: list[dict[str, object]] = []
    for table, frame in frames.items():
        model = contract_for(table)
        if model is None:
            validated[table] = frame
            continue
        if frame.empty:
            validated[table] = frame
            continue
        try:
            validated[table] = model.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            validated[table] = frame
            for case in exc.failure_cases.itertuples(index=False):
                index = getattr(case, "index", None)
                row = frame.loc[index] if index is not None and index in frame.index else None
                page = row.get("page") if row is not None and "page" in frame.columns else None
                table_key = row.get("table_key") if row is not None and "table_key" in frame.columns else None
                issues.append(
                    {
                        "stage": "validate",
                        "check": f"{model.__name__}.{case.check}",
                        "severity": "error",
                        "table_key": table_key,
                        "page": int(page) if page is not None and pd.notna(page) else None,
                        "detail": (
                            f"contract {model.__name__} failed on {table}"
                            + (f" column {case.column}" if case.column and case.column != model.__name__ else "")
                            + (f", row {index}" if index is not None else "")
                            + (f" (table {table_key})" if table_key else "")
                            + (f", page {int(page)}" if page is not None and pd.notna(page) else "")
                            + f": check {case.check} failed for value {case.failure_case!r}"
                        ),
                    }
                )
    return validated, issues
