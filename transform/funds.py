"""The fund a table's figures belong to, from the evidence printed around them, in order: the part
caption, the table title and unit line, the column header path, the row path, then the text around
the table (a paragraph that cites the table by number and names one fund, or the enclosing headings).
NULL when none of them names a fund."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from extract.models import Table
from extract.normalise import normalise_text
from transform.vocabulary import fund_of

# "表 14.13 至 14.15", "表 14.16(1)和 14.17(1)", "表 3": the table numbers a sentence cites
_CITED = re.compile(
    r"表\s*(\d+(?:\.\d+)?(?:\s*[(（]\d[)）])?)((?:\s*(?:至|到|和|及|、|，)\s*\d+(?:\.\d+)?(?:\s*[(（]\d[)）])?)*)"
)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[(（](\d)[)）])?")
_SENTENCE = re.compile(r"[^。；;]+")


def appropriation_fund(column_labels: Sequence[str]) -> str | None:
    """An appropriation (批款) is voted on the regular budget: a column header naming one is evidence
    of the regular budget for the table's figures."""
    return "regular_budget" if any("批款" in normalise_text(label or "") for label in column_labels) else None


def _numbers(first: str, rest: str) -> list[tuple[str, str | None]]:
    """The table numbers of one citation; a range 'A 至 B' of numbers sharing a prefix is expanded."""
    out: list[tuple[str, str | None]] = [(m[1], m[2]) for m in _NUMBER.finditer(first + rest)]
    if ("至" in rest or "到" in rest) and len(out) == 2:
        (prefix_a, _, a), (prefix_b, _, b) = out[0][0].rpartition("."), out[1][0].rpartition(".")
        if prefix_a == prefix_b and a.isdigit() and b.isdigit() and 0 < int(b) - int(a) < 50:
            dot = f"{prefix_a}." if prefix_a else ""
            out = [(f"{dot}{n}", None) for n in range(int(a), int(b) + 1)]
    return out


_FUND_WORDS = {
    "regular_budget": "经常预算",
    "extrabudgetary": "预算外",
    "earmarked": "专用",
    "environment_fund": "环境基金",
}


def funds_named(sentence: str) -> set[str]:
    """The funds a sentence names (the Global Environment Facility, 全球环境基金, is not the Environment Fund)."""
    text = sentence.replace("全球环境基金", "")
    return {fund for fund, word in _FUND_WORDS.items() if word in text}


def cited_table_funds(paragraphs: pd.DataFrame) -> dict[tuple[str, str | None], str]:
    """(table number, part id) -> fund, from sentences that cite tables and name exactly one fund
    ('表 14.13 至 14.15 显示 2021 年拟议经常预算资源'). A table cited with different funds gets none."""
    found: dict[tuple[str, str | None], set[str]] = {}
    if paragraphs is None or paragraphs.empty:
        return {}
    for text in paragraphs.loc[paragraphs["kind"] != "heading", "text"]:
        for sentence in _SENTENCE.findall(normalise_text(str(text or ""))):
            funds = funds_named(sentence)
            if len(funds) != 1:
                continue
            for match in _CITED.finditer(sentence):
                for key in _numbers(match[1], match[2] or ""):
                    found.setdefault(key, set()).update(funds)
    return {key: next(iter(funds)) for key, funds in found.items() if len(funds) == 1}


def context_fund(table: Table, cited: dict[tuple[str, str | None], str], section: str | None) -> str | None:
    """The fund the text around a table names: a citing sentence, else its enclosing headings."""
    if table.number:
        part = re.match(r"^\s*[(（](\d)[)）]", table.part or "")
        for key in ((table.number, part[1] if part else None), (table.number, None)):
            if key in cited:
                return cited[key]
    return fund_of(*(section or "").split(" > ")[::-1]) if section else None


def table_sections(tables: Sequence[Table], paragraphs: pd.DataFrame) -> dict[str, str | None]:
    """Each table's enclosing heading path: the section of the last text block on or before its page."""
    out: dict[str, str | None] = {}
    if paragraphs is None or paragraphs.empty:
        return {t.table_key: None for t in tables}
    for table in tables:
        before = paragraphs[paragraphs["page"] <= table.page_first]
        section = before.iloc[-1]["section"] if not before.empty else None
        out[table.table_key] = section if isinstance(section, str) else None
    return out


def table_context_funds(tables: Sequence[Table], paragraphs: pd.DataFrame) -> dict[str, str | None]:
    """table_key -> the fund the surrounding text names (None where it names none)."""
    cited = cited_table_funds(paragraphs)
    sections = table_sections(tables, paragraphs)
    return {t.table_key: context_fund(t, cited, sections.get(t.table_key)) for t in tables}
