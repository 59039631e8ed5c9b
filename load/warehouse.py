"""DuckDB connection and schema migrations: the only place that opens the warehouse for writing."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from load.exceptions import MigrationError, WarehouseLocked
from load.labels import sync_labels
from load.sql import scalar

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "migrations"

# Fact tables of the contract, keyed by document_id; publishing replaces a document's slice of each.
FACT_TABLES: tuple[str, ...] = (
    "paragraphs",
    "tables",
    "table_cells",
    "budget_lines",
    "posts",
    "mandates",
    "document_references",
    "results",
    "performance_measures",
    "deliverables",
)
PUBLISHED_TABLES: tuple[str, ...] = ("documents", *FACT_TABLES, "quality_issues")  # each one audited
# Published with the document in the same transaction, but not audited: what the contract set aside.
RECORD_TABLES: tuple[str, ...] = ("rejected_rows",)
SLICE_TABLES: tuple[str, ...] = (*PUBLISHED_TABLES, *RECORD_TABLES)  # a document's slice of the warehouse

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file; never downloads extensions (the machine may be offline)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseLocked(f"{path}: warehouse is locked by another process ({exc})") from exc
        raise


def list_migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for sql in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(sql.name)
        if not match:
            raise MigrationError(f"{sql}: migration files are named NNNN_description.sql")
        found.append((int(match.group(1)), sql))
    versions = [v for v, _ in found]
    # Parallel branches reserve numbers ahead of merging, so a gap is allowed; a number used twice is not.
    if len(set(versions)) != len(versions) or 0 in versions:
        raise MigrationError(f"{directory}: migration versions must be unique and start at 1, got {versions}")
    return found


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply the migrations not yet applied, each in its own transaction; return their versions."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, sql in list_migrations(directory):
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [version, sql.name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise MigrationError(f"migration {sql.name} failed: {exc}") from exc
        applied.append(version)
    _ensure_staging(con)
    sync_labels(con)  # the vocabulary behind the analyst views follows warehouse/labels.csv
    return applied


def staging_path(path: str | Path) -> Path:
    """The file beside the warehouse that holds its staging tables: un_reports.duckdb -> un_reports.staging.duckdb."""
    path = Path(path)
    return path.with_name(f"{path.stem}.staging{path.suffix or '.duckdb'}")


def _ensure_staging(con: duckdb.DuckDBPyConnection) -> None:
    """Staging mirrors the published tables column for column (rebuilt when the contract moves).

    It lives in a file of its own, attached as catalog ``staging`` to writer connections only, so
    analysts opening the warehouse see the contract and the views, nothing half-loaded. A pre-0.3
    warehouse kept a schema ``staging`` inside the file: it only ever held transient rows, and is
    dropped (the next ingest stages again)."""
    attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    if "staging" not in attached:
        database = _current_database(con)
        old_schema = scalar(
            con, "SELECT count(*) FROM duckdb_schemas() WHERE database_name = ? AND schema_name = 'staging'", [database]
        )
        if old_schema:
            con.execute(f'DROP SCHEMA "{database}".staging CASCADE')
        own = scalar(con, "SELECT path FROM duckdb_databases() WHERE database_name = ?", [database])
        target = str(staging_path(own)) if own else ":memory:"
        con.execute(f"ATTACH '{target.replace(chr(39), chr(39) * 2)}' AS staging")
    main_cols = _columns(con, _current_database(con))
    staged_cols = _columns(con, "staging")
    for table in SLICE_TABLES:
        if staged_cols.get(table, []) != main_cols.get(table, []):
            con.execute(f"CREATE OR REPLACE TABLE staging.{table} AS SELECT * FROM main.{table} LIMIT 0")


def _current_database(con: duckdb.DuckDBPyConnection) -> str:
    return str(scalar(con, "SELECT current_database()"))


def _columns(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[tuple[str, str]]]:
    """Each table of ``catalog``'s main schema: its (column, type) in order. One query for all of
    them: the writer opens the warehouse once per document."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_schema = 'main' ORDER BY table_name, ordinal_position",
        [catalog],
    ).fetchall():
        out.setdefault(table, []).append((column, data_type))
    return out


def open_warehouse(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Connect for writing and bring the schema up to date."""
    con = connect(path)
    migrate(con)
    return con
