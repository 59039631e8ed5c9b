"""Local files given on the command line: folders expanded to their PDFs, and a light read-only
look-up of which of them the warehouse already holds (plain functions; no pandas, no Prefect:
`unwh ingest` uses them to finish a run with nothing to do before importing the heavy stack)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from load.exceptions import WarehouseLocked
from load.warehouse import connect


def discover_pdfs(paths: Iterable[str]) -> list[Path]:
    """Files as given, folders searched recursively for *.pdf; sorted, de-duplicated."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{raw}: no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def loaded_documents(warehouse: str | Path, document_ids: Iterable[str], pipeline_version: str) -> set[str] | None:
    """The ids among ``document_ids`` this pipeline version loaded, in one read-only query. None
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
        # the ids as one string: binding a Python list makes duckdb import pandas (~1 s)
        rows = con.execute(
            "SELECT document_id FROM main.documents WHERE document_id IN (SELECT unnest(string_split(?, ','))) "
            "AND status = 'loaded' AND pipeline_version = ?",
            [",".join(ids), pipeline_version],
        ).fetchall()
    except duckdb.Error:  # a file without the schema yet
        return None
    finally:
        con.close()
    return {row[0] for row in rows}
