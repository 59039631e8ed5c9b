"""Contracts answer as small as the fault (issue #10): every check declares its kind; a row that
fails a plausibility check is rejected or demoted (kept in rejected_rows, one warning naming check,
page and text); too many such rows escalate; a table whose cells break a structural check is
withheld; a structural failure of the document quarantines it and keeps its previous version.

The documents are drawn PDFs read by the real extractor, loaded into real DuckDB files; the first
test runs the real ingest flow and the `unwh quality` command."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from drawn_pdf import Sheet

from extract.document import extract_document
from extract.models import SourceFile
from flows.pipeline import load_document
from load.exceptions import PublishError
from load.warehouse import open_warehouse
from transform.contract_base import PLAUSIBILITY, STRUCTURAL, column_check_kind, dataframe_check_kind
from transform.frames import build_frames
from transform.schemas import CONTRACTS

UNMARKED_NOTE = "本报告所述期间为二〇一九年一月一日至十二月三十一日。"  # printed without its marker
MARKED_NOTE = "见大会第 74/251 号决议。"
TABLE_ROWS = [("决策机关", "410.1", "8.5"), ("行政领导和管理", "1 234.5", "1 300.0"), ("共计", "1 644.6", "1 308.5")]


def draw_report(path: Path) -> Path:
    """Page 1: prose. Page 2: four paragraphs and, under a footnote rule, a note printed without
    its marker. Page 3: paragraphs, table 1 (three rows, a total) and a note with marker 2."""
    sh = Sheet(path)
    sh.prose(90, ["第一页的正文。"])
    for page in (2, 3):
        sh.new_page()
        top = 90.0
        for k in range(4):
            top = sh.prose(top, [f"本节说明环境规划署在本期间的工作方案和所需资源，第{page}页第{k + 1}段。"]) + 8
        if page == 3:
            sh.component_table(top, TABLE_ROWS, "按构成部分分列的资源")
        sh.rule(72, 212, 740)
        if page == 2:
            sh.text(72, 755, UNMARKED_NOTE, 8)
        else:
            sh.text(72, 752, "2", 5.5)
            sh.text(77, 755, MARKED_NOTE, 8)
    sh.save()
    return path


# --- every check of every contract, with its kind (hand-written: a new check must be added) ---------

DEMOTE_TO_PARAGRAPH = {"kind": "paragraph"}
NO_STATED_VALUES = dict.fromkeys(["target_text", "target_value", "achieved_text", "achieved_value", "value_unit"])
EXPECTED_KINDS = {
    # dataframe checks: (kind, safe reading of a failing row; {} = the row is rejected)
    "Documents.quarantine_has_reason": (STRUCTURAL, {}),
    "Paragraphs.seq_is_reading_order": (STRUCTURAL, {}),
    "Paragraphs.pages_never_go_back": (STRUCTURAL, {}),
    "Paragraphs.headings_have_levels": (PLAUSIBILITY, DEMOTE_TO_PARAGRAPH),
    "Paragraphs.footnotes_have_markers": (PLAUSIBILITY, DEMOTE_TO_PARAGRAPH),
    "Paragraphs.list_items_have_labels": (PLAUSIBILITY, DEMOTE_TO_PARAGRAPH),
    "Tables.pages_ordered": (STRUCTURAL, {}),
    "TableCells.one_cell_per_position": (STRUCTURAL, {}),
    "BudgetLines.one_line_per_cell": (STRUCTURAL, {}),
    "Mandates.key_is_organ_kind_number": (STRUCTURAL, {}),
    "Mandates.list_entries_have_titles": (PLAUSIBILITY, {}),
    "Mandates.citations_point_at_a_paragraph_or_a_cell": (STRUCTURAL, {}),
    "Mandates.cell_named_whole": (STRUCTURAL, {}),
    "Mandates.one_row_per_list_entry": (STRUCTURAL, {}),
    "Mandates.url_names_the_symbol": (PLAUSIBILITY, {"url": None}),
    "DocumentReferences.points_at_a_paragraph_or_a_cell": (STRUCTURAL, {}),
    "DocumentReferences.cell_named_whole": (STRUCTURAL, {}),
    "DocumentReferences.resolutions_are_mandates": (PLAUSIBILITY, {}),
    "Results.values_are_quoted_from_the_text": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.targets_only_in_programme_performance": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.a_value_has_its_text_and_unit": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.planned_results_are_numbered_and_titled": (PLAUSIBILITY, {}),
    "Results.objectives_have_text": (PLAUSIBILITY, {}),
    "Results.one_row_per_planned_result": (STRUCTURAL, {}),
    "PerformanceMeasures.one_table_one_subprogramme": (STRUCTURAL, {}),
    "Deliverables.one_count_per_item_and_column": (STRUCTURAL, {}),
    "Deliverables.rows_name_what_they_count": (PLAUSIBILITY, {}),
    # column checks declared plausible (every other column check, type, null and key is structural)
    "Documents.issued_on": (PLAUSIBILITY, {"issued_on": None}),
    "Documents.job_number": (PLAUSIBILITY, {"job_number": None}),
    "Paragraphs.number": (PLAUSIBILITY, {"number": None}),
    "BudgetLines.period": (PLAUSIBILITY, {}),
    "Posts.period": (PLAUSIBILITY, {}),
    "Posts.count": (PLAUSIBILITY, {}),
    "Mandates.symbol": (PLAUSIBILITY, {}),
    "Mandates.url": (PLAUSIBILITY, {"url": None}),
    "DocumentReferences.symbol": (PLAUSIBILITY, {}),
    "DocumentReferences.url": (PLAUSIBILITY, {"url": None}),
    "Results.number": (PLAUSIBILITY, {}),
    "Results.target_text": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.target_value": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.achieved_text": (PLAUSIBILITY, NO_STATED_VALUES),
    "Results.achieved_value": (PLAUSIBILITY, NO_STATED_VALUES),
    "Deliverables.unit": (PLAUSIBILITY, {"unit": None}),
    "Deliverables.count": (PLAUSIBILITY, {}),
}


def test_every_check_declares_its_kind():
    found = {}
    for model in CONTRACTS.values():
        schema = model.to_schema()
        for check in schema.checks:
            kind = dataframe_check_kind(model, check.name)  # raises for a check that declares none
            found[f"{model.__name__}.{check.name}"] = (kind.kind, dict(kind.demote))
        for name, column in schema.columns.items():
            kinds = [column_check_kind(model, name, check.name) for check in column.checks]
            for kind in kinds[:1]:  # a field declares one kind for all its value checks
                if kind.kind != STRUCTURAL:
                    found[f"{model.__name__}.{name}"] = (kind.kind, dict(kind.demote))
    assert found == EXPECTED_KINDS


# --- acceptance: a note printed without its marker costs one row, never the document -----------


def test_an_unmarked_footnote_is_demoted_and_the_document_loads(prefect_harness, tmp_path, capsys):
    from flows.cli import main
    from flows.ingest import ingest
    from flows.summary import render_summary

    pdf = draw_report(tmp_path / "report_zh.pdf")
    warehouse = tmp_path / "wh.duckdb"
    state = ingest(paths=[str(pdf)], warehouse=str(warehouse), return_state=True)
    summary = state.result(raise_on_failure=False)
    (outcome,) = summary.documents
    assert outcome.status == "loaded", outcome.reason
    assert outcome.rejected == 1
    assert "1 row set aside (rejected_rows)" in render_summary(summary)

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        # the note loads as a paragraph of page 2; the marked note of page 3 is still a footnote
        kinds = con.execute("SELECT page, kind, label, text FROM paragraphs WHERE text IN (?, ?) ORDER BY page",
                            [UNMARKED_NOTE, MARKED_NOTE]).fetchall()  # fmt: skip
        assert kinds == [(2, "paragraph", None, UNMARKED_NOTE), (3, "footnote", "2", MARKED_NOTE)]
        rejected = con.execute(
            'SELECT table_name, "check", check_kind, action, page, table_key, "row"->>\'kind\', "row"->>\'text\' '
            "FROM rejected_rows"
        ).fetchall()
        assert rejected == [("paragraphs", "Paragraphs.footnotes_have_markers", "plausibility", "demoted", 2, None,
                             "footnote", UNMARKED_NOTE)]  # fmt: skip
        issues = con.execute(
            "SELECT severity, page, detail FROM quality_issues WHERE \"check\" = 'Paragraphs.footnotes_have_markers'"
        ).fetchall()
        doc_id = con.execute("SELECT document_id FROM documents").fetchone()[0]
    finally:
        con.close()
    assert len(issues) == 1  # one row, one check: one issue (not one per column)
    severity, page, detail = issues[0]
    assert (severity, page) == ("warning", 2)
    assert "page 2" in detail and UNMARKED_NOTE[:20] in detail and "loaded as a paragraph" in detail
    assert doc_id not in detail

    assert main(["quality", "--warehouse", str(warehouse), "report_zh.pdf"]) == 0
    printed = capsys.readouterr().out
    assert "1 row set aside (rejected_rows)" in printed
    assert (
        "demoted  paragraphs (page 2): loaded as a paragraph: plausibility check Paragraphs.footnotes_have_markers"
        in printed
    )
    assert UNMARKED_NOTE[:20] in printed


# --- the response as small as the fault, on the drawn report's frames ------------------------------


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """(source, extraction) of the drawn report: extracted once, its frames rebuilt per test."""
    import hashlib

    pdf = draw_report(tmp_path_factory.mktemp("drawn") / "report_zh.pdf")
    data = pdf.read_bytes()
    source = SourceFile(path=pdf.name, document_id=hashlib.sha256(data).hexdigest(), file_size=len(data),
                        source_uri=str(pdf))  # fmt: skip
    return source, extract_document(pdf)


@pytest.fixture()
def con(tmp_path):
    connection = open_warehouse(tmp_path / "wh.duckdb")
    yield connection
    connection.close()


def _frames(report):
    source, extraction = report
    return build_frames(extraction, source)


def test_colliding_table_keys_quarantine_and_keep_the_previous_version(report, con):
    source, extraction = report
    first = load_document(con, source, extraction, _frames(report), pipeline_version="v1")
    assert first.status == "loaded", first.reason
    assert con.execute("SELECT count(*) FROM tables").fetchone()[0] == 1

    document = _frames(report)
    tables = document.frames["tables"]
    document.frames["tables"] = pd.concat([tables, tables.assign(title="另一个表")], ignore_index=True)
    second = load_document(con, source, extraction, document, pipeline_version="v2")

    assert second.status == "quarantined"
    assert second.reason.startswith("contract violated: 1 structural check failed: Tables.table_key.field_uniqueness")
    assert second.reason.endswith("(the previously published version is kept)")
    assert con.execute("SELECT status, pipeline_version FROM documents").fetchall() == [("loaded", "v1")]
    assert con.execute("SELECT table_key, title FROM tables").fetchall() == [("1", "按构成部分分列的资源")]
    errors = con.execute(
        "SELECT page, table_key FROM quality_issues WHERE severity = 'error' AND pipeline_version = 'v2'"
    ).fetchall()
    assert errors == [(3, "1"), (3, "1")]  # one issue per colliding row


def test_a_plausibility_check_failing_on_30_percent_of_rows_escalates(report, con):
    source, extraction = report
    document = _frames(report)
    paragraphs = document.frames["paragraphs"]
    assert len(paragraphs) == 10  # drawn: 1 + 4 + note + 3 + note (a row straddles pages 2-3)
    odd = paragraphs.index[paragraphs["kind"] == "paragraph"][:3]  # 3 of 10 rows: headings without a level
    paragraphs.loc[odd, "kind"] = "heading"
    outcome = load_document(con, source, extraction, document, pipeline_version="v1")

    assert outcome.status == "quarantined"
    assert outcome.reason.startswith(
        "contract violated: 1 structural check failed: Paragraphs.headings_have_levels (3 rows; first page 1"
    )
    assert con.execute("SELECT status FROM documents").fetchall() == [("quarantined",)]
    assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 0
    details = [d for (d,) in con.execute("SELECT detail FROM quality_issues WHERE \"check\" = "
                                          "'Paragraphs.headings_have_levels'").fetchall()]  # fmt: skip
    assert len(details) == 3 and all("3 of 10 rows fail it" in d for d in details)
    assert not any(source.document_id in d for d in details)


def test_a_table_whose_cells_break_a_structural_check_is_withheld(report, con):
    source, extraction = report
    document = _frames(report)
    cells = document.frames["table_cells"]
    document.frames["table_cells"] = pd.concat([cells, cells.iloc[[0]]], ignore_index=True)  # one cell twice
    outcome = load_document(con, source, extraction, document, pipeline_version="v1")

    assert outcome.status == "loaded", outcome.reason
    assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 10
    for table in ("tables", "table_cells", "budget_lines"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    withheld = con.execute(
        "SELECT severity, table_key, page, detail FROM quality_issues WHERE \"check\" = 'table_withheld'"
    ).fetchall()
    assert [w[:3] for w in withheld] == [("warning", "1", 3)]
    assert "TableCells.one_cell_per_position" in withheld[0][3]
    rejected = con.execute(
        "SELECT table_name, \"check\", action, table_key FROM rejected_rows WHERE action = 'withheld'"
    ).fetchall()
    assert rejected == [("table_cells", "TableCells.one_cell_per_position", "withheld", "1")] * 2


def test_rejected_rows_are_published_in_the_documents_transaction(report, con, monkeypatch):
    """A failure while publishing rejected_rows (the last table swapped) rolls back every table:
    the warehouse still shows the previous version with its own rejected rows."""
    from load import publish

    source, extraction = report
    assert load_document(con, source, extraction, _frames(report), pipeline_version="v1").status == "loaded"
    before = con.execute('SELECT "row"::VARCHAR FROM rejected_rows').fetchall()
    assert len(before) == 1  # the demoted note

    def fail_on_rejected_rows(connection, table, document_id):
        publish._replace_slice(connection, table, document_id)
        if table == "rejected_rows":  # after every other table of the slice was replaced
            raise RuntimeError("injected failure inside the publishing transaction")

    real = publish.publish_document
    monkeypatch.setattr("load.protocol.publish_document", lambda c, d: real(c, d, replace_slice=fail_on_rejected_rows))
    document = _frames(report)
    document.frames["paragraphs"] = document.frames["paragraphs"].assign(text="新版本")
    with pytest.raises(PublishError, match="rolled back"):
        load_document(con, source, extraction, document, pipeline_version="v2")
    assert con.execute("SELECT DISTINCT pipeline_version FROM documents").fetchall() == [("v1",)]
    assert con.execute("SELECT count(*) FROM paragraphs WHERE text = '新版本'").fetchone()[0] == 0
    assert con.execute('SELECT "row"::VARCHAR FROM rejected_rows').fetchall() == before


def test_an_odd_job_number_loads_the_document_without_it(report, con):
    source, extraction = report
    odd = dataclasses.replace(extraction, meta=dataclasses.replace(extraction.meta, job_number="第 20 号"))
    outcome = load_document(con, source, odd, _frames(report), pipeline_version="v1")
    assert outcome.status == "loaded", outcome.reason
    assert con.execute("SELECT job_number FROM documents").fetchall() == [(None,)]
    rejected = con.execute(
        """SELECT "check", action, "row"->>'job_number' FROM rejected_rows WHERE table_name = 'documents'"""
    ).fetchall()
    assert rejected == [("Documents.job_number.str_matches", "demoted", "第 20 号")]


def test_a_row_without_a_safe_reading_is_rejected_alone(report, con):
    source, extraction = report
    document = _frames(report)
    mandates = document.frames["mandates"]
    assert mandates["mandate_key"].tolist() == ["GA:resolution:74/251"]  # cited by the note of page 3
    document.frames["mandates"] = mandates.assign(symbol="决议草案")  # not a document symbol
    outcome = load_document(con, source, extraction, document, pipeline_version="v1")

    assert outcome.status == "loaded", outcome.reason
    assert con.execute("SELECT count(*) FROM mandates").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 10
    rejected = con.execute(
        """SELECT "check", action, page, "row"->>'mandate_key' FROM rejected_rows WHERE table_name = 'mandates'"""
    ).fetchall()
    assert ("Mandates.symbol.str_matches", "rejected", 3, "GA:resolution:74/251") in rejected
    details = [d for (d,) in con.execute("""SELECT detail FROM quality_issues WHERE "check" LIKE 'Mandates.%'""")
               .fetchall()]  # fmt: skip
    assert any("row not loaded" in d and "决议草案" in d for d in details)
