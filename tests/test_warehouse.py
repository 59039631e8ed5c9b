"""The warehouse contract and the publishing transaction, on real DuckDB files."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from load.exceptions import PublishError
from load.publish import is_already_loaded, publish_document, quarantine_document, stage_document
from load.warehouse import FACT_TABLES, MIGRATIONS_DIR, SLICE_TABLES, migrate, open_warehouse
from transform.documents import SourceFile, document_row
from transform.frames import issues_frame

DESIGN_COLUMNS = {
    "documents": "document_id symbol language title organ session agenda_item issued_on job_number page_count "
    "source_uri file_size ingested_at pipeline_version status status_reason",
    "paragraphs": "document_id seq page kind number label level section text footnote_refs links",
    "tables": "document_id table_key number part title unit factor page_first page_last n_rows n_cols category",
    "table_cells": "document_id table_key row col row_kind row_label row_path column_label text value",
    "budget_lines": "document_id symbol table_key fund org_unit item row_kind measure period amount_usd "
    "amount_text unit page",
    "posts": "document_id symbol table_key fund org_unit category grade period status count page",
    "mandates": "document_id mandate_key symbol organ kind number title source subprogramme paragraph_seq page url "
    "part table_key row col",
    "document_references": "document_id symbol paragraph_seq page url table_key row col",
    "results": "document_id subprogramme kind number title text page "
    "target_text target_value achieved_text achieved_value value_unit",
    "performance_measures": "document_id table_key subprogramme year statement page",
    "deliverables": "document_id table_key subprogramme category subcategory item unit year measure count page",
    "quality_issues": "document_id stage check severity table_key page detail",
    "rejected_rows": "document_id table_name row check page table_key reason",
}

DOC = "a" * 64


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = open_warehouse(tmp_path / "wh.duckdb")
    yield connection
    connection.close()


def _source(doc_id: str = DOC) -> SourceFile:
    return SourceFile(path="x.pdf", document_id=doc_id, file_size=10, source_uri="/tmp/x.pdf")


def _stage(con, text: str, version: str = "v1", doc_id: str = DOC) -> None:
    row = document_row(_source(doc_id), None, pipeline_version=version, status="loaded")
    paragraphs = pd.DataFrame(
        [
            {
                "document_id": doc_id,
                "seq": i,
                "page": 1,
                "kind": "paragraph",
                "text": f"{text} {i}",
                "footnote_refs": [],
                "links": [],
            }
            for i in range(3)
        ]
    )
    stage_document(con, doc_id, {"documents": pd.DataFrame([row]), "paragraphs": paragraphs})


def test_every_contract_column_exists_and_is_commented(con):
    columns = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND database_name = current_database()"
    ).df()
    for table, names in DESIGN_COLUMNS.items():
        present = set(columns.loc[columns.table_name == table, "column_name"])
        assert set(names.split()) <= present, f"{table} lacks {set(names.split()) - present}"
    contract = columns[columns.table_name.isin(SLICE_TABLES)]
    uncommented = contract[contract["comment"].isna()]
    assert uncommented.empty, f"columns without COMMENT: {uncommented[['table_name', 'column_name']].values}"
    tables = con.execute(
        "SELECT table_name, comment FROM duckdb_tables() "
        "WHERE schema_name = 'main' AND database_name = current_database()"
    ).df()
    assert tables.set_index("table_name").loc[list(SLICE_TABLES), "comment"].notna().all()


def test_migrations_are_versioned_and_applied_once(tmp_path):
    names = sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
    assert all(re.match(r"^\d{4}_[a-z0-9_]+\.sql$", n) for n in names)
    con = open_warehouse(tmp_path / "a.duckdb")
    assert migrate(con) == []  # already applied on open
    versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
    assert versions == [int(n[:4]) for n in names]


def test_an_older_warehouse_is_upgraded_in_place_and_keeps_its_rows(tmp_path):
    """A warehouse built before migration 0003 opens with the new columns (NULL on old rows) and its
    staging schema rebuilt to match, so the next publish works."""
    old = tmp_path / "migrations"
    old.mkdir()
    for sql in sorted(MIGRATIONS_DIR.glob("*.sql"))[:2]:
        (old / sql.name).write_text(sql.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    assert migrate(con, old) == [1, 2]
    con.execute("INSERT INTO results (document_id, kind, text, page) VALUES (?, 'objective', '推动', 3)", [DOC])
    con.close()
    con = open_warehouse(path)
    try:
        assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] >= 3
        row = con.execute("SELECT text, target_text, target_value, value_unit FROM results").fetchone()
        assert row == ("推动", None, None, None)
        staged = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_catalog = 'staging' AND table_name = 'mandates'"
            ).fetchall()
        }
        assert {"part", "table_key", "row", "col"} <= staged
        _stage(con, "after upgrade")
        publish_document(con, DOC)
        assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 3
    finally:
        con.close()


def test_publish_replaces_the_documents_slice(con):
    _stage(con, "first")
    publish_document(con, DOC)
    _stage(con, "second")
    publish_document(con, DOC)
    texts = [r[0] for r in con.execute("SELECT text FROM paragraphs ORDER BY seq").fetchall()]
    assert texts == ["second 0", "second 1", "second 2"]
    assert con.execute("SELECT count(*) FROM staging.paragraphs").fetchone()[0] == 0
    assert is_already_loaded(con, DOC, "v1") and not is_already_loaded(con, DOC, "v2")


def test_failure_inside_publish_keeps_previous_version(con):
    _stage(con, "old")
    publish_document(con, DOC)
    _stage(con, "new", version="v2")
    from load import publish as publish_module

    def fail_on_cells(connection, table, document_id):
        publish_module._replace_slice(connection, table, document_id)
        if table == "table_cells":  # after documents and paragraphs were already replaced
            raise RuntimeError("injected failure inside the publishing transaction")

    with pytest.raises(PublishError, match="rolled back"):
        publish_document(con, DOC, replace_slice=fail_on_cells)
    texts = [r[0] for r in con.execute("SELECT text FROM paragraphs ORDER BY seq").fetchall()]
    assert texts == ["old 0", "old 1", "old 2"]
    assert con.execute("SELECT pipeline_version FROM documents").fetchall() == [("v1",)]


def test_quarantine_keeps_a_published_version_and_records_why(con):
    _stage(con, "good")
    publish_document(con, DOC)
    row = document_row(_source(), None, pipeline_version="v2", status="quarantined", status_reason="audit failed")
    issues = issues_frame(DOC, [{"stage": "audit", "check": "x", "severity": "error", "detail": "bad"}], "v2")
    assert quarantine_document(con, row, issues) is True
    assert con.execute("SELECT status, pipeline_version FROM documents").fetchall() == [("loaded", "v1")]
    assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 3
    assert con.execute("SELECT detail FROM quality_issues").fetchall() == [("bad",)]


def test_quarantine_of_a_new_document_loads_no_facts(con):
    other = "b" * 64
    _stage(con, "half", doc_id=other)  # staged but never published
    row = document_row(_source(other), None, pipeline_version="v1", status="quarantined", status_reason="broken")
    quarantine_document(con, row, issues_frame(other, [], "v1"))
    assert con.execute("SELECT status, status_reason FROM documents").fetchall() == [("quarantined", "broken")]
    for table in FACT_TABLES:
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
        assert con.execute(f"SELECT count(*) FROM staging.{table}").fetchone()[0] == 0


def test_an_audit_that_crashes_quarantines_only_that_document(con):
    from extract.models import DocumentMeta, Extraction
    from flows.pipeline import load_document
    from transform.frames import DocumentFrames

    def broken_audit(staged):
        raise RuntimeError("suite file missing")

    source = _source()
    extraction = Extraction(meta=DocumentMeta(page_count=1), blocks=[], tables=[])
    outcome = load_document(con, source, extraction, DocumentFrames(frames={}), pipeline_version="v1",
                            audit=broken_audit)  # fmt: skip
    assert outcome.status == "quarantined" and "suite file missing" in outcome.reason
    assert con.execute("SELECT status FROM documents").fetchall() == [("quarantined",)]
    checks = con.execute('SELECT "check" FROM quality_issues').fetchall()
    assert ("audit_crashed",) in checks
