"""Deliberate code-point normalisation of extracted text (the raw text is always kept too).

What changes, and why:
- Kangxi radicals (U+2F00-U+2FDF) and CJK radical supplement forms (U+2E80-U+2EFF) that some
  PDF producers emit in place of ordinary ideographs become the unified ideograph
  (``⽅`` -> ``方``, ``⻓`` -> ``长``).
- The horizontal bar U+2015 that such producers use for the nil dash becomes ``—`` (U+2014).
- Full-width digits and Latin letters become ASCII (``２０２１`` -> ``2021``).
- No-break and other exotic spaces become an ordinary space.
Chinese full-width punctuation (，。（）：；) is left as printed: it is part of the text.
"""

from __future__ import annotations

import unicodedata

# Radical-supplement forms that stand for an ordinary character (Unicode's
# EquivalentUnifiedIdeograph data); the purely component-shaped ones are left alone.
_SUPPLEMENT = {
    0x2E9C: "日",
    0x2E9D: "月",
    0x2E9F: "母",
    0x2EA0: "民",
    0x2EA9: "王",
    0x2EAC: "示",
    0x2EAE: "竹",
    0x2EB0: "纟",
    0x2EC4: "西",
    0x2EC5: "见",
    0x2EC6: "角",
    0x2EC8: "讠",
    0x2EC9: "贝",
    0x2ECB: "车",
    0x2ED0: "钅",
    0x2ED1: "長",
    0x2ED3: "长",
    0x2ED4: "门",
    0x2ED7: "雨",
    0x2ED8: "青",
    0x2ED9: "韦",
    0x2EDA: "页",
    0x2EDB: "风",
    0x2EDC: "飞",
    0x2EE0: "饣",
    0x2EE2: "马",
    0x2EE3: "骨",
    0x2EE4: "鬼",
    0x2EE5: "鱼",
    0x2EE6: "鸟",
    0x2EE7: "卤",
    0x2EE8: "麦",
    0x2EE9: "黄",
    0x2EEC: "齐",
    0x2EEE: "齿",
    0x2EF0: "龙",
    0x2EF3: "龟",
}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x2F00, 0x2FE0):  # Kangxi radicals: NFKC gives the unified ideograph
        folded = unicodedata.normalize("NFKC", chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    table.update({cp: ch for cp, ch in _SUPPLEMENT.items() if chr(cp) != ch})
    for cp in range(0xFF10, 0xFF1A):  # full-width digits
        table[cp] = chr(cp - 0xFF10 + 0x30)
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # full-width Latin
        table[cp] = chr(cp - 0xFEE0)
    table[0x2015] = "—"  # horizontal bar used as the nil dash
    for cp in (0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x3000):
        table[cp] = " "
    return table


_TABLE = _build_table()


def normalise_text(raw: str) -> str:
    """Return ``raw`` with look-alike code points folded; same length, same order.

    Every mapping is one code point to one code point, so character offsets in the
    normalised text are offsets in the raw text: the way back to the page is kept.
    """
    return raw.translate(_TABLE)


NIL_MARKS = frozenset({"—", "-", "–", "―", "－"})
