"""Audit suite ``results``: results printed within the document's pages, kinds from the
contract's vocabulary, and stated targets quoted from the result's own text."""

from __future__ import annotations

import pandas as pd

from expectations.common import Staged, applicable, holds, pages, table
from transform.targets import parse_quantity

TABLE = "results"
KEY = ("subprogramme", "kind", "number", "page")


def _quoted(text: object, quoted: object, value: object, unit: object) -> bool:
    """The quoted figure is in the text and reads as the stored value and unit ('35 个' -> 35, 个)."""
    if not (isinstance(text, str) and isinstance(quoted, str)) or quoted not in text:
        return False
    parsed = parse_quantity(quoted)
    return parsed is not None and isinstance(value, int | float) and pd.notna(value) and parsed == (float(value), unit)


def audit_frame(staged: Staged) -> pd.DataFrame:
    """The staged results, with ``target_quoted`` / ``achieved_quoted``: the figure is a substring of
    the row's text and its value is the number it prints (NULL where none is stated)."""
    frame = table(staged, TABLE)
    for what in ("target", "achieved"):
        if frame.empty:
            frame[f"{what}_quoted"] = pd.Series(dtype=object)
            continue
        ok = [
            _quoted(t, q, v, u)
            for t, q, v, u in zip(
                frame["text"], frame[f"{what}_text"], frame[f"{what}_value"], frame["value_unit"], strict=True
            )
        ]
        frame[f"{what}_quoted"] = applicable(frame[f"{what}_text"].notna(), pd.Series(ok, index=frame.index))
    return frame


def expectations() -> list:
    return [
        *pages("page"),
        holds("target_quoted", "target_text is printed in the result's text and target_value is its number"),
        holds("achieved_quoted", "achieved_text is printed in the result's text and achieved_value is its number"),
    ]
