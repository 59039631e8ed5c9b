"""The curated vocabulary (warehouse/labels.csv) in the warehouse's labels table, and the report of
printed labels the vocabulary does not name yet."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from load.sql import scalar

LABELS_FILE = Path(__file__).resolve().parent.parent / "warehouse" / "labels.csv"
COLUMNS = ("kind", "code", "zh", "en", "subkind")


def read_vocabulary(path: Path = LABELS_FILE) -> list[tuple[str | None, ...]]:
    """Rows of the CSV as (kind, code, zh, en, subkind); empty fields become NULL."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [tuple((row[c] or None) for c in COLUMNS) for row in csv.DictReader(handle)]


def sync_labels(con: duckdb.DuckDBPyConnection, path: Path = LABELS_FILE) -> bool:
    """Make the labels table equal the CSV; True when it changed (no write when already equal).

    A warehouse migrated only part of the way (no labels table yet) is left alone."""
    exists = scalar(
        con,
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = 'labels'",
    )
    if not exists:
        return False
    wanted = sorted(read_vocabulary(path), key=repr)
    held = sorted(con.execute(f"SELECT {', '.join(COLUMNS)} FROM labels").fetchall(), key=repr)
    if held == wanted:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM labels")
        con.executemany(f"INSERT INTO labels ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)", wanted)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True


# Printed labels the views translate, as (kind, SQL yielding one printed label per fact row).
_PRINTED = {
    "item": "SELECT label_key(item) AS zh FROM budget_lines JOIN current_documents USING (document_id)",
    "org_unit part": (
        "SELECT label_key(unnest(string_split(org_unit, ' > '))) AS zh FROM budget_lines "
        "JOIN current_documents USING (document_id) WHERE org_unit IS NOT NULL"
    ),
    "table title": (
        "SELECT regexp_replace(t.title, '^[^：:]{1,30}[：:]\\s*', '') AS zh FROM tables t "
        "JOIN current_documents USING (document_id) WHERE t.title IS NOT NULL"
    ),
    "organ": (
        "SELECT trim(unnest(string_split(replace(organ, ' / ', '/'), '/'))) AS zh FROM current_documents "
        "WHERE organ IS NOT NULL"
    ),
}
_KNOWN = {
    "item": "SELECT zh FROM labels WHERE kind = 'item'",
    "org_unit part": "SELECT zh FROM labels WHERE kind = 'item'",
    "table title": "SELECT zh FROM labels WHERE kind = 'table_kind' AND subkind = 'title'",
    "organ": "SELECT zh FROM labels WHERE kind = 'organ'",
}


def unmapped_labels(con: duckdb.DuckDBPyConnection, limit: int = 30) -> list[tuple[str, str, int]]:
    """The most frequent printed labels without an English name: (kind, label, rows using it)."""
    parts = [
        f"SELECT '{kind}' AS kind, zh, count(*) AS n FROM ({sql}) "
        f"WHERE zh IS NOT NULL AND zh <> '' AND zh NOT IN ({_KNOWN[kind]}) "
        "AND NOT regexp_matches(zh, '^次级方案\\s*\\d+$') GROUP BY zh"
        for kind, sql in _PRINTED.items()
    ]
    query = " UNION ALL ".join(parts) + " ORDER BY n DESC, kind, zh LIMIT ?"
    return con.execute(query, [limit]).fetchall()


def render_unmapped(rows: list[tuple[str, str, int]]) -> str:
    if not rows:
        return "every printed label has an English name"
    lines = [f"{'rows':>6}  {'kind':<14} label (add it to warehouse/labels.csv)"]
    lines += [f"{n:>6}  {kind:<14} {zh}" for kind, zh, n in rows]
    return "\n".join(lines)
