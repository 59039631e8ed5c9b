"""A deliberately minimal reading of printed amounts for the audits, written apart from
transform.amounts so that an audit of parsed amounts does not reuse the parser it audits.

It knows only what UN tables print: digits with space or comma thousands separators, one decimal
point, a leading minus or parentheses for negatives, and a dash for nil."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SEPARATORS = str.maketrans("", "", " ,\u00a0\u2009\u202f")
_SCALES = (("十亿美元", 1e9), ("百万美元", 1e6), ("千美元", 1e3), ("美元", 1.0))


def printed_number(text: object) -> float | None:
    """'21 466.8' -> 21466.8, '(1.5)' or '-1.5' -> -1.5; None for a dash, a blank or anything else."""
    if not isinstance(text, str):
        return None
    compact = text.strip().translate(_SEPARATORS)
    negative = False
    if compact.startswith("(") and compact.endswith(")"):
        compact, negative = compact[1:-1], True
    if compact[:1] in ("-", "−"):
        compact, negative = compact[1:], not negative
    if not _DIGITS.fullmatch(compact):
        return None
    return -float(compact) if negative else float(compact)


def printed_decimals(text: object) -> int:
    """How many digits follow the decimal point as printed."""
    if not isinstance(text, str) or "." not in text:
        return 0
    return len(re.sub(r"\D.*$", "", text.rsplit(".", 1)[1]))


def unit_scale(unit: object) -> float | None:
    """The dollars one printed unit stands for, read from the unit line: '(千美元)' -> 1000."""
    if not isinstance(unit, str):
        return None
    return next((scale for word, scale in _SCALES if word in unit), None)
