"""A light read-only look-up of which documents the warehouse already holds (plain functions; no
pandas, no Prefect: `unwh ingest` uses it to finish a run with nothing to do before importing the
heavy stack). Files are found by sources.paths.discover_pdfs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb

from load.exceptions import WarehouseLocked
from load.warehouse import connect

_SHA256 = re.compile(r"[0-9a-f]{64}")  # a document_id; anything else is never looked up


def loaded_documents(
    warehouse: str | Path, document_ids: Iterable[str], pipeline_version: str
) -> dict[str, tuple[str | None, int | None]] | None:
    """{document_id: (symbol, page_count)} of those among ``document_ids`` this pipeline version
    loaded, in one read-only query. None
    when that cannot be known cheaply (no warehouse file, no schema yet, a writer holds the file):
    the caller then takes the full path, which waits or creates as needed."""
    ids = list(dict.fromkeys(document_ids))
    if not Path(warehouse).is_file():
        return None
    try:
        con = connect(warehouse, read_only=True)
    except (WarehouseLocked, duckdb.Error):
        return None
    try:
        # literals, not parameters: binding any parameter makes duckdb 1.4 import pandas (~1 s)
        wanted = ", ".join(f"'{i}'" for i in ids if _SHA256.fullmatch(i))
        version = pipeline_version.replace("'", "''")
        rows = con.execute(
            "SELECT document_id, symbol, page_count FROM main.documents "
            f"WHERE document_id IN ({wanted or 'NULL'}) AND status = 'loaded' AND pipeline_version = '{version}'"
        ).fetchall()
    except duckdb.Error:  # a file without the schema yet
        return None
    finally:
        con.close()
    return {doc: (symbol, pages) for doc, symbol, pages in rows}
