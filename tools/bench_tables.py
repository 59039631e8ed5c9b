"""Benchmark table extraction on the sample PDFs against pdfplumber's default extract_tables().

Usage: .venv/bin/python tools/bench_tables.py [PDF ...]   (default: samples/*.pdf)

For each document: pages/s and peak Python memory (tracemalloc) of extract/tables.py and of
``page.extract_tables()`` on the same pages, with the body-cell accuracy of each against the
answer key in tests/data/expected/<stem>.json (when there is one). pdfplumber's tables carry no
caption, so they are matched to the answer key in reading order.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import tracemalloc
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.models import Table, TableRow  # noqa: E402
from extract.tables import extract_page_tables, stitch_tables  # noqa: E402
from score.tables import expected_tables, score_tables  # noqa: E402

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def run_ours(path: Path) -> tuple[list[Table], int]:
    frags = []
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            frags.extend(extract_page_tables(page, i + 1))
            page.close()
    return stitch_tables(frags), n


def run_default(path: Path, expected: dict | None) -> tuple[list[Table], int]:
    found: list[list[list[str | None]]] = []
    pages: list[int] = []
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            for t in page.extract_tables():
                found.append(t)
                pages.append(i + 1)
            page.close()
    exp = expected_tables(expected) if expected else []
    tables = []
    for k, (grid, page_no) in enumerate(zip(found, pages, strict=True)):
        e = exp[k] if k < len(exp) else {}
        width = max((len(r) for r in grid), default=0)
        rows = [
            TableRow(kind="data", indent=0, cells=[c or "" for c in r] + [""] * (width - len(r)), page=page_no)
            for r in grid
        ]
        tables.append(
            Table(
                table_key=f"d{k}",
                number=e.get("number"),
                part=e.get("part"),
                title=None,
                unit=None,
                page_first=page_no,
                page_last=page_no,
                n_cols=width,
                header=[],
                column_labels=[""] * width,
                rows=rows,
            )
        )
    return tables, n


def measure(fn, *args):
    """Time one plain run (tracemalloc slows Python code several-fold), then trace a second."""
    t0 = time.perf_counter()
    out = fn(*args)
    dt = time.perf_counter() - t0
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, dt, peak / 2**20


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "samples").glob("*.pdf"))
    head = (
        f"{'document':34} {'pages':>5} | {'ours p/s':>8} {'MiB':>6} {'tables':>6} {'cells':>7} | "
        f"{'default p/s':>11} {'MiB':>6} {'tables':>6} {'cells':>7}"
    )
    print(head)
    print("-" * len(head))
    for path in paths:
        key = ROOT / "tests" / "data" / "expected" / f"{path.stem}.json"
        expected = json.loads(key.read_text(encoding="utf-8")) if key.exists() else None
        (ours, n), dt_o, mem_o = measure(run_ours, path)
        (default, _), dt_d, mem_d = measure(run_default, path, expected)

        def acc(tables: list[Table], exp: dict | None = expected) -> str:
            if exp is None:
                return "n/a"
            s = score_tables(exp, tables)
            return f"{s['cell_accuracy']:.4f}" if s["cells"] else "-"

        print(
            f"{path.stem[:34]:34} {n:5d} | {n / dt_o:8.1f} {mem_o:6.1f} {len(ours):6d} {acc(ours):>7} | "
            f"{n / dt_d:11.1f} {mem_d:6.1f} {len(default):6d} {acc(default):>7}"
        )
    print(
        "\ncells = body-cell accuracy against the answer key ('-' = the key has no tables);"
        " MiB = peak traced Python memory"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
