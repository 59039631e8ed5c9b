"""Scale-out: extraction fanned out on a Dask LocalCluster (2 worker processes) gives exactly the
rows of the default runner (threads + one sandbox process per document): those of the session's
sample warehouse, which the real flow built with the default runner."""

from __future__ import annotations

from pathlib import Path

from extract.fingerprint import fingerprint_file
from load.warehouse import connect

ROOT = Path(__file__).resolve().parent.parent
DOCS = [str(ROOT / "samples" / "UNEP_GC.26_18_zh.pdf"), str(ROOT / "samples" / "UNEP_EA.4_16_zh.pdf")]


def _ingest(runner: str, tmp_path: Path, monkeypatch) -> Path:
    from flows.ingest import ingest

    warehouse = tmp_path / runner / "un_reports.duckdb"
    monkeypatch.setenv("UNWH_TASK_RUNNER", runner)
    monkeypatch.setenv("UNWH_WORKERS", "2")
    monkeypatch.setenv("UNWH_CACHE_DIR", str(tmp_path / runner / "cache"))  # no cache shared between the two
    state = ingest(paths=DOCS, warehouse=str(warehouse), return_state=True)
    summary = state.result(raise_on_failure=False)
    assert not isinstance(summary, BaseException), f"{runner}: the run failed: {summary!r}"
    assert {d.status for d in summary.documents} <= {"loaded", "quarantined"}
    assert len(summary.documents) == 2
    return warehouse


def _rows(warehouse: Path, ids: list[str]) -> dict[str, list[tuple]]:
    """The rows of the documents ``ids`` (the sample warehouse holds the other samples too)."""
    con = connect(warehouse, read_only=True)
    try:
        con.execute("CREATE TEMP TABLE wanted AS SELECT unnest(?::VARCHAR[]) AS document_id", [ids])
        mine = "WHERE document_id IN (SELECT document_id FROM wanted)"
        return {
            "documents": con.execute(
                f"SELECT * EXCLUDE (ingested_at) FROM documents {mine} ORDER BY document_id"
            ).fetchall(),
            "paragraphs": con.execute(f"SELECT * FROM paragraphs {mine} ORDER BY document_id, seq").fetchall(),
            "table_cells": con.execute(
                f"SELECT * FROM table_cells {mine} ORDER BY document_id, table_key, row, col"
            ).fetchall(),
            "quality_issues": con.execute(
                f'SELECT document_id, stage, "check", severity, table_key, page, detail FROM quality_issues {mine} '
                "ORDER BY ALL"
            ).fetchall(),
        }
    finally:
        con.close()


def test_dask_and_default_runner_load_identical_rows(sample_warehouse, tmp_path, monkeypatch):
    ids = [fingerprint_file(Path(d)).document_id for d in DOCS]
    threads = _rows(sample_warehouse[0], ids)  # built by the default runner (threads)
    dask = _rows(_ingest("dask", tmp_path, monkeypatch), ids)
    assert len(threads["documents"]) == 2
    assert threads["paragraphs"], "no paragraphs at all: nothing was compared"
    for table in threads:
        assert dask[table] == threads[table], f"{table} differs between the dask and the default runner"
