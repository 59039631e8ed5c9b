"""Vocabularies: printed Chinese header and row words -> the warehouse's codes
(budget measures, periods, post statuses, funds, grades, post categories)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.normalise import normalise_text

_PERIOD = re.compile(r"(\d{4})\s*(?:[–—-]\s*(\d{4}))?\s*年?")
_BIENNIUM_LABEL = re.compile(r"^\s*(\d{4})\s*[–—-]\s*(\d{4})\s*$")


@dataclass(frozen=True, slots=True)
class ColumnMeaning:
    """What the numbers of one leaf column are."""

    measure: str | None  # budget measure code, None when not an amount column
    period: str | None  # "2021", "2014–2015"; None when the header names no year
    post_status: str | None  # approved | proposed | estimate, for post-count columns
    is_percent: bool = False
    is_change: bool = False


def period_of(text: str) -> str | None:
    """'2019 年支出数' -> '2019'; '2014-2015 两年期' -> '2014–2015'."""
    match = _PERIOD.search(normalise_text(text))
    if not match:
        return None
    return f"{match[1]}–{match[2]}" if match[2] else match[1]


def biennium_label(text: str) -> str | None:
    """A row label that is itself a period, such as '2002–2003'."""
    match = _BIENNIUM_LABEL.match(normalise_text(text))
    return f"{match[1]}–{match[2]}" if match else None


def interpret_column(label: str) -> ColumnMeaning:
    """Map a column path such as '变动 / 技术调整' or '2021 年估计数(重计费用后)' to its meaning."""
    text = normalise_text(label or "").replace(" ", "")
    period = period_of(label or "")
    leaf = text.rsplit("/", 1)[-1] if "/" in text and not text.endswith("任务") else text
    if "百分比" in leaf or "%" in leaf:
        return ColumnMeaning(None, period, None, is_percent=True)
    if "变动" in text:
        if "技术调整" in text:
            measure = "technical_adjustments"
        elif "新的" in text or "扩大" in text:
            measure = "new_mandates"
        elif "共计" in leaf or "合计" in leaf:
            measure = "total_changes"
        elif "其他" in leaf:
            measure = "other_changes"
        else:
            measure = "total_changes"
        return ColumnMeaning(measure, period, None, is_change=True)
    if "重计费用前" in text:
        return ColumnMeaning("estimate_before_recosting", period, "proposed")
    if "重计费用后" in text:
        return ColumnMeaning("estimate_after_recosting", period, "proposed")
    if "重计费用" in text:
        return ColumnMeaning("recosting", period, None, is_change=True)
    if "支出" in text:
        return ColumnMeaning("expenditure", period, None)
    if "批款" in text:
        return ColumnMeaning("appropriation", period, "approved")
    if "核准" in text or "核定" in text:
        return ColumnMeaning("approved", period, "approved")
    if "收到" in text:
        return ColumnMeaning("received", period, None)
    if "捐款" in text or "供资" in text:
        return ColumnMeaning("contributions", period, None)
    if "拟议" in text:
        return ColumnMeaning("estimate", period, "proposed")
    if "估计" in text:
        return ColumnMeaning("estimate", period, "estimate")
    return ColumnMeaning(None, period, None)


def fund_of(*contexts: str | None) -> str | None:
    """The fund named by a part caption, title or column (first context that names one)."""
    for context in contexts:
        text = normalise_text(context or "")
        if "经常预算" in text:
            return "regular_budget"
        if "预算外" in text:
            return "extrabudgetary"
        if "专用" in text:
            return "earmarked"
        if "环境基金" in text and "全球环境基金" not in text:
            return "environment_fund"
    return None


_GRADE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^USG$|^副秘书长$"), "USG"),
    (re.compile(r"^ASG$|^助理秘书长$"), "ASG"),
    (re.compile(r"^D-?2$"), "D-2"),
    (re.compile(r"^D-?1$"), "D-1"),
    (re.compile(r"^P-?5$"), "P-5"),
    (re.compile(r"^P-?4$"), "P-4"),
    (re.compile(r"^P-?3$"), "P-3"),
    (re.compile(r"^P-?2(/1)?$|^P-?1$"), "P-2/1"),
    (re.compile(r"^GS\(PL\)$|^GS-PL$|^特等$"), "GS (PL)"),
    (re.compile(r"^GS\(OL\)$|^GS-OL$|^其他职等$"), "GS (OL)"),
    (re.compile(r"^LL$|^当地雇员$"), "LL"),
]


def grade_of(label: str) -> str | None:
    """Normalise a printed grade ('P-2/1', 'GS (PL)', '特等', '当地雇员') to the DESIGN.md code."""
    text = normalise_text(label or "").replace(" ", "").replace("（", "(").replace("）", ")").upper()
    for pattern, code in _GRADE_PATTERNS:
        if pattern.match(text):
            return code
    return None


GRADE_IN_TEXT = re.compile(r"(\d+)\s*个\s*(USG|ASG|D-[12]|P-[1-5](?:/1)?|GS\s*\((?:PL|OL)\)|LL)")


def post_category_of(label: str) -> str | None:
    text = normalise_text(label or "").replace(" ", "")
    if "专业" in text:
        return "professional_and_higher"
    if "一般事务" in text:
        return "general_service_and_related"
    if text in ("其他", "其他职类", "其他类"):
        return "other"
    return None


def is_posts_context(text: str | None) -> bool:
    """A section or title that is about posts (员额资源, 职类) rather than money."""
    text = normalise_text(text or "")
    return "员额资源" in text or "职类" in text or text.strip("()（） ") == "员额数目"


def is_money_context(text: str | None) -> bool:
    return "财政资源" in normalise_text(text or "")
