"""The afternoon script `make bench` compares the project with: plain pdfplumber on the same PDFs,
``extract_text()`` and the default ``extract_tables()`` of every page, written to DuckDB.

Usage: .venv/bin/python tools/baseline_pdfplumber.py OUT.duckdb PATH [PATH ...]   (files or folders)

What a competent analyst would write in an afternoon: one process, one pass per page (each page
closed after use, as pdfplumber's docs advise), the rows inserted as DataFrames. No checks, no
contracts, no audits; it is the yardstick, not a product.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pdfplumber

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def pdfs(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found.extend(sorted(path.rglob("*.pdf")) if path.is_dir() else [path])
    return found


def extract(path: Path) -> tuple[list[dict], list[dict]]:
    pages, tables = [], []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            pages.append({"file": path.name, "page": number, "text": page.extract_text() or ""})
            for k, grid in enumerate(page.extract_tables()):
                tables.append({"file": path.name, "page": number, "table": k, "rows": json.dumps(grid)})
            page.close()
    return pages, tables


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, paths = argv[0], argv[1:]
    con = duckdb.connect(out)
    con.execute("CREATE TABLE IF NOT EXISTS pages (file TEXT, page INT, text TEXT)")
    con.execute('CREATE TABLE IF NOT EXISTS page_tables (file TEXT, page INT, "table" INT, rows TEXT)')
    n_pages = 0
    for path in pdfs(paths):
        pages, tables = extract(path)
        n_pages += len(pages)
        pages_df = pd.DataFrame(pages, columns=["file", "page", "text"])  # noqa: F841 (read by DuckDB)
        con.execute("INSERT INTO pages SELECT * FROM pages_df")
        if tables:
            tables_df = pd.DataFrame(tables, columns=["file", "page", "table", "rows"])  # noqa: F841
            con.execute("INSERT INTO page_tables SELECT * FROM tables_df")
    con.close()
    print(f"{n_pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
