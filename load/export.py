"""Export the contract tables and analyst views to files: Parquet (column comments kept as file
metadata) or CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from load.exceptions import ExportError
from load.warehouse import SLICE_TABLES

FORMATS = ("parquet", "csv")
UTF8_BOM = "\ufeff"
_HERE = "database_name = current_database() AND schema_name = 'main'"  # not an attached staging file


def exportable(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Contract tables, then the analyst views, in schema main (staging and bookkeeping left out)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    ]
    views = [
        r[0]
        for r in con.execute(
            f"SELECT view_name FROM duckdb_views() WHERE {_HERE} AND NOT internal ORDER BY view_name"
        ).fetchall()
    ]
    contract = [t for t in (*SLICE_TABLES, "labels") if t in tables]
    extra = sorted(t for t in tables if t not in contract and t != "schema_migrations")
    return contract + extra + views


def comments(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, str]:
    """The relation's comment (key 'comment') and each column's (key 'comment:<column>')."""
    found: dict[str, str] = {}
    row = con.execute(
        f"SELECT comment FROM duckdb_tables() WHERE {_HERE} AND table_name = ? "
        f"UNION ALL SELECT comment FROM duckdb_views() WHERE {_HERE} AND view_name = ?",
        [name, name],
    ).fetchone()
    if row and row[0]:
        found["comment"] = row[0]
    for column, comment in con.execute(
        f"SELECT column_name, comment FROM duckdb_columns() WHERE {_HERE} AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall():
        if comment:
            found[f"comment:{column}"] = comment
    return found


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_warehouse(
    con: duckdb.DuckDBPyConnection, directory: str | Path, fmt: str, names: list[str] | None = None
) -> dict[str, Path]:
    """Write one file per table or view into ``directory``; return name -> file written."""
    if fmt not in FORMATS:
        raise ExportError(f"export: format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    available = exportable(con)
    names = names or available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ExportError(f"export: no table or view named {', '.join(unknown)} (have: {', '.join(available)})")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        target = directory / f"{name}.{fmt}"
        if fmt == "parquet":
            metadata = comments(con, name)
            kv = ", ".join(f"{_sql_string(k)}: {_sql_string(v)}" for k, v in metadata.items())
            options = "FORMAT parquet" + (f", KV_METADATA {{{kv}}}" if kv else "")
            con.execute(f'COPY (SELECT * FROM "{name}") TO {_sql_string(str(target))} ({options})')
        else:
            plain = target.with_suffix(".csv.part")
            con.execute(f'COPY (SELECT * FROM "{name}") TO {_sql_string(str(plain))} (FORMAT csv, HEADER)')
            with target.open("w", encoding="utf-8", newline="") as out, plain.open(encoding="utf-8", newline="") as src:
                out.write(UTF8_BOM)
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            plain.unlink()
        written[name] = target
    return written
