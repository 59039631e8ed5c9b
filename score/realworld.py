"""Real-world tables: the project beside pdfplumber's defaults and camelot on PDFs nobody here made.

python -m score.realworld [--data tests/data/realworld] [--json FILE]

Two tables are printed (tests/data/realworld/README.md says where the files come from):

- ``zh/``: real Chinese PDFs against hand-checked answer keys (``zh/gold/*.json``):
  **found** (an extracted table on the key's pages is matched to each key table, a table split over
  pages may be several pieces joined in page order, each extracted table serves one key table),
  **body cells** (over the key's non-empty body cells, the share equal to the extracted cell at the
  aligned position after removing all whitespace; columns by position, rows aligned as sequences so a
  missing or extra row does not shift the rest) and **header labels** (over leaf columns, the share
  whose label, split on `` / `` with empty and repeated parts dropped, equals the key's header path
  or one of its ``header_alt``);
- ``peer/cases.json``: the table cases of pdfplumber's and camelot's own test suites, cells per case.

The project's figures come from extract.tables run page by page; pdfplumber's from a plain
``page.extract_tables()`` computed here; camelot is not installed, so its figures are quoted as
issue #12 gives them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.models import Table
from extract.table_baseline import default_tables, project_tables

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld"

# camelot's figures as issue #12 quotes them (camelot is not installed here): found cells / total
CAMELOT_PEER: dict[str, str] = {
    "C1": "43/43",
    "C2": "194/194",
    "C3": "9/9",
    "C4": "202/202",
    "C5": "550/550",
    "C7": "21/21",
    "P1": "13/14",
    "P3": "7/7",
    "P4": "5/5",
    "P5": "1/1",
    "P6": "8, 11, 2",
    "P7": "none",
}

_WS = re.compile(r"\s+")


def squeeze(text: str | None) -> str:
    """A cell's text with every whitespace character removed (how cells are compared)."""
    return _WS.sub("", text or "")


@dataclass(slots=True)
class Grid:
    """One extracted table as the scorer sees it: pages, label per leaf column, body rows, all rows."""

    pages: list[int]
    labels: list[str]
    body: list[list[str]]
    header_rows: list[list[str]] = field(default_factory=list)

    @property
    def all_rows(self) -> list[list[str]]:
        return self.header_rows + self.body


# ---------------------------------------------------------------- extraction (project, pdfplumber)


def _header_grid(table: Table) -> list[list[str]]:
    """The header as rows of cells, a spanning cell's text in its top-left cell (camelot's layout)."""
    if not table.header:
        return []
    n_rows = max(c.row + c.rowspan for row in table.header for c in row)
    out = [[""] * table.n_cols for _ in range(n_rows)]
    for row in table.header:
        for c in row:
            if 0 <= c.row < n_rows and 0 <= c.col < table.n_cols:
                out[c.row][c.col] = c.text
    return out


def project_grids(path: Path, pages: Collection[int] | None = None) -> list[Grid]:
    """The project's tables of one PDF (extract.tables page by page, then stitched)."""
    out = []
    for t in project_tables(path, pages):
        pages = sorted({r.page for r in t.rows} | {t.page_first, t.page_last})
        out.append(
            Grid(
                pages=pages,
                labels=list(t.column_labels),
                body=[list(r.cells) for r in t.rows],
                header_rows=_header_grid(t),
            )
        )
    return out


def pdfplumber_grids(path: Path, pages: Collection[int] | None = None) -> list[Grid]:
    """``page.extract_tables()`` with pdfplumber's defaults; its first row read as the column labels."""
    out = []
    for page, cells in default_tables(path, pages):
        if cells:
            out.append(Grid(pages=[page], labels=list(cells[0]), body=cells))
    return out


# ---------------------------------------------------------------- zh/ against the answer keys


def _row_matches(key_row: Sequence[str], got_row: Sequence[str]) -> int:
    return sum(1 for j, k in enumerate(key_row) if k.strip() and j < len(got_row) and squeeze(k) == squeeze(got_row[j]))


def aligned_cells(key_rows: Sequence[Sequence[str]], got_rows: Sequence[Sequence[str]]) -> int:
    """Key body cells equal to the extracted cell at the aligned position (rows aligned by DP)."""
    n, m = len(key_rows), len(got_rows)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(
                best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + _row_matches(key_rows[i], got_rows[j])
            )
    return best[0][0]


