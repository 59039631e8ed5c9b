"""Tables of a PDF page by page without the text pass: the project's extractor, and pdfplumber's
plain ``extract_tables()`` with its defaults as the baseline the scorers compare against."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path

import pdfplumber

from extract.models import Table
from extract.tables import extract_page_tables, stitch_tables

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def project_tables(path: Path, pages: Collection[int] | None = None) -> list[Table]:
    """The project's tables of one PDF (extract.tables page by page, then stitched); ``pages``
    (1-based) limits the reading to those pages."""
    frags = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            if pages is not None and i + 1 not in pages:
                continue
            frags.extend(extract_page_tables(page, i + 1))
            page.close()
    return stitch_tables(frags)


def default_tables(path: Path, pages: Collection[int] | None = None) -> list[tuple[int, list[list[str]]]]:
    """``page.extract_tables()`` with pdfplumber's defaults: (1-based page, rows; None cells as "")."""
    out = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            if pages is not None and i + 1 not in pages:
                continue
            for rows in page.extract_tables():
                out.append((i + 1, [[c or "" for c in r] for r in rows]))
            page.close()
    return out
