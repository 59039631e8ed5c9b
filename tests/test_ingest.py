"""The ingest flow and `unwh ingest` end to end: real PDFs, real Prefect, real DuckDB files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import badfiles
from conftest import ROOT, SAMPLES
from overview_page import parse_page, section_of

from expectations.overview import OVERVIEW
from flows.cli import main
from load.warehouse import connect

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.pdf"))


def test_samples_load_with_their_symbols(sample_warehouse, warehouse_ro):
    path, summary = sample_warehouse
    assert [d.status for d in summary.documents] == ["loaded"] * len(SAMPLE_NAMES)
    # the audits' Data Docs report is built next to the warehouse and the summary names it
    assert summary.quality_report == str((path.parent / "quality" / "index.html").resolve())
    assert "budget_lines" in Path(summary.quality_report).read_text(encoding="utf-8")
    docs = warehouse_ro.execute(
        "SELECT regexp_extract(source_uri, '[^/]+$'), symbol, status, page_count, pipeline_version FROM documents"
    ).fetchall()
    by_file = {row[0]: row for row in docs}
    assert sorted(by_file) == SAMPLE_NAMES
    assert by_file["A_75_6_Sect.14_zh.pdf"][1] == "A/75/6 (Sect. 14)"
    assert by_file["UNEP_EA.4_16_zh.pdf"][1] == "UNEP/EA.4/16"
    assert by_file["UNEP_GC.26_18_zh.pdf"][1] == "UNEP/GC.26/18"
    assert by_file["A_75_6_Sect.14_zh.pdf"][3] == 73
    assert {row[2] for row in docs} == {"loaded"}


def test_every_fact_row_traces_to_a_page_of_its_document(warehouse_ro):
    bad = warehouse_ro.execute(
        """
        SELECT 'paragraphs' AS t, count(*) FROM paragraphs p JOIN documents d USING (document_id)
        WHERE p.page NOT BETWEEN 1 AND d.page_count
        UNION ALL
        SELECT 'table_cells', count(*) FROM table_cells c JOIN documents d USING (document_id)
        WHERE c.page NOT BETWEEN 1 AND d.page_count
        UNION ALL
        SELECT 'budget_lines', count(*) FROM budget_lines b
        LEFT JOIN table_cells c USING (document_id, table_key, "row", col)
        WHERE c.text IS NULL OR c.text <> b.amount_text
        """
    ).fetchall()
    assert all(n == 0 for _, n in bad), bad


def test_no_running_header_footer_or_page_number_in_text(warehouse_ro):
    leaks = warehouse_ro.execute(
        r"""
        SELECT d.symbol, p.page, p.text FROM paragraphs p JOIN documents d USING (document_id)
        WHERE (regexp_matches(p.text, '(^|\s)\d{1,3}/' || d.page_count || '(\s|$)')
               AND NOT regexp_matches(p.text, '第\s*\d{1,3}/' || d.page_count || '\s*号'))
           OR (d.job_number IS NOT NULL AND contains(p.text, d.job_number))
           OR (d.symbol IS NOT NULL AND trim(p.text) = d.symbol)
        """
    ).fetchall()
    assert leaks == []


def test_second_run_loads_nothing_and_says_so(sample_warehouse, capsys):
    path, _ = sample_warehouse
    before = connect(path, read_only=True)
    counts_before = before.execute(
        "SELECT count(*), max(ingested_at) FROM paragraphs JOIN documents USING (document_id)"
    ).fetchone()
    before.close()
    assert main(["ingest", str(SAMPLES), "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("already loaded") >= len(SAMPLE_NAMES)
    assert "loaded 0, already loaded 4, quarantined 0" in out
    after = connect(path, read_only=True)
    assert (
        after.execute("SELECT count(*), max(ingested_at) FROM paragraphs JOIN documents USING (document_id)").fetchone()
        == counts_before
    )
    after.close()


def test_bad_input_is_quarantined_with_a_specific_reason_and_good_files_still_load(prefect_harness, tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for make in badfiles.ALL.values():
        make(inbox)
    shutil.copy(SAMPLES / "UNEP_GC.26_18_zh.pdf", inbox)
    warehouse = tmp_path / "wh.duckdb"
    assert main(["ingest", str(inbox), "--warehouse", str(warehouse)]) == 1
    out = capsys.readouterr().out
    assert "quarantined 5" in out
    con = connect(warehouse, read_only=True)
    rows = con.execute(
        "SELECT regexp_extract(source_uri, '[^/]+$'), status, status_reason, document_id FROM documents"
    ).fetchall()
    by_file = {r[0]: r for r in rows}
    assert by_file["UNEP_GC.26_18_zh.pdf"][1] == "loaded"
    reasons = {name: by_file[name][2] for name in badfiles.ALL}
    assert all(by_file[name][1] == "quarantined" for name in badfiles.ALL)
    assert len(set(reasons.values())) == len(reasons), f"reasons must be specific: {reasons}"
    assert "empty" in reasons["empty.pdf"].lower() or "0 bytes" in reasons["empty.pdf"]
    assert "not a pdf" in reasons["minutes.pdf"].lower()
    assert "truncat" in reasons["truncated.pdf"].lower() or "damaged" in reasons["truncated.pdf"].lower()
    assert "encrypt" in reasons["encrypted.pdf"].lower() or "password" in reasons["encrypted.pdf"].lower()
    assert "text layer" in reasons["scanned.pdf"].lower()
    for name in badfiles.ALL:
        doc_id = by_file[name][3]
        issues = con.execute("SELECT severity FROM quality_issues WHERE document_id = ?", [doc_id]).fetchall()
        assert ("error",) in issues, name
        facts = con.execute("SELECT count(*) FROM paragraphs WHERE document_id = ?", [doc_id]).fetchone()[0]
        assert facts == 0, f"{name} must not be half loaded"
    con.close()
    # the audit overview lists them too: quarantined before any audit, with their reasons
    page = warehouse.parent / "quality" / OVERVIEW
    assert f"audit overview: {page.resolve()}" in out
    root = parse_page(page.read_text(encoding="utf-8"))
    for name, reason in reasons.items():
        section = section_of(root, by_file[name][3])
        assert (section.attrs["data-status"], section.attrs["data-audit"]) == ("quarantined", "not audited")
        assert reason in section.text() and "1 errors" in section.text()
    good = section_of(root, by_file["UNEP_GC.26_18_zh.pdf"][3])
    assert (good.attrs["data-status"], good.attrs["data-audit"]) == ("loaded", "passed")


def test_cli_usage_errors_exit_2(tmp_path):
    missing = subprocess.run(
        [sys.executable, "-m", "flows.cli", "ingest", str(tmp_path / "nope.pdf")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert missing.returncode == 2 and "no such file" in missing.stderr
    no_args = subprocess.run([sys.executable, "-m", "flows.cli"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert no_args.returncode == 2


def test_a_document_over_its_time_limit_is_quarantined_not_fatal(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setenv("UNWH_EXTRACT_TIMEOUT", "0.5")
    shutil.copy(SAMPLES / "A_75_6_Sect.14_zh.pdf", tmp_path)
    warehouse = tmp_path / "wh.duckdb"
    assert main(["ingest", str(tmp_path / "A_75_6_Sect.14_zh.pdf"), "--warehouse", str(warehouse)]) == 1
    con = connect(warehouse, read_only=True)
    status, reason = con.execute("SELECT status, status_reason FROM documents").fetchone()
    con.close()
    assert status == "quarantined" and "did not finish within 0.5 s" in reason
