"""pandera contracts: one DataFrameModel per frame handed to load/ (strict, coerced, lazy).

Model names mirror the warehouse tables (``BudgetLines`` guards ``budget_lines``). Rules that
need one frame live here; rules across frames or documents live in the audits (expectations/).
Every check is structural or a row-level plausibility check (transform/contract_base.py); what
a failure does is decided in transform/contract_check.py.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from transform.contract_base import SHA256, _Contract, plausible, plausible_check, structural

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
    # metadata read oddly is dropped, not the document: the row loads without it
    issued_on: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d{4}-\d{2}-\d{2}$", metadata=plausible(issued_on=None)
    )
    job_number: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{2}-\d{5}$", metadata=plausible(job_number=None))
    page_count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    source_uri: Series[str]
    file_size: Series[int] = pa.Field(ge=0)
    ingested_at: Series[pa.DateTime]
    pipeline_version: Series[str]
    status: Series[str] = pa.Field(isin=["loaded", "quarantined"])
    status_reason: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    @structural
    @classmethod
    def quarantine_has_reason(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["status"] != "quarantined") | df["status_reason"].notna()


class Paragraphs(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    seq: Series[int] = pa.Field(ge=0)
    page: Series[int] = pa.Field(ge=1)
    kind: Series[str] = pa.Field(isin=["heading", "paragraph", "list_item", "footnote"])
    number: Series[str] = pa.Field(
        nullable=True, str_matches=r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*\.?$", metadata=plausible(number=None)
    )
    label: Series[str] = pa.Field(nullable=True)
    level: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=6)
    section: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    raw_text: Series[str] = pa.Field(nullable=True)
    page_last: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    footnote_refs: Series[object]
    links: Series[object]

    @pa.dataframe_check
    @structural
    @classmethod
    def seq_is_reading_order(cls, df: pd.DataFrame) -> bool:
        return df["seq"].tolist() == list(range(len(df)))

    @pa.dataframe_check
    @structural
    @classmethod
    def pages_never_go_back(cls, df: pd.DataFrame) -> Series[bool]:
        return df["page"] >= df["page"].cummax().shift(1, fill_value=1) - 1

    @pa.dataframe_check
    @plausible_check(kind="paragraph")
    @classmethod
    def headings_have_levels(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "heading") | df["level"].notna()

    @pa.dataframe_check
    @plausible_check(kind="paragraph")
    @classmethod
    def footnotes_have_markers(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "footnote") | df["label"].notna()

    @pa.dataframe_check
    @plausible_check(kind="paragraph")
    @classmethod
    def list_items_have_labels(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "list_item") | df["label"].notna()


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
    @structural
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
    @structural
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
    period: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}([–-]\d{4})?$", metadata=plausible())
    amount_usd: Series[float] = pa.Field(nullable=True)
    amount_text: Series[str]
    unit: Series[str] = pa.Field(nullable=True)
    page: Series[int] = pa.Field(ge=1)
    row: Series[int] = pa.Field(ge=0)
    col: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    @structural
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
    period: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}$", metadata=plausible())
    status: Series[str] = pa.Field(isin=["approved", "proposed", "estimate"])
    count: Series[int] = pa.Field(ge=0, le=100_000, metadata=plausible())
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
