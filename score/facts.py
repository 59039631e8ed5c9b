"""Budget lines and posts in the warehouse against the reviewed expected facts
(tests/data/expected_facts/*.csv, derived by tools/expected_facts.py apart from transform/ and
checked by hand: tests/data/expected_facts/REVIEW.md).

A fact is found when the warehouse holds a row equal to it in every fact column (multiset match,
so a wrong fund, org unit, measure, period, item or amount is a miss). Each attribute is also
scored on its own: an expected fact is located by table, item, period and printed amount (or grade,
status and count), and the attribute counts as right when the located warehouse row carries the
same value (NULL equals NULL).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

FACTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "expected_facts"

BUDGET_FACT = ["table_key", "item", "fund", "org_unit", "measure", "period", "amount_text", "amount_usd"]
BUDGET_LOCATE = ["table_key", "item", "period", "amount_text"]
BUDGET_ATTRIBUTES = ["fund", "org_unit", "measure", "amount_usd"]
POST_FACT = ["table_key", "fund", "org_unit", "category", "grade", "period", "status", "count"]
POST_LOCATE = ["table_key", "grade", "period", "status", "count"]
POST_ATTRIBUTES = ["fund", "org_unit", "category"]


def load_expected(kind: str, facts: Path = FACTS) -> pd.DataFrame:
    """The reviewed expected facts of one kind ('budget_lines' or 'posts'), every column as text."""
    return pd.read_csv(facts / f"{kind}.csv", dtype=str, keep_default_na=False)


def _cell(value: Any) -> str:
    """One value as the expected-facts CSV spells it: '' for NULL, integers without '.0'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return repr(round(value, 6))
    return " ".join(str(value).split())


def _tuples(frame: pd.DataFrame, columns: list[str]) -> list[tuple[str, ...]]:
    if frame.empty:
        return []
    return [tuple(_cell(v) for v in row) for row in frame[columns].itertuples(index=False, name=None)]


def _amount(text: str) -> str:
    return repr(round(float(text), 6)) if text else ""


def score_facts(expected: pd.DataFrame, actual: pd.DataFrame, kind: str) -> dict[str, Any]:
    """Exact fact recall and precision, and per-attribute accuracy over the located facts."""
    fact, locate, attributes = (
        (BUDGET_FACT, BUDGET_LOCATE, BUDGET_ATTRIBUTES) if kind == "budget_lines" else
        (POST_FACT, POST_LOCATE, POST_ATTRIBUTES)
    )  # fmt: skip
    expected = expected.copy()
    if "amount_usd" in expected:
        expected["amount_usd"] = expected["amount_usd"].map(_amount)
    want = Counter(tuple(" ".join(v.split()) for v in row) for row in expected[fact].itertuples(index=False))
    have = Counter(_tuples(actual, fact))
    matched = sum((want & have).values())
    out: dict[str, Any] = {
        "expected": sum(want.values()),
        "actual": sum(have.values()),
        "found": matched,
        "recall": matched / sum(want.values()) if want else 1.0,
        "precision": matched / sum(have.values()) if have else 1.0,
        "missing": [dict(zip(fact, t, strict=True)) for t in list((want - have).elements())[:20]],
        "extra": [dict(zip(fact, t, strict=True)) for t in list((have - want).elements())[:20]],
    }
    pool: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for row in _tuples(actual, locate + attributes):
        pool.setdefault(row[: len(locate)], []).append(row[len(locate) :])
    located = 0
    right: Counter[str] = Counter()
    for row in expected[locate + attributes].itertuples(index=False):
        values = tuple(" ".join(v.split()) for v in row)
        candidates = pool.get(values[: len(locate)])
        if not candidates:
            continue
        located += 1
        wanted = values[len(locate) :]
        # the candidate agreeing on most attributes stands for this fact (a repeated cell is not double-counted)
        best = max(candidates, key=lambda c: sum(a == b for a, b in zip(c, wanted, strict=True)))
        candidates.remove(best)
        for name, a, b in zip(attributes, best, wanted, strict=True):
            right[name] += a == b
    out["located"] = located
    for name in attributes:
        out[f"{name}_accuracy"] = right[name] / located if located else (1.0 if expected.empty else 0.0)
    return out


def document_facts(kind: str, stem: str, facts: Path = FACTS) -> pd.DataFrame:
    expected = load_expected(kind, facts)
    return expected[expected["document"] == stem]
