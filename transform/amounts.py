"""Numbers as UN tables print them: "21 466.8" (space thousands separator), "—" for nil."""

from __future__ import annotations

import re

from extract.normalise import NIL_MARKS, normalise_text

# digit groups of three separated by single (ASCII or no-break/thin) spaces or commas, optional
# decimals, optional sign or parentheses for negatives, optional trailing percent sign
_NUMBER = re.compile(
    r"^(?P<open>\()?(?P<sign>[-−+])?(?P<int>\d{1,3}(?:[ ,]\d{3})+|\d+)(?P<dec>\.\d+)?(?P<close>\))?(?P<pct>%)?$"
)

UNIT_FACTORS: dict[str, float] = {
    "美元": 1.0,
    "千美元": 1_000.0,
    "百万美元": 1_000_000.0,
    "十亿美元": 1_000_000_000.0,
}


def is_nil(text: str) -> bool:
    return normalise_text(text).strip() in NIL_MARKS


def parse_amount(text: str | None) -> float | None:
    """The number a cell prints, in the printed unit; None for nil, blanks and non-numbers."""
    if text is None:
        return None
    clean = normalise_text(text).strip().replace("\u2009", " ")
    if not clean or clean in NIL_MARKS:
        return None
    match = _NUMBER.match(clean)
    if not match or bool(match["open"]) != bool(match["close"]):
        return None
    value = float(match["int"].replace(" ", "").replace(",", "") + (match["dec"] or ""))
    if match["open"] or match["sign"] in ("-", "−"):
        value = -value
    return value


def decimals_printed(text: str) -> int:
    """How many decimals the printed number shows (for 'one unit of the last digit' tolerances)."""
    match = re.search(r"\.(\d+)", normalise_text(text))
    return len(match.group(1)) if match else 0


def unit_factor(unit: str | None) -> float | None:
    """1000 for "(千美元)", 1e6 for "(百万美元)"; None when the unit is not money."""
    if not unit:
        return None
    inner = normalise_text(unit).strip().strip("()（）").strip()
    for name in sorted(UNIT_FACTORS, key=len, reverse=True):
        if name in inner:
            return UNIT_FACTORS[name]
    return None
