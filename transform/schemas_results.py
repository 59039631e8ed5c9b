"""pandera contracts of the mandates, document_references, results, performance_measures and
deliverables frames (strict, coerced; registered in transform.schemas.CONTRACTS)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from transform.contract_base import SHA256, _Contract, plausible, plausible_check, structural
from transform.targets import UNITS

ORGAN_CODE = r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$"  # GA, ECOSOC, UNEA, UNEP-GC, SC, HRC, ESCAP ...
MANDATE_KINDS = ["resolution", "decision", "declaration"]
RESULT_KINDS = ["objective", "planned_result", "programme_performance"]
VALUE_UNITS = list(UNITS)  # units of stated targets
# a result without the values its text states: the safe reading of a result whose values do not hold
STATED_NONE = dict.fromkeys(["target_text", "target_value", "achieved_text", "achieved_value", "value_unit"])
DOCUMENT_SYMBOL = r"^[A-Z][A-Za-z]*(?:/[A-Za-z0-9][A-Za-z0-9.()\-]*)+$"


def _in_a_cell(df: pd.DataFrame) -> pd.Series:
    """Rows that point at a table cell: table_key, row and col all set."""
    return df["table_key"].notna() & df["row"].notna() & df["col"].notna()


def _cell_named_whole(df: pd.DataFrame) -> pd.Series:
    """table_key, row and col are set together or not at all."""
    named = df[["table_key", "row", "col"]].notna().sum(axis=1)
    return named.isin([0, 3])


class Mandates(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    mandate_key: Series[str] = pa.Field(str_matches=r"^[^:]+:(resolution|decision|declaration):.+$")
    symbol: Series[str] = pa.Field(nullable=True, str_matches=DOCUMENT_SYMBOL, metadata=plausible())
    organ: Series[str] = pa.Field(str_matches=ORGAN_CODE)
    kind: Series[str] = pa.Field(isin=MANDATE_KINDS)
    number: Series[str] = pa.Field(str_length={"min_value": 1})
    title: Series[str] = pa.Field(nullable=True)
    source: Series[str] = pa.Field(isin=["mandate_list", "citation"])
    subprogramme: Series[str] = pa.Field(nullable=True, str_startswith="次级方案")
    paragraph_seq: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    page: Series[int] = pa.Field(ge=1)
    url: Series[str] = pa.Field(nullable=True, str_startswith="http", metadata=plausible(url=None))
    part: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1})
    table_key: Series[str] = pa.Field(nullable=True)
    row: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    col: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    @structural
    @classmethod
    def key_is_organ_kind_number(cls, df: pd.DataFrame) -> Series[bool]:
        return df["mandate_key"] == df["organ"] + ":" + df["kind"] + ":" + df["number"]

    @pa.dataframe_check
    @plausible_check()
    @classmethod
    def list_entries_have_titles(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["source"] != "mandate_list") | df["title"].notna()

    @pa.dataframe_check
    @structural
    @classmethod
    def citations_point_at_a_paragraph_or_a_cell(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["source"] != "citation") | (df["paragraph_seq"].notna() != _in_a_cell(df))

    @pa.dataframe_check
    @structural
    @classmethod
    def cell_named_whole(cls, df: pd.DataFrame) -> Series[bool]:
        return _cell_named_whole(df)

    @pa.dataframe_check
    @structural
    @classmethod
    def one_row_per_list_entry(cls, df: pd.DataFrame) -> Series[bool]:
        entries = df["source"] == "mandate_list"
        return ~(entries & df.duplicated(["source", "paragraph_seq"], keep=False))

    @pa.dataframe_check
    @plausible_check(url=None)
    @classmethod
    def url_names_the_symbol(cls, df: pd.DataFrame) -> Series[bool]:
        def ok(url: object, symbol: object) -> bool:
            if not isinstance(url, str):
                return True
            if not isinstance(symbol, str):
                return False
            return url.replace(" ", "").lower().endswith("/" + symbol.replace(" ", "").lower())

        return pd.Series([ok(u, s) for u, s in zip(df["url"], df["symbol"], strict=True)], index=df.index)


class DocumentReferences(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    symbol: Series[str] = pa.Field(str_matches=DOCUMENT_SYMBOL, metadata=plausible())
    paragraph_seq: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    page: Series[int] = pa.Field(ge=1)
    url: Series[str] = pa.Field(nullable=True, str_startswith="http", metadata=plausible(url=None))
    table_key: Series[str] = pa.Field(nullable=True)
    row: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    col: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    @structural
    @classmethod
    def points_at_a_paragraph_or_a_cell(cls, df: pd.DataFrame) -> Series[bool]:
        return df["paragraph_seq"].notna() != _in_a_cell(df)

    @pa.dataframe_check
    @structural
    @classmethod
    def cell_named_whole(cls, df: pd.DataFrame) -> Series[bool]:
        return _cell_named_whole(df)

    @pa.dataframe_check
    @plausible_check()
    @classmethod
    def resolutions_are_mandates(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["symbol"].str.contains(r"/RES/|/Res\.|/HLS\.", regex=True)


class Results(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    subprogramme: Series[str] = pa.Field(nullable=True, str_startswith="次级方案")
    kind: Series[str] = pa.Field(isin=RESULT_KINDS)
    number: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+$", metadata=plausible())
    title: Series[str] = pa.Field(nullable=True)
    text: Series[str] = pa.Field(nullable=True)
    page: Series[int] = pa.Field(ge=1)
    target_text: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1}, metadata=plausible(**STATED_NONE))
    target_value: Series[float] = pa.Field(nullable=True, ge=0, metadata=plausible(**STATED_NONE))
    achieved_text: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1}, metadata=plausible(**STATED_NONE))
    achieved_value: Series[float] = pa.Field(nullable=True, ge=0, metadata=plausible(**STATED_NONE))
    value_unit: Series[str] = pa.Field(nullable=True, isin=VALUE_UNITS)

    @pa.dataframe_check
    @plausible_check(**STATED_NONE)
    @classmethod
    def values_are_quoted_from_the_text(cls, df: pd.DataFrame) -> Series[bool]:
        def ok(text: object, quoted: object) -> bool:
            return not isinstance(quoted, str) or (isinstance(text, str) and quoted in text)

        return pd.Series(
            [ok(t, a) and ok(t, b) for t, a, b in zip(df["text"], df["target_text"], df["achieved_text"], strict=True)],
            index=df.index,
        )

    @pa.dataframe_check
    @plausible_check(**STATED_NONE)
    @classmethod
    def targets_only_in_programme_performance(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] == "programme_performance") | df["target_text"].isna()

    @pa.dataframe_check
    @plausible_check(**STATED_NONE)
    @classmethod
    def a_value_has_its_text_and_unit(cls, df: pd.DataFrame) -> Series[bool]:
        target = df["target_text"].notna() == df["target_value"].notna()
        achieved = df["achieved_text"].notna() == df["achieved_value"].notna()
        unit = df["target_text"].notna() == df["value_unit"].notna()
        return target & achieved & unit & (df["achieved_text"].isna() | df["target_text"].notna())

    @pa.dataframe_check
    @plausible_check()
    @classmethod
    def planned_results_are_numbered_and_titled(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "planned_result") | (df["number"].notna() & df["title"].notna())

    @pa.dataframe_check
    @plausible_check()
    @classmethod
    def objectives_have_text(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["kind"] != "objective") | df["text"].notna()

    @pa.dataframe_check
    @structural
    @classmethod
    def one_row_per_planned_result(cls, df: pd.DataFrame) -> Series[bool]:
        planned = df["kind"] == "planned_result"
        return ~(planned & df.duplicated(["subprogramme", "kind", "number", "page", "title"], keep=False))


class PerformanceMeasures(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    table_key: Series[str]
    subprogramme: Series[str] = pa.Field(nullable=True, str_startswith="次级方案")
    year: Series[str] = pa.Field(str_matches=r"^\d{4}$")
    statement: Series[str] = pa.Field(str_length={"min_value": 1})
    page: Series[int] = pa.Field(ge=1)

    @pa.dataframe_check
    @structural
    @classmethod
    def one_table_one_subprogramme(cls, df: pd.DataFrame) -> Series[bool]:
        spread = df.groupby("table_key")["subprogramme"].transform(lambda s: s.fillna("").nunique())
        return spread <= 1


class Deliverables(_Contract):
    document_id: Series[str] = pa.Field(str_matches=SHA256)
    table_key: Series[str]
    subprogramme: Series[str] = pa.Field(nullable=True, str_startswith="次级方案")
    category: Series[str] = pa.Field(nullable=True)
    subcategory: Series[str] = pa.Field(nullable=True)
    item: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True, str_matches=r"^[（(].*[)）]$", metadata=plausible(unit=None))
    year: Series[str] = pa.Field(str_matches=r"^\d{4}$")
    measure: Series[str] = pa.Field(isin=["planned", "actual"])
    count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=100_000, metadata=plausible())
    page: Series[int] = pa.Field(ge=1)

    @pa.dataframe_check
    @structural
    @classmethod
    def one_count_per_item_and_column(cls, df: pd.DataFrame) -> Series[bool]:
        keys = ["table_key", "category", "subcategory", "item", "year", "measure"]
        return ~df.fillna({"category": "", "subcategory": "", "item": ""}).duplicated(keys, keep=False)

    @pa.dataframe_check
    @plausible_check()
    @classmethod
    def rows_name_what_they_count(cls, df: pd.DataFrame) -> Series[bool]:
        return df["item"].notna() | df["subcategory"].notna()
