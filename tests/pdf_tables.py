"""The table extractor run page by page on a PDF, as the table tests need it (fragments and tables)."""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber

from extract.models import Table, TableFragment
from extract.tables import extract_page_tables, stitch_tables

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def extract_tables(path: Path) -> tuple[list[TableFragment], list[Table]]:
    """Every page's table fragments, and the tables stitched from them."""
    frags: list[TableFragment] = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            frags.extend(extract_page_tables(page, i + 1))
            page.close()
    return frags, stitch_tables(frags)
