"""The audit overview (quality/overview.html) of the sample warehouse built by the real flow: every
document with each suite's outcome, links to Data Docs pages that exist, nothing that needs a
network. The failed-audit case is in test_expectations.py (it reuses that module's GX context)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from overview_page import (
    assert_self_contained,
    cells,
    link_of,
    parse_page,
    passed_of_evaluated,
    section_of,
    suite_rows,
)

from expectations.overview import OVERVIEW, render_overview
from expectations.runner import SUITES, DocsSite, SuiteRun, suite_module
from flows.cli import main
from flows.summary import render_summary


@pytest.fixture(scope="module")
def overview(sample_warehouse):
    path, _ = sample_warehouse
    page = path.parent / "quality" / OVERVIEW
    return page, parse_page(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def documents(sample_warehouse) -> pd.DataFrame:
    """The warehouse's documents with their published row count per table and open issues."""
    from load.warehouse import connect

    con = connect(sample_warehouse[0], read_only=True)
    try:
        docs = con.execute(
            "SELECT document_id, symbol, title, regexp_extract(source_uri, '[^/]+$') AS file, status, "
            "pipeline_version FROM documents"
        ).df()
        for column in ("symbol", "title"):  # NULL as None, not NaN
            docs[column] = docs[column].astype(object).where(docs[column].notna(), None)
        for table in SUITES:
            counts = dict(con.execute(f"SELECT document_id, count(*) FROM {table} GROUP BY ALL").fetchall())
            docs[f"rows_{table}"] = docs["document_id"].map(counts).fillna(0).astype(int)
        for severity in ("error", "warning"):
            counts = dict(con.execute(
                "SELECT q.document_id, count(*) FROM quality_issues q JOIN documents d "
                "ON q.document_id = d.document_id AND q.pipeline_version = d.pipeline_version "
                "WHERE q.severity = ? GROUP BY ALL", [severity]).fetchall())  # fmt: skip
            docs[f"open_{severity}s"] = docs["document_id"].map(counts).fillna(0).astype(int)
    finally:
        con.close()
    return docs


def test_the_run_summary_points_at_the_overview(sample_warehouse, overview):
    _, summary = sample_warehouse
    page, _ = overview
    assert summary.quality_overview == str(page.resolve())
    assert f"audit overview: {page.resolve()}" in render_summary(summary)


def test_the_overview_needs_no_network_and_its_links_resolve(overview):
    page, root = overview
    assert_self_contained(page, root)
    hrefs = {link.attrs["href"] for link in root.iter("a")}
    assert "index.html" in hrefs  # the way on to the full Data Docs


def test_every_document_appears_with_its_status_and_open_issues(overview, documents):
    _, root = overview
    listed = {row.attrs["data-document-id"]: row for row in root.iter("tr") if "data-document-id" in row.attrs}
    assert set(listed) == set(documents["document_id"]) and len(documents) == 4
    for doc in documents.itertuples():
        row = listed[doc.document_id]
        assert row.attrs["data-status"] == doc.status == "loaded"
        symbol, file, status, audit, issues = (c.text() for c in cells(row))
        assert (doc.symbol or "(no symbol)") in symbol and doc.document_id[:12] in symbol
        assert file == doc.file and status == doc.status and audit.startswith(row.attrs["data-audit"])
        assert issues == f"{doc.open_errors} errors, {doc.open_warnings} warnings"
        section = section_of(root, doc.document_id)
        assert link_of(row) == f"#{section.attrs['id']}"
        heading = next(section.iter("h2")).text()
        assert doc.file in heading and (doc.symbol or "(no symbol)") in heading
        if doc.title:  # Chinese text survives the round trip (utf-8, escaping)
            assert doc.title in section.text()
    assert any(doc.title for doc in documents.itertuples())


