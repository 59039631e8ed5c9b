"""Score extracted tables against an answer key (tests/data/expected/<stem>.json).

Table recall: an answer-key table is found when an extracted table has the same number and part;
tables printed without a number are matched by position among the unnumbered tables.
Per table: rows/cols match, body-cell accuracy (exact text after whitespace normalisation) with
the list of misses; overall cell accuracy over every answer-key body cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from extract.models import Table
from extract.normalise import normalise_text

_WS = re.compile(r"\s+")


def norm_cell(text: str | None) -> str:
    return _WS.sub(" ", normalise_text(text or "")).strip()


def _part_id(part: str | None) -> str:
    if not part:
        return ""
    m = re.match(r"^\s*[(（]\s*([^)）]{1,4})\s*[)）]", part)
    return m.group(1) if m else norm_cell(part)


def expected_tables(expected: dict) -> list[dict]:
    return [b for b in expected.get("blocks", []) if b.get("type") == "table"]


def match_tables(expected: Sequence[dict], tables: Sequence[Table]) -> list[tuple[dict, Table | None]]:
    by_key: dict[tuple[str, str], Table] = {}
    for t in tables:
        if t.number is not None:
            by_key.setdefault((norm_cell(t.number), _part_id(t.part)), t)
    unnumbered = [t for t in tables if t.number is None]
    out: list[tuple[dict, Table | None]] = []
    k = 0
    for e in expected:
        if e.get("number") is not None:
            out.append((e, by_key.get((norm_cell(e["number"]), _part_id(e.get("part"))))))
        else:
            out.append((e, unnumbered[k] if k < len(unnumbered) else None))
            k += 1
    return out


def score_table(e: dict, t: Table | None, max_misses: int = 50) -> dict[str, Any]:
    exp_rows = [r["cells"] for r in e.get("rows", [])]
    n_cells = sum(len(r) for r in exp_rows)
    res: dict[str, Any] = {
        "number": e.get("number"),
        "part": e.get("part"),
        "title": e.get("title"),
        "found": t is not None,
        "expected_rows": len(exp_rows),
        "expected_cols": e.get("columns"),
        "cells": n_cells,
        "correct": 0,
        "misses": [],
    }
    if t is None:
        res.update(rows=0, cols=0, rows_match=False, cols_match=False, accuracy=0.0)
        return res
    got = [list(r.cells) for r in t.rows]
    res.update(
        key=t.table_key,
        rows=len(got),
        cols=t.n_cols,
        rows_match=len(got) == len(exp_rows),
        cols_match=t.n_cols == e.get("columns"),
    )
    correct = 0
    misses: list[dict[str, Any]] = []
    for i, er in enumerate(exp_rows):
        gr = got[i] if i < len(got) else []
        for j, ec in enumerate(er):
            gc = gr[j] if j < len(gr) else None
            if gc is not None and norm_cell(gc) == norm_cell(ec):
                correct += 1
            elif len(misses) < max_misses:
                misses.append({"row": i, "col": j, "expected": ec, "got": gc})
    res["correct"] = correct
    res["misses"] = misses
    res["accuracy"] = correct / n_cells if n_cells else 1.0
    return res


def score_tables(expected: dict, tables: list[Table]) -> dict[str, Any]:
    """Recall, per-table shape/cell results and overall body-cell accuracy."""
    exp = expected_tables(expected)
    per = [score_table(e, t) for e, t in match_tables(exp, tables)]
    found = sum(p["found"] for p in per)
    cells = sum(p["cells"] for p in per)
    correct = sum(p["correct"] for p in per)
    return {
        "expected_tables": len(exp),
        "extracted_tables": len(tables),
        "found": found,
        "recall": found / len(exp) if exp else 1.0,
        "shape_match": sum(p["rows_match"] and p["cols_match"] for p in per),
        "cells": cells,
        "correct_cells": correct,
        "cell_accuracy": correct / cells if cells else 1.0,
        "tables": per,
    }
