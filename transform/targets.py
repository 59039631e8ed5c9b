"""Target and achieved values stated in programme-performance prose.

A fascicle reports the past year's planned result in a sentence such as
"……证明是国家新增了 35 个，而目标是 35 个" or "……比例达到 100%，而目标则为 90%". This module
finds the target (a number tied to 目标 by a linking word, or a number followed by "…的目标") and
the achieved value it is compared with (the nearest number of the same unit before it in the same
sentence; else after it; else the last one of the sentence before). Offsets are into the text as
given: normalise_text maps code point to code point, so a span found in the normalised text is the
same span of the raw text and the printed form is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.normalise import normalise_text

# a number as printed: 57 000 (space thousands), 1,200, 12.5, or a small Chinese numeral (三, 十二)
_DIGITS = r"\d{1,3}(?:[ \u00a0,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_HANZI = r"[一二两三四五六七八九十百]{1,4}"
# units a target is counted in, as stored: per cent, percentage points, measure words
UNITS = ("%", "个百分点", "个", "项", "家", "名", "次", "所", "份", "座", "类", "件")
_UNIT = "％|" + "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
# a quantity: number + unit, not a year ("2019 年"), a date or part of a range ("2018-2019")
_QUANTITY = re.compile(rf"(?<![\d.\-/])(?P<number>{_DIGITS}|{_HANZI})\s*(?P<unit>{_UNIT})")
# 目标是 / 目标则为 / 目标所述的 / 设定目标为 / 原定目标是 / 目标值为 / 目标定在 / 目标：/ 指标为 (a planned
# figure is also printed as 指标, "indicator target")
_TARGET_AFTER = re.compile(
    rf"(?:目标|指标)值?\s*(?:[则原即也]\s*)?(?:是|为|定为|设定为|设为|定在|设在|所述的|所定的|规定的|数为|数是|[：:])\s*(?:的\s*)?"
    rf"(?P<q>(?:{_DIGITS}|{_HANZI})\s*(?:{_UNIT}))"
)
# 超过了 30 个国家的目标 / 实现 90%的目标
_TARGET_BEFORE = re.compile(rf"(?P<q>(?:{_DIGITS}|{_HANZI})\s*(?:{_UNIT}))[\u4e00-\u9fff]{{0,6}}的目标")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_HANZI_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True, slots=True)
class StatedTarget:
    """A target and (when stated) the achieved value, as printed and as numbers, with their spans."""

    target_text: str
    target_value: float
    achieved_text: str | None
    achieved_value: float | None
    unit: str
    target_span: tuple[int, int]
    achieved_span: tuple[int, int] | None


def hanzi_number(text: str) -> int | None:
    """'三' -> 3, '十二' -> 12, '二十' -> 20, '一百' -> 100; None for what is not a small numeral."""
    if not text:
        return None
    if text.endswith("百") and len(text) <= 2:
        return (_HANZI_DIGITS.get(text[0], 1) if len(text) == 2 else 1) * 100
    if "百" in text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _HANZI_DIGITS.get(tens, 0) if tens else 1
        low = _HANZI_DIGITS.get(ones, 0) if ones else 0
        if (tens and tens not in _HANZI_DIGITS) or (ones and ones not in _HANZI_DIGITS):
            return None
        return high * 10 + low
    return _HANZI_DIGITS.get(text) if len(text) == 1 else None


def quantity_value(number: str) -> float | None:
    """'57 000' -> 57000.0; '12.5' -> 12.5; '三' -> 3.0."""
    compact = re.sub(r"[ \u00a0,]", "", number)
    if re.fullmatch(r"\d+(?:\.\d+)?", compact):
        return float(compact)
    value = hanzi_number(compact)
    return float(value) if value is not None else None


def parse_quantity(text: str) -> tuple[float, str] | None:
    """'35 个' -> (35.0, '个'); '９０％' -> (90.0, '%'); None for what is not one quantity."""
    match = _QUANTITY.fullmatch(normalise_text(text).strip())
    value = quantity_value(match["number"]) if match else None
    return (value, _unit(match["unit"])) if match and value is not None else None


def _unit(printed: str) -> str:
    """The unit as stored: '％' and '%' are one unit."""
    return "%" if printed in ("%", "％") else printed


def _quantities(text: str, start: int, end: int) -> list[re.Match[str]]:
    return [m for m in _QUANTITY.finditer(text, start, end) if quantity_value(m["number"]) is not None]


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _target(text: str) -> re.Match[str] | None:
    found = [*_TARGET_AFTER.finditer(text), *_TARGET_BEFORE.finditer(text)]
    return min(found, key=lambda m: m.start("q"), default=None)


def _compared_figure(text: str, unit: str, start: int, end: int) -> re.Match[str] | None:
    """The figure a target phrase (text[start:end]) is compared with: the nearest one of the same
    unit before it in its sentence, else the first after it, else the last of the sentence before."""

    def figures(lo: int, hi: int) -> list[re.Match[str]]:
        return [m for m in _quantities(text, lo, hi) if _unit(m["unit"]) == unit]

    s0, s1 = _sentence(text, start, end)
    before = figures(s0, start)
    if before:
        return before[-1]
    after = figures(end, s1)
    if after:
        return after[0]
    if s0 == 0:
        return None
    previous = figures(*_sentence(text, s0 - 1, s0 - 1))
    return previous[-1] if previous else None


def stated_target(raw: str | None) -> StatedTarget | None:
    """The first target the text states, with the achieved value it is compared with, or None."""
    if not raw:
        return None
    text = normalise_text(raw)
    assert len(text) == len(raw), "normalise_text must map code point to code point"
    found = _target(text)
    if found is None:
        return None
    quantity = _QUANTITY.match(text, found.start("q"))
    target_value = quantity_value(quantity["number"]) if quantity else None
    if quantity is None or target_value is None:
        return None
    unit = _unit(quantity["unit"])
    t0, t1 = quantity.span()
    achieved = _compared_figure(text, unit, min(found.start(), t0), max(found.end(), t1))
    return StatedTarget(
        target_text=raw[t0:t1],
        target_value=target_value,
        achieved_text=raw[achieved.start() : achieved.end()] if achieved else None,
        achieved_value=quantity_value(achieved["number"]) if achieved else None,
        unit=unit,
        target_span=(t0, t1),
        achieved_span=achieved.span() if achieved else None,
    )