def test_each_document_lists_every_suite_it_ran_with_its_counts(overview, documents):
    page, root = overview
    for doc in documents.itertuples():
        section = section_of(root, doc.document_id)
        rows = suite_rows(section)
        assert list(rows) == list(SUITES), doc.file
        for suite, row in rows.items():
            assert link_of(cells(row)[0]) == f"expectations/{suite}.html"
            ran = suite == "documents" or getattr(doc, f"rows_{suite}") > 0  # a suite runs on staged rows
            outcome = row.attrs["data-outcome"]
            if not ran:
                assert outcome == "not run", f"{doc.file}: {suite} has no rows but shows {outcome}"
                continue
            assert outcome in ("passed", "warnings"), f"{doc.file} is loaded, yet {suite} shows {outcome}"
            passed, evaluated = passed_of_evaluated(row)
            assert evaluated == len(suite_module(suite).expectations()), f"{doc.file}: {suite}"
            assert (passed == evaluated) == (outcome == "passed")
            result = link_of(cells(row)[3])
            assert result and result.startswith(f"validations/{suite}/") and (page.parent / result).is_file()
            assert doc.document_id[:12] in result
        outcomes = {row.attrs["data-outcome"] for row in rows.values()}
        assert section.attrs["data-audit"] == ("warnings" if "warnings" in outcomes else "passed")


def test_unwh_quality_points_at_the_overview(sample_warehouse, overview, capsys):
    path, _ = sample_warehouse
    page, _ = overview
    assert main(["quality", "UNEP/GC.26/18", "--warehouse", str(path)]) == 0
    assert str(page.resolve()) in capsys.readouterr().out


def test_the_page_escapes_what_it_prints(tmp_path):
    hostile = '<script>alert("x")</script> & <b>'
    documents = pd.DataFrame(
        [{"document_id": "a" * 64, "symbol": hostile, "title": "环境署<i>报告</i>", "file": 'x"><y.pdf',
          "status": "quarantined", "status_reason": "extraction failed: <none>", "pipeline_version": "1",
          "errors": 1, "warnings": 0}]
    )  # fmt: skip
    page = tmp_path / "validations" / "documents" / "r_(1)" / "t" / "b&c.html"
    page.parent.mkdir(parents=True)
    page.write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    run = SuiteRun(suite="documents", run_time=datetime(2024, 1, 2, tzinfo=UTC), outcome="failed", passed=5,
                   evaluated=7, page=page.relative_to(tmp_path).as_posix())  # fmt: skip
    site = DocsSite(directory=tmp_path, suite_pages={}, audits={"a" * 12: [run]})
    text = render_overview(site, documents, generated=datetime(2024, 1, 3, tzinfo=UTC))
    out = tmp_path / OVERVIEW
    out.write_text(text, encoding="utf-8")
    root = parse_page(text)
    assert_self_contained(out, root)
    assert not list(root.iter("b")) and not list(root.iter("i"))
    section = section_of(root, "a" * 64)
    assert hostile in section.text() and "环境署<i>报告</i>" in section.text() and 'x"><y.pdf' in section.text()
    assert section.attrs["data-status"] == "quarantined" and section.attrs["data-audit"] == "failed"
    row = suite_rows(section)["documents"]
    assert passed_of_evaluated(row) == (5, 7) and link_of(cells(row)[3]) == "validations/documents/r_(1)/t/b&c.html"
    assert re.search(r'href="validations/documents/r_%281%29/t/b%26c\.html"', text)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="headless Chromium is not installed")
def test_the_overview_renders_offline_in_headless_chromium(overview, tmp_path):
    from PIL import Image
    from test_expectations import screenshot

    page, _ = overview
    png = tmp_path / "overview.png"
    screenshot(page, png, profile=tmp_path / "profile")
    with Image.open(png) as image:
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])  # text, table rules, links
        assert dark > 0.01 * gray.width * gray.height, "the page rendered (almost) blank"


def test_rebuilding_the_data_docs_rewrites_the_overview(sample_warehouse, documents, tmp_path, capsys):
    """`unwh quality --rebuild-docs` on a copy of the warehouse and its stored audits (gx/), whose
    Data Docs folder is gone: the whole site and the overview come back, every link resolving."""
    import shutil

    path, _ = sample_warehouse
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    shutil.copytree(path.parent / "gx", tmp_path / "gx")
    assert main(["quality", "--rebuild-docs", "--warehouse", str(copy)]) == 0
    page = tmp_path / "quality" / OVERVIEW
    assert f"audit overview (every document, each suite, links to the Data Docs pages): {page}" in (
        capsys.readouterr().out
    )
    root = parse_page(page.read_text(encoding="utf-8"))
    assert_self_contained(page, root)
    for doc in documents.itertuples():
        rows = suite_rows(section_of(root, doc.document_id))
        ran = [row for row in rows.values() if row.attrs["data-outcome"] != "not run"]
        assert ran and all(link_of(cells(row)[3]) for row in ran), doc.file  # validation pages rebuilt