def _path_parts(label: str) -> list[str]:
    parts: list[str] = []
    for p in (squeeze(x) for x in (label or "").split(" / ")):
        if p and p not in parts:
            parts.append(p)
    return parts


def header_hits(key: dict, labels: Sequence[str]) -> int:
    hits = 0
    alt = key.get("header_alt") or {}
    for j, want in enumerate(key.get("header_paths", [])):
        got = _path_parts(labels[j]) if j < len(labels) else None
        if got is None:
            continue
        accepted = [_path_parts(want)] + [_path_parts(a) for a in alt.get(str(j), [])]
        hits += got in accepted
    return hits


def _joined(pieces: Sequence[Grid]) -> Grid:
    return Grid(
        pages=sorted({p for g in pieces for p in g.pages}),
        labels=pieces[0].labels,
        body=[r for g in pieces for r in g.body],
    )


def score_key(gold: dict, grids: list[Grid]) -> dict[str, Any]:
    """found / body cells / header labels of one PDF's grids against its answer key."""
    used: set[int] = set()
    per: list[dict[str, Any]] = []
    for kt in gold["tables"]:
        pages = set(kt["pages"])
        cells = sum(1 for r in kt["rows"] for c in r if c.strip())
        cols = len(kt.get("header_paths", []))
        cands = [i for i, g in enumerate(grids) if i not in used and set(g.pages) <= pages]
        best: tuple[int, int, list[int]] = (-1, 0, [])
        # one piece, or a run of consecutive pieces in document order (a table split over pages)
        for a in range(len(cands)):
            run: list[int] = []
            for idx in cands[a : a + len(pages) + 1]:
                # pieces of one table follow each other over pages, one piece per page
                if run and grids[idx].pages[0] <= grids[run[-1]].pages[-1]:
                    break
                run.append(idx)
                g = _joined([grids[i] for i in run])
                score = (aligned_cells(kt["rows"], g.body), header_hits(kt, g.labels))
                if score > best[:2]:
                    best = (score[0], score[1], list(run))
        found = bool(best[2]) and (best[0] > 0 or cells == 0)
        if found:
            used.update(best[2])
        per.append(
            {
                "id": kt.get("id"),
                "caption": kt.get("caption"),
                "found": found,
                "cells": cells,
                "correct": best[0] if found else 0,
                "columns": cols,
                "labels": best[1] if found else 0,
            }
        )
    return {
        "tables": len(per),
        "found": sum(p["found"] for p in per),
        "cells": sum(p["cells"] for p in per),
        "correct": sum(p["correct"] for p in per),
        "columns": sum(p["columns"] for p in per),
        "labels": sum(p["labels"] for p in per),
        "per_table": per,
    }


# ---------------------------------------------------------------- peer cases


def _full_score(expected: list[list[list[str]]], grids: list[Grid]) -> tuple[int, int]:
    total = sum(1 for t in expected for r in t for c in r if c.strip())
    used: set[int] = set()
    correct = 0
    for et in expected:
        best, best_i = 0, None
        for i, g in enumerate(grids):
            if i in used:
                continue
            s = aligned_cells(et, g.all_rows)
            if s > best:
                best, best_i = s, i
        if best_i is not None:
            used.add(best_i)
            correct += best
    return correct, total


def _rows_score(expected_rows: list[dict[str, str]], grids: list[Grid]) -> tuple[int, int]:
    total = sum(len(r) for r in expected_rows)
    correct = 0
    for er in expected_rows:
        best = 0
        for g in grids:
            for row in g.all_rows:
                hits = 0
                for k, want in er.items():
                    j = int(k)
                    if -len(row) <= j < len(row) and squeeze(row[j]) == squeeze(want):
                        hits += 1
                best = max(best, hits)
        correct += best
    return correct, total


