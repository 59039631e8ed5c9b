"""The audits (Great Expectations, real, no mocks): each suite passes a valid staged document and
reports a deliberately broken one; a failed audit quarantines and keeps the published version;
the Data Docs list every suite and render in a headless browser; the overview page shows failed audits."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd
import pytest
from overview_page import assert_self_contained, cells, link_of, parse_page, passed_of_evaluated, section_of, suite_rows

from expectations.overview import OVERVIEW, write_overview
from expectations.runner import (
    SUITES,
    audit_document,
    audit_frames,
    build_data_docs,
    render_data_docs,
    suite_module,
)
from extract.models import DocumentMeta, Extraction, SourceFile
from flows.pipeline import load_document
from load.publish import read_staged, stage_document
from load.reports import document_statuses
from load.warehouse import PUBLISHED_TABLES, open_warehouse
from transform.documents import document_row
from transform.frames import DocumentFrames, issues_frame

DOC = "d" * 64
SYMBOL = "A/75/6 (Sect. 14)"
CHROMIUM = Path("/usr/bin/chromium")

Staged = dict[str, pd.DataFrame]


# --- a valid minimal document, every table, built in code ------------------------------------

BUDGET = {  # table_key -> (page, rows of (label, row_kind, 2019 expenditure, 2021 estimate))
    "14.1": (3, [("员额", "data", "1 000.0", "1 100.0"), ("非员额", "data", "500.5", "600.0"),
                 ("共计", "total", "1 500.5", "1 700.0")]),
    "14.2": (4, [("行政领导和管理", "data", "300.5", "400.0"), ("工作方案", "data", "1 200.0", "1 300.0"),
                 ("共计", "total", "1 500.5", "1 700.0")]),
}  # fmt: skip
POSTS = ("14.3", 6, [("P-5", "data", "3"), ("共计", "total", "3")])
OTHER = {"14.4": (7, "deliverables", "应交付产出"), "14.5": (8, "performance", "业绩计量")}


def _number(text: str) -> float | None:
    return float(text.replace(" ", "")) if text[0].isdigit() else None


def _source(document_id: str = DOC) -> SourceFile:
    return SourceFile(path="A_75_6_Sect.14_zh.pdf", document_id=document_id, file_size=1234,
                      source_uri="/inbox/A_75_6_Sect.14_zh.pdf")  # fmt: skip


def _meta() -> DocumentMeta:
    return DocumentMeta(symbol=SYMBOL, title="2021年拟议方案预算", organ="GA", session="75",
                        issued_on="2020-04-20", job_number="20-05612", page_count=10)  # fmt: skip


def fact_frames(document_id: str = DOC) -> dict[str, pd.DataFrame]:
    """Every fact frame of a small but complete budget fascicle, valid under the contracts."""
    d = document_id
    paragraphs = pd.DataFrame(
        [
            (0, 1, "heading", None, None, 1, None, "第14款 环境", [], []),
            (1, 1, "paragraph", "14.1", None, None, "第14款 环境", "环境署依据第2997(XXVII)号决议工作。", ["1"], []),
            (2, 2, "list_item", None, "(a)", None, "第14款 环境", "环境方案。", [], ["https://undocs.org/A/73/81"]),
            (3, 2, "footnote", None, "1", None, "第14款 环境", "A/73/81-E/2018/59。", [], []),
        ],
        columns=["seq", "page", "kind", "number", "label", "level", "section", "text", "footnote_refs", "links"],
    )  # fmt: skip
    paragraphs.insert(0, "document_id", d)
    paragraphs["raw_text"] = paragraphs["text"]
    paragraphs["page_last"] = pd.array([None, 1, 2, None], dtype="Int64")
    paragraphs["level"] = paragraphs["level"].astype("Int64")

    tables, cells, lines = [], [], []
    for key, (page, rows) in BUDGET.items():
        tables.append(
            (key, key, None, "按支出用途开列的财政资源", "(千美元)", 1000.0, page, page, len(rows), 3, "budget")
        )
        for r, (label, kind, spent, estimate) in enumerate(rows):
            for c, text in enumerate((label, spent, estimate)):
                column = [None, "2019年 支出数", "2021年 估计数"][c]
                cells.append((key, r, c, kind, label, label, column, text, _number(text) if c else None, page))
            for c, text, measure, period in ((1, spent, "expenditure", "2019"), (2, estimate, "estimate", "2021")):
                lines.append((SYMBOL, key, "regular_budget", None, label, kind, measure, period,
                              _number(text) * 1000, text, "(千美元)", page, r, c))  # fmt: skip
    key, page, rows = POSTS
    tables.append((key, key, None, "拟议员额", None, None, page, page, len(rows), 2, "posts"))
    posts = []
    for r, (label, kind, count) in enumerate(rows):
        for c, text in enumerate((label, count)):
            cells.append((key, r, c, kind, label, label, [None, "2021年"][c], text, _number(text) if c else None, page))
        grade = label if kind == "data" else None
        category = "professional_and_higher" if grade else None
        posts.append((SYMBOL, key, "regular_budget", None, category, grade, "2021", "proposed", int(count), page, r, 1))
    for key, (page, category, title) in OTHER.items():
        tables.append((key, key, None, title, None, None, page, page, 1, 2, category))
        cells += [(key, 0, 0, "data", "会议", "会议", None, "会议", None, page),
                  (key, 0, 1, "data", "会议", "会议", "2021年 计划数", "5", 5.0, page)]  # fmt: skip
    mandate = "授权：大会第 73/260 号决议\n成员：193 名政府官员"  # a table of bodies citing their mandate
    tables.append(("14.6", "14.6", None, "政府间机构", None, None, 9, 9, 1, 1, "other"))
    cells.append(("14.6", 0, 0, "data", mandate, mandate, None, mandate, None, 9))

    frames = {
        "paragraphs": paragraphs,
        "tables": pd.DataFrame(tables, columns=["table_key", "number", "part", "title", "unit", "factor",
                                                "page_first", "page_last", "n_rows", "n_cols", "category"]),
        "table_cells": pd.DataFrame(cells, columns=["table_key", "row", "col", "row_kind", "row_label", "row_path",
                                                    "column_label", "text", "value", "page"]),
        "budget_lines": pd.DataFrame(lines, columns=["symbol", "table_key", "fund", "org_unit", "item", "row_kind",
                                                     "measure", "period", "amount_usd", "amount_text", "unit",
                                                     "page", "row", "col"]),
        "posts": pd.DataFrame(posts, columns=["symbol", "table_key", "fund", "org_unit", "category", "grade",
                                              "period", "status", "count", "page", "row", "col"]),
        "mandates": pd.DataFrame([("GA:resolution:2997 (XXVII)", "A/RES/2997(XXVII)", "GA", "resolution",
                                   "2997 (XXVII)", None, "citation", None, 1, 1, None, None, None, None, None),
                                  ("GA:resolution:73/260", "A/RES/73/260", "GA", "resolution", "73/260", None,
                                   "citation", None, None, 9, None, None, "14.6", 0, 0)],
                                 columns=["mandate_key", "symbol", "organ", "kind", "number", "title", "source",
                                          "subprogramme", "paragraph_seq", "page", "url", "part", "table_key",
                                          "row", "col"]),
        "document_references": pd.DataFrame([("A/73/81-E/2018/59", 3, 2, "https://undocs.org/A/73/81", None, None,
                                              None)],
                                            columns=["symbol", "paragraph_seq", "page", "url", "table_key", "row",
                                                     "col"]),
        "results": pd.DataFrame([(None, "objective", None, "目标", "推动环境可持续性。", 9) + (None,) * 5,
                                 ("次级方案 1", "programme_performance", None, "2019 年方案执行情况",
                                  "新增了 35 个国家，而目标是 30 个。", 9, "30 个", 30.0, "35 个", 35.0, "个")],
                                columns=["subprogramme", "kind", "number", "title", "text", "page", "target_text",
                                         "target_value", "achieved_text", "achieved_value", "value_unit"]),
        "performance_measures": pd.DataFrame([("14.5", "次级方案 1", "2021", "采取行动的国家数目：10", 8)],
                                             columns=["table_key", "subprogramme", "year", "statement", "page"]),
        "deliverables": pd.DataFrame([("14.4", "次级方案 1", "A. 会议", None, "会议", "(次)",
                                       "2021", "planned", 5, 7)],
                                     columns=["table_key", "subprogramme", "category", "subcategory", "item",
                                              "unit", "year", "measure", "count", "page"]),
    }  # fmt: skip
    frames["tables"]["notes"] = [[] for _ in range(len(frames["tables"]))]
    for name in ("posts", "mandates", "document_references"):
        frames[name][["row", "col"]] = frames[name][["row", "col"]].astype("Int64")
    frames["mandates"]["paragraph_seq"] = frames["mandates"]["paragraph_seq"].astype("Int64")
    for name, frame in frames.items():
        if name != "paragraphs":
            frame.insert(0, "document_id", d)
    return frames


def valid_document(document_id: str = DOC, version: str = "v1") -> dict[str, pd.DataFrame]:
    row = document_row(_source(document_id), _meta(), pipeline_version=version, status="loaded")
    issue = {"stage": "transform", "check": "table_structure_uncertain", "severity": "warning",
             "table_key": "14.9", "page": 9, "detail": "table 14.9 (page 9) was not loaded"}  # fmt: skip
    return {
        "documents": pd.DataFrame([row]),
        **fact_frames(document_id),
        "quality_issues": issues_frame(document_id, [issue], version),
    }


@pytest.fixture(scope="session")
def staged(tmp_path_factory) -> Staged:
    """The valid document written to a real staging schema and read back as the audit sees it."""
    con = open_warehouse(tmp_path_factory.mktemp("staged") / "wh.duckdb")
    stage_document(con, DOC, valid_document())
    frames = read_staged(con, DOC)
    con.close()
    return frames


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("warehouse") / "quality"


@pytest.fixture(scope="session")
def audit(docs_dir) -> Callable[[Staged], list[dict[str, object]]]:
    """One GX context (under the session's warehouse/gx) for every test."""
    return partial(audit_document, data_docs_dir=docs_dir)


def _copy(staged: Staged) -> Staged:
    return {name: frame.copy() for name, frame in staged.items()}


def _checks(issues: list[dict[str, object]], severity: str = "error") -> set[str]:
    return {str(i["check"]) for i in issues if i["severity"] == severity}


# --- every suite: passes the valid document, reports its broken variant ----------------------


def test_one_suite_module_per_published_table():
    assert SUITES == PUBLISHED_TABLES
    for table in SUITES:
        module = suite_module(table)
        assert table == module.TABLE and module.__doc__ and callable(module.audit_frame)


def test_the_valid_document_passes_every_suite(staged, audit):
    assert all(not audit_frames(staged)[t].empty for t in SUITES)
    assert audit(staged) == []


def _set(table: str, column: str, value: object, row: int = 0) -> Callable[[Staged], None]:
    def breaker(s: Staged) -> None:
        s[table].loc[row, column] = value

    return breaker


def _orphan_cell(s: Staged) -> None:
    s["table_cells"] = pd.concat([s["table_cells"], s["table_cells"].iloc[[0]].assign(table_key="9.9")])


def _unequal_totals(s: Staged) -> None:
    """Table 14.2 prints another 2021 total than table 14.1 (cell and line agree with each other)."""
    cells, lines = s["table_cells"], s["budget_lines"]
    cells.loc[(cells.table_key == "14.2") & (cells.row == 2) & (cells.col == 2), ["text", "value"]] = ["1 800.0", 1800]
    at = (lines.table_key == "14.2") & (lines.row == 2) & (lines.col == 2)
    lines.loc[at, ["amount_text", "amount_usd"]] = ["1 800.0", 1_800_000.0]


BROKEN = {
    "documents": (_set("documents", "status", "quarantined"), "documents.expect_column_values_to_be_in_set.status"),
    "paragraphs": (_set("paragraphs", "seq", 1, row=2), "paragraphs.expect_column_values_to_be_unique.seq"),
    "tables": (_set("tables", "n_rows", 4), "tables.expect_column_pair_values_to_be_equal.n_rows,cell_rows"),
    "table_cells": (_orphan_cell, "table_cells.expect_column_values_to_not_be_null.in_tables"),
    "budget_lines": (
        _set("budget_lines", "amount_text", "1 000.1"),
        "budget_lines.expect_column_pair_values_to_be_equal.amount_text,cell_text",
    ),
    "posts": (_set("posts", "count", 4), "posts.expect_column_values_to_be_in_set.count_matches_cell"),
    "mandates": (_set("mandates", "paragraph_seq", 99), "mandates.expect_column_values_to_be_in_set.in_paragraphs"),
    "document_references": (
        _set("document_references", "page", 1),
        "document_references.expect_column_values_to_be_in_set.page_in_paragraph",
    ),
    "results": (_set("results", "page", 11), "results.expect_column_values_to_be_between.page"),
    "performance_measures": (
        _set("performance_measures", "table_key", "14.99"),
        "performance_measures.expect_column_values_to_not_be_null.in_tables",
    ),
    "deliverables": (
        _set("deliverables", "page", 8),
        "deliverables.expect_column_pair_values_a_to_be_greater_than_b.table_page_last,page",
    ),
    "quality_issues": (
        _set("quality_issues", "severity", "error"),
        "quality_issues.expect_column_values_to_be_in_set.severity",
    ),
}


def test_every_suite_has_a_broken_case():
    assert set(BROKEN) == set(SUITES)


@pytest.mark.parametrize("table", list(BROKEN))
def test_each_suite_reports_its_broken_document(staged, audit, table):
    breaker, check = BROKEN[table]
    broken = _copy(staged)
    breaker(broken)
    issues = audit(broken)
    assert check in _checks(issues), f"{check} not reported; got {[i['check'] for i in issues]}"
    issue = next(i for i in issues if i["check"] == check)
    assert issue["stage"] == "audit" and DOC[:12] in str(issue["detail"]) and table in str(issue["detail"])
    assert {str(i["check"]).split(".")[0] for i in issues if i["severity"] == "error"} == {table}


def _reference_in_cell(symbol: str) -> Callable[[Staged], None]:
    def breaker(s: Staged) -> None:
        row = s["document_references"].iloc[[0]].assign(symbol=symbol, paragraph_seq=None, page=9, url=None,
                                                         table_key="14.6", row=0, col=0)  # fmt: skip
        s["document_references"] = pd.concat([s["document_references"], row], ignore_index=True)

    return breaker


CELL_AND_TARGET_CASES = {
    "cell not staged": (_set("mandates", "col", 5, row=1), "mandates.expect_column_values_to_be_in_set.in_cells"),
    "cell does not print the number": (
        _set("mandates", "number", "73/261", row=1),
        "mandates.expect_column_values_to_be_in_set.number_in_cell",
    ),
    "paragraph and cell at once": (
        _set("mandates", "paragraph_seq", 1, row=1),
        "mandates.expect_column_values_to_be_in_set.one_place",
    ),
    "cell on another page": (
        _set("mandates", "page", 8, row=1),
        "mandates.expect_column_pair_values_to_be_equal.page,cell_page",
    ),
    "reference the cell does not print": (
        _reference_in_cell("A/74/7"),
        "document_references.expect_column_values_to_be_in_set.symbol_in_cell",
    ),
    "target not in the text": (
        _set("results", "target_text", "31 个", row=1),
        "results.expect_column_values_to_be_in_set.target_quoted",
    ),
    "target value not what is printed": (
        _set("results", "target_value", 31.0, row=1),
        "results.expect_column_values_to_be_in_set.target_quoted",
    ),
    "achieved value not what is printed": (
        _set("results", "achieved_value", 36.0, row=1),
        "results.expect_column_values_to_be_in_set.achieved_quoted",
    ),
}


@pytest.mark.parametrize("case", list(CELL_AND_TARGET_CASES))
def test_cell_citations_and_stated_targets_are_audited(staged, audit, case):
    breaker, check = CELL_AND_TARGET_CASES[case]
    broken = _copy(staged)
    breaker(broken)
    assert check in _checks(audit(broken))


def test_a_reference_the_cell_prints_passes(staged, audit):
    fine = _copy(staged)
    _reference_in_cell("A/73/81")(fine)
    cells = fine["table_cells"]
    cells.loc[cells["table_key"] == "14.6", "text"] += "（见 A/73/81）"
    assert audit(fine) == []


def test_issues_name_the_table_and_page(staged, audit):
    broken = _copy(staged)
    _set("budget_lines", "amount_text", "1 000.1")(broken)
    issue = next(i for i in audit(broken) if i["check"].endswith("amount_text,cell_text"))
    assert (issue["table_key"], issue["page"]) == ("14.1", 3)
    assert "'1 000.1'" in issue["detail"] or "amount_text=1 000.1" in issue["detail"]


def test_totals_of_budget_tables_that_disagree_are_reported(staged, audit):
    broken = _copy(staged)
    _unequal_totals(broken)
    issues = audit(broken)
    assert _checks(issues) == set()  # a warning while org_unit is not set on component tables
    assert _checks(issues, "warning") == {"budget_lines.expect_column_values_to_be_in_set.total_agrees"}
    detail = next(i["detail"] for i in issues if i["check"].endswith("total_agrees"))
    assert "table_key=14.1," in detail and "table_key=14.2," in detail


def test_pages_beyond_the_document_are_errors(staged, audit):
    broken = _copy(staged)
    broken["documents"].loc[0, "page_count"] = 5  # tables are printed on pages 3..8
    checks = _checks(audit(broken))
    assert "tables.expect_column_values_to_be_between.page_first" in checks
    assert "table_cells.expect_column_values_to_be_between.page" in checks


def test_soft_checks_are_warnings(staged, audit):
    broken = _copy(staged)
    broken["paragraphs"].at[1, "footnote_refs"] = ["7"]
    issues = audit(broken)
    assert _checks(issues) == set()
    assert _checks(issues, "warning") == {"paragraphs.expect_column_values_to_be_in_set.footnote_refs_resolve"}


# --- load_document end to end: a failed audit quarantines, the published version stays -------


def _load(con, version: str, frames: dict[str, pd.DataFrame], audit):
    extraction = Extraction(meta=_meta(), blocks=[], tables=[])
    return load_document(con, _source(), extraction, DocumentFrames(frames=frames), pipeline_version=version,
                         audit=audit)  # fmt: skip


def test_failed_audit_keeps_the_published_version(tmp_path, audit):
    con = open_warehouse(tmp_path / "wh.duckdb")
    first = _load(con, "v1", fact_frames(), audit)
    assert first.status == "loaded", first.reason
    published = con.execute("SELECT count(*) FROM main.table_cells WHERE document_id = ?", [DOC]).fetchone()[0]

    second = fact_frames()
    second["tables"].loc[0, "n_rows"] = 4  # one frame at a time looks fine: only the audit can tell
    outcome = _load(con, "v2", second, audit)
    assert outcome.status == "quarantined" and "audit failed" in outcome.reason
    assert "previously published version is kept" in outcome.reason

    assert con.execute("SELECT status, pipeline_version FROM main.documents").fetchall() == [("loaded", "v1")]
    assert con.execute("SELECT count(*) FROM main.table_cells").fetchone()[0] == published
    assert con.execute("SELECT max(n_rows) FROM main.tables WHERE table_key = '14.1'").fetchone()[0] == 3
    issues = con.execute(
        "SELECT \"check\", severity, table_key, pipeline_version FROM main.quality_issues WHERE stage = 'audit'"
    ).fetchall()
    assert ("tables.expect_column_pair_values_to_be_equal.n_rows,cell_rows", "error", "14.1", "v2") in issues
    assert con.execute("SELECT count(*) FROM staging.tables").fetchone()[0] == 0
    con.close()


def test_audit_warnings_are_published_with_the_document(tmp_path, audit):
    con = open_warehouse(tmp_path / "wh.duckdb")
    frames = fact_frames()
    frames["paragraphs"].at[1, "footnote_refs"] = ["7"]  # a footnote marker with no footnote: soft
    outcome = _load(con, "v1", frames, audit)
    assert outcome.status == "loaded", outcome.reason
    assert outcome.warnings == 1
    issues = con.execute(
        'SELECT stage, "check", severity, pipeline_version FROM main.quality_issues WHERE document_id = ?', [DOC]
    ).fetchall()
    assert issues == [("audit", "paragraphs.expect_column_values_to_be_in_set.footnote_refs_resolve", "warning", "v1")]
    con.close()


# --- Data Docs ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def data_docs(staged, audit, docs_dir) -> Path:
    """The Data Docs site after auditing the valid document, fully rebuilt once."""
    audit(staged)
    return build_data_docs(docs_dir)


def test_data_docs_list_every_suite(data_docs, docs_dir):
    index = data_docs
    assert index == docs_dir.resolve() / "index.html"
    html = index.read_text(encoding="utf-8")
    for table in SUITES:
        assert f"expectations/{table}.html" in html, f"suite {table} missing from {index}"
        assert (docs_dir / "expectations" / f"{table}.html").is_file()
    assert (docs_dir / "validations").is_dir()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (Debian package `chromium`) is not installed")
def test_data_docs_render_in_headless_chromium(data_docs, tmp_path):
    png = tmp_path / "data_docs.png"
    screenshot(data_docs, png, profile=tmp_path / "profile")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def screenshot(page: Path, png: Path, *, profile: Path) -> None:
    """Render ``page`` with headless Chromium into ``png`` (offline: no DNS, no updates)."""
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--screenshot={png}", "--window-size=1280,900", page.resolve().as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and png.exists(), f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    shutil.rmtree(profile, ignore_errors=True)


# --- the audit overview (overview.html beside the Data Docs) ----------------------------------


def test_the_overview_shows_failed_audits(tmp_path, audit, docs_dir):
    """A version that fails its audit shows as failed next to the kept version; a new document
    that fails is quarantined; links lead to the failing validation pages."""
    con = open_warehouse(tmp_path / "wh.duckdb")
    assert _load(con, "v1", fact_frames(), audit).status == "loaded"
    render_data_docs(docs_dir)  # as the flow does once per run, after its loads
    page = write_overview(docs_dir, document_statuses(con))
    assert page == docs_dir.resolve() / OVERVIEW
    section = section_of(parse_page(page.read_text(encoding="utf-8")), DOC)
    assert (section.attrs["data-status"], section.attrs["data-audit"]) == ("loaded", "passed")
    outcomes = {suite: row.attrs["data-outcome"] for suite, row in suite_rows(section).items()}
    assert outcomes == {**dict.fromkeys(SUITES, "passed"), "quality_issues": "not run"}  # no issues staged

    broken = fact_frames()
    broken["tables"].loc[0, "n_rows"] = 4  # fails the tables suite
    assert _load(con, "v2", broken, audit).status == "quarantined"
    other = "e" * 64
    worse = fact_frames(other)
    worse["budget_lines"].loc[0, "amount_text"] = "1 000.1"  # fails the budget_lines suite
    outcome = load_document(con, _source(other), Extraction(meta=_meta(), blocks=[], tables=[]),
                            DocumentFrames(frames=worse), pipeline_version="v1", audit=audit)  # fmt: skip
    assert outcome.status == "quarantined"
    render_data_docs(docs_dir)  # as the flow does once per run, after its loads
    page = write_overview(docs_dir, document_statuses(con))
    root = parse_page(page.read_text(encoding="utf-8"))
    assert_self_contained(page, root)

    kept = section_of(root, DOC)  # v1 stays published; its latest audit (v2) failed
    assert (kept.attrs["data-status"], kept.attrs["data-audit"]) == ("loaded", "failed")
    assert "previously published version is kept" in kept.text()
    failed = section_of(root, other)
    assert (failed.attrs["data-status"], failed.attrs["data-audit"]) == ("quarantined", "failed")
    errors = con.execute(
        "SELECT count(*) FROM main.quality_issues WHERE document_id = ? AND severity = 'error'", [other]
    ).fetchone()[0]
    assert errors > 0 and f"{errors} errors, 0 warnings" in failed.text()
    con.close()
    for section, bad in ((kept, "tables"), (failed, "budget_lines")):
        rows = suite_rows(section)
        assert {s for s, row in rows.items() if row.attrs["data-outcome"] == "failed"} == {bad}
        passed, evaluated = passed_of_evaluated(rows[bad])
        assert passed < evaluated == len(suite_module(bad).expectations())
        result = link_of(cells(rows[bad])[3])
        assert result and (docs_dir / result).is_file() and section.attrs["data-document-id"][:12] in result