def score_case(case: dict, grids: list[Grid]) -> dict[str, Any]:
    grids = [g for g in grids if case["page"] in g.pages]
    kind = case["kind"]
    if kind == "full":
        c, t = _full_score(case["expected_tables"], grids)
        return {"correct": c, "total": t, "text": f"{c}/{t}", "ok": c == t}
    if kind == "rows":
        c, t = _rows_score(case["expected_rows"], grids)
        return {"correct": c, "total": t, "text": f"{c}/{t}", "ok": c == t}
    if kind == "shape":
        got = [len(g.all_rows) for g in grids]
        want = case["exp_rows"]
        c = sum(1 for a, b in zip(sorted(got), sorted(want), strict=False) if a == b) if len(got) == len(want) else 0
        return {"correct": c, "total": len(want), "text": ", ".join(map(str, got)) or "none", "ok": got == want}
    if kind == "curves":
        ok = any(len(g.all_rows) >= 2 and len(g.all_rows[-2]) >= 2 and g.all_rows[-2][-2] == "Uncommon" for g in grids)
        return {"correct": int(ok), "total": 1, "text": f"{int(ok)}/1", "ok": ok}
    if kind == "cjk":
        want = squeeze(case["exp_line"])
        cells = [squeeze(c) for g in grids for r in g.all_rows for c in r]
        if any(want in c for c in cells):
            text, ok = "once", True
        elif any(c and want in _undoubled(c) for c in cells):
            text, ok = "doubled", False
        else:
            text, ok = "none", False
        return {"correct": int(ok), "total": 1, "text": text, "ok": ok}
    raise ValueError(f"unknown case kind {kind!r}")


def _undoubled(text: str) -> str:
    return re.sub(r"(.)\1", r"\1", text)


# ---------------------------------------------------------------- report


def run(data: Path = DATA) -> dict[str, Any]:
    zh: dict[str, Any] = {}
    for key_path in sorted((data / "zh" / "gold").glob("*.json")):
        gold = json.loads(key_path.read_text(encoding="utf-8"))
        if not gold.get("tables"):
            continue
        pdf = data / "zh" / gold["file"]
        zh[key_path.stem] = {
            "project": score_key(gold, project_grids(pdf)),
            "pdfplumber": score_key(gold, pdfplumber_grids(pdf)),
        }
    peer: dict[str, Any] = {}
    cases = json.loads((data / "peer" / "cases.json").read_text(encoding="utf-8"))
    for case in cases:
        pdf = data / "peer" / case["file"]
        short = case["id"].split()[0]
        peer[case["id"]] = {
            "project": score_case(case, project_grids(pdf, [case["page"]])),
            "pdfplumber": score_case(case, pdfplumber_grids(pdf, [case["page"]])),
            "camelot": CAMELOT_PEER.get(short, "—"),
        }
    return {"zh": zh, "peer": peer}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def render(results: dict[str, Any]) -> str:
    lines = ["real Chinese PDFs (zh/, answer keys in zh/gold/)", ""]
    head = f"{'file':<36} {'':<10} {'found':>9} {'body cells':>16} {'header labels':>16}"
    lines.append(head)
    totals = {
        who: dict.fromkeys(("tables", "found", "cells", "correct", "columns", "labels"), 0)
        for who in ("project", "pdfplumber")
    }
    for name, r in results["zh"].items():
        for who in ("project", "pdfplumber"):
            s = r[who]
            for k in totals[who]:
                totals[who][k] += s[k]
            lines.append(
                f"{name if who == 'project' else '':<36} {who:<10} {s['found']:>4}/{s['tables']:<4} "
                f"{s['correct']:>5}/{s['cells']:<5} {_ratio(s['correct'], s['cells']):>4} "
                f"{s['labels']:>5}/{s['columns']:<5} {_ratio(s['labels'], s['columns']):>4}"
            )
    for who in ("project", "pdfplumber"):
        s = totals[who]
        lines.append(
            f"{'all' if who == 'project' else '':<36} {who:<10} {_ratio(s['found'], s['tables']):>9} "
            f"{_ratio(s['correct'], s['cells']):>16} {_ratio(s['labels'], s['columns']):>16}"
        )
    lines += ["", "peer cases (peer/cases.json; camelot quoted from issue #12)", ""]
    lines.append(f"{'case':<34} {'project':>14} {'pdfplumber':>14} {'camelot':>14}")
    for cid, r in results["peer"].items():
        lines.append(f"{cid:<34} {r['project']['text']:>14} {r['pdfplumber']['text']:>14} {r['camelot']:>14}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m score.realworld", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", metavar="FILE", help="also write the full results as JSON")
    args = parser.parse_args(argv)
    results = run(args.data)
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
