"""What analysts get (docs/ANALYSTS.md): the DuckDB CLI on the sample warehouse, the documented five
questions answered with the answer keys' figures, English labels, search, export round trips.

Expected figures come from the answer keys (tests/data/expected/*.json) and the hand-read
tests/data/performance_targets.json, never from the views under test."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import main as unwh
from load.export import UTF8_BOM, export_warehouse, exportable
from load.labels import LABELS_FILE, read_vocabulary, unmapped_labels
from load.search import search
from load.warehouse import open_warehouse

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
DOCS = ROOT / "docs" / "ANALYSTS.md"
DUCKDB_CLI = Path(sys.executable).parent / "duckdb"
SECT14 = "A/75/6 (Sect. 14)"
# The grades as 14.15 prints them -> DESIGN.md codes (read off the table by hand).
PRINTED_GRADES = {"特等": "GS (PL)", "其他职等": "GS (OL)", "当地雇员": "LL"}


def _key(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def _keys() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED.glob("*.json"))]


def _key_table(key: dict, number: str) -> dict:
    return next(b for b in key["blocks"] if b["type"] == "table" and b["number"] == number)


def _amount(text: str, factor: float) -> float | None:
    text = text.replace(" ", "")
    return None if text in ("—", "-", "") else round(float(text) * factor, 2)


def _documented_queries() -> dict[str, str]:
    """The ```sql blocks of docs/ANALYSTS.md whose first line is `-- <id>`."""
    blocks = re.findall(r"```sql\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    return {m.group(1): body for body in blocks if (m := re.match(r"--\s*(\w+)\s*\n", body))}


def _cli(warehouse: Path, sql: str) -> list[dict]:
    """Run SQL the way the docs say (the DuckDB CLI, read-only) and parse its JSON output."""
    done = subprocess.run(
        [str(DUCKDB_CLI), "-readonly", "-json", str(warehouse), "-c", sql],
        capture_output=True,
        text=True,
        timeout=300,  # bounds a hang only
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else []


@pytest.fixture(scope="module")
def answers(sample_warehouse) -> dict[str, list[dict]]:
    queries = _documented_queries()
    assert {"q1", "q2", "q2_total", "q3", "q4", "q5"} <= set(queries)
    return {qid: _cli(sample_warehouse[0], sql) for qid, sql in queries.items()}


def test_the_cli_is_installed_at_the_library_version():
    done = subprocess.run([str(DUCKDB_CLI), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith(f"v{duckdb.__version__} ")


def test_q1_budget_by_object_of_expenditure(answers):
    table = _key_table(_key("A_75_6_Sect.14_zh"), "14.13")
    column = 8  # 2021 年估计数(重计费用前): label column + 2 + 5 change columns
    expected = {r["cells"][0]: _amount(r["cells"][column], 1000) for r in table["rows"] if r["kind"] == "data"}
    got = {r["object"]: r["amount_usd"] for r in answers["q1"]}
    assert got == expected
    english = {r["object"]: r["object_en"] for r in answers["q1"]}
    assert english["员额"] == "Posts" and english["咨询人"] == "Consultants" and english["招待费"] == "Hospitality"
    assert english["其他工作人员费用"] == "Other staff costs"


def test_the_readme_query_runs_in_the_cli_it_names(sample_warehouse):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sql\n(.*?)```", readme, flags=re.S) if ".venv/bin/duckdb -readonly" in b)
    table = _key_table(_key("A_75_6_Sect.14_zh"), "14.13")
    expected = sorted((_amount(r["cells"][8], 1000) or 0.0) for r in table["rows"] if r["kind"] == "data")
    assert sorted((r["amount_usd"] or 0.0) for r in _cli(sample_warehouse[0], block)) == expected


def test_q2_posts_by_grade_counted_once(answers):
    table = _key_table(_key("A_75_6_Sect.14_zh"), "14.15")
    grades = {PRINTED_GRADES.get(r["cells"][0], r["cells"][0]): int(r["cells"][-1]) for r in table["rows"]
              if r["kind"] == "data"}  # fmt: skip
    total = next(int(r["cells"][-1]) for r in table["rows"] if r["kind"] == "total")
    subtotals = sorted(int(r["cells"][-1]) for r in table["rows"] if r["kind"] == "subtotal")
    assert {r["grade"]: r["count"] for r in answers["q2"]} == grades
    assert sum(r["count"] for r in answers["q2"]) == total
    totals = answers["q2_total"]
    assert [r["count"] for r in totals if r["level"] == "total"] == [total]
    assert sorted(r["count"] for r in totals if r["level"] == "category") == subtotals


def test_q3_documents_citing_a_resolution(answers, sample_warehouse):
    citing = {k["symbol"] for k in _keys() if any("66/288" in b.get("text", "") for b in k["blocks"])}
    assert {r["document_symbol"] for r in answers["q3"]} == citing
    assert all(r["n_citations"] >= 1 and r["pages"] for r in answers["q3"])


def test_q4_results_with_targets(answers):
    hand = json.loads((ROOT / "tests" / "data" / "performance_targets.json").read_text(encoding="utf-8"))
    expected = sorted(
        (t["target"], t["achieved"], t["achieved_value"] >= t["target_value"])
        for t in hand["documents"]["A_75_6_Sect.14_zh"]
    )
    assert sorted((r["target_text"], r["achieved_text"], r["target_met"]) for r in answers["q4"]) == expected


def test_q5_document_list(answers):
    expected = sorted(((k["symbol"] or ""), k["title"] or "") for k in _keys())
    assert sorted(((r["symbol"] or ""), r["title"] or "") for r in answers["q5"]) == expected
    gc = next(r for r in answers["q5"] if r["symbol"] == "UNEP/GC.26/18")
    assert gc["organ_en"] == "Governing Council / Global Ministerial Environment Forum"


def test_search_finds_a_two_character_word_ranked_with_pages(sample_warehouse, warehouse_ro, capsys):
    expected = 0
    for key in _keys():
        expected += sum("海洋" in b.get("text", "") for b in key["blocks"]
                        if b["type"] in ("heading", "paragraph", "list_item", "footnote"))  # fmt: skip
        expected += sum(
            "海洋" in c for b in key["blocks"] if b["type"] == "table" for r in b["rows"] for c in r["cells"]
        )
    hits = search(warehouse_ro, "海洋", limit=1000)
    assert len(hits) == expected
    assert all("海洋" in h.text and h.page >= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    both = search(warehouse_ro, "海洋 塑料", limit=1000)
    assert both and all("海洋" in h.text and "塑料" in h.text for h in both)
    assert unwh(["search", "海洋", "--limit", "3", "--warehouse", str(sample_warehouse[0])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 6 and all(re.search(r"p\. \d+", line) for line in out[0::2])
    assert all("«海洋»" in line for line in out[1::2])


def test_search_narrows_to_one_document(warehouse_ro):
    hits = search(warehouse_ro, "海洋", document="UNEP/EA.4/16", limit=1000)
    in_key = sum("海洋" in b.get("text", "") for b in _key("UNEP_EA.4_16_zh")["blocks"])
    assert len(hits) == in_key and {h.symbol for h in hits} == {"UNEP/EA.4/16"}


def _rows(con, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


def test_export_parquet_round_trips_with_comments(sample_warehouse, warehouse_ro, tmp_path):
    assert unwh(["export", "--format", "parquet", "--warehouse", str(sample_warehouse[0]), str(tmp_path)]) == 0
    names = exportable(warehouse_ro)
    assert {"documents", "budget_lines", "labels", "posts_by_grade", "budget_by_object"} <= set(names)
    reader = duckdb.connect()
    for name in names:
        path = tmp_path / f"{name}.parquet"
        assert _rows(reader, f"SELECT * FROM read_parquet('{path}')") == _rows(warehouse_ro, f'SELECT * FROM "{name}"')
    meta = dict(reader.execute(
        f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{tmp_path / 'budget_lines.parquet'}')"
    ).fetchall())  # fmt: skip
    comment = warehouse_ro.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'budget_lines' AND column_name = 'amount_usd'"
    ).fetchone()[0]
    assert comment and meta["comment:amount_usd"] == comment and meta["comment"]


def test_export_csv_has_a_bom_and_every_row(warehouse_ro, tmp_path):
    written = export_warehouse(warehouse_ro, tmp_path, "csv", ["budget_by_object", "documents"])
    raw = written["budget_by_object"].read_bytes()
    assert raw.startswith(UTF8_BOM.encode("utf-8"))
    with written["budget_by_object"].open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == warehouse_ro.execute("SELECT count(*) FROM budget_by_object").fetchone()[0]
    assert "员额" in {r["object"] for r in rows}


# --- the vocabulary ---------------------------------------------------------------------------

DESIGN_MEASURES = ["expenditure", "appropriation", "technical_adjustments", "new_mandates", "other_changes",
                   "total_changes", "estimate_before_recosting", "recosting", "estimate_after_recosting", "estimate",
                   "approved", "received", "contributions"]  # fmt: skip
DESIGN_GRADES = ["USG", "ASG", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2/1", "GS (PL)", "GS (OL)", "LL"]


def test_the_vocabulary_is_well_formed_and_covers_the_codes():
    rows = read_vocabulary(LABELS_FILE)
    assert all(kind and en for kind, _code, _zh, en, _sub in rows)
    keys = [(kind, sub, zh) for kind, _code, zh, _en, sub in rows if zh]
    assert len(keys) == len(set(keys)), "a term is listed twice"
    coded = [(kind, code) for kind, code, _zh, _en, _sub in rows if code and kind != "table_kind"]
    assert len(coded) == len(set(coded)), "a code has two names"
    codes = {kind: {code for k, code, *_ in rows if k == kind} for kind in ("measure", "grade", "fund", "category")}
    assert set(DESIGN_MEASURES) <= codes["measure"]
    assert set(DESIGN_GRADES) <= codes["grade"]
    assert {"regular_budget", "extrabudgetary", "environment_fund", "earmarked"} <= codes["fund"]
    assert {"professional_and_higher", "general_service_and_related", "other"} <= codes["category"]
    kinds = {kind for kind, *_ in rows}
    assert {"item", "fund", "measure", "grade", "category", "row_kind", "table_kind", "organ"} <= kinds


@pytest.fixture()
def fresh(tmp_path):
    con = open_warehouse(tmp_path / "wh.duckdb")
    yield con
    con.close()


@pytest.mark.parametrize(
    ("printed", "key"),
    [("B. B. 行政领导和管理", "行政领导和管理"), ("1. 气候变化", "气候变化"), ("小计，C", "小计"),
     ("小计，(1)", "小计"), ("(1) 经常预算", "经常预算"), ("2019 年支出数", "2019 年支出数"), ("员额", "员额")],
)  # fmt: skip
def test_label_key_strips_enumerators_only(fresh, printed, key):
    assert fresh.execute("SELECT label_key(?)", [printed]).fetchone()[0] == key


def _document(con, doc_id: str, symbol: str, current: bool) -> None:
    con.execute(
        "INSERT INTO documents (document_id, symbol, language, status, pipeline_version, is_current) "
        "VALUES (?, ?, 'zh', 'loaded', 'test', ?)",
        [doc_id, symbol, current],
    )


def _budget_line(con, doc_id: str, table_key: str, item: str, amount: float, page: int = 1) -> None:
    con.execute(
        "INSERT INTO budget_lines (document_id, symbol, table_key, fund, item, row_kind, measure, period, "
        "amount_usd, amount_text, page) "
        "VALUES (?, 'X/1', ?, 'regular_budget', ?, 'data', 'estimate', '2021', ?, '1', ?)",
        [doc_id, table_key, item, amount, page],
    )


def test_unmapped_report_lists_the_unknown_labels_by_frequency(fresh):
    _document(fresh, "d1", "X/1", True)
    for i in range(3):
        _budget_line(fresh, "d1", f"t{i}", "新奇费用", 1.0)
    _budget_line(fresh, "d1", "t9", "咨询人", 1.0)
    _budget_line(fresh, "d1", "t9", "2. 罕见费用", 1.0)
    report = unmapped_labels(fresh)
    assert report[:2] == [("item", "新奇费用", 3), ("item", "罕见费用", 1)]
    assert not any(zh == "咨询人" for _kind, zh, _n in report)


def test_views_read_current_documents_and_keep_one_copy(fresh):
    _document(fresh, "old", "X/1", False)
    _document(fresh, "new", "X/1", True)
    _budget_line(fresh, "old", "1", "咨询人", 5.0)
    _budget_line(fresh, "new", "1", "咨询人", 7.0, page=2)
    _budget_line(fresh, "new", "2", "咨询人", 7.0, page=3)  # the same fact printed again
    rows = fresh.execute("SELECT document_id, object_en, amount_usd, table_key FROM budget_by_object").fetchall()
    assert rows == [("new", "Consultants", 7.0, "1")]
    assert [r[0] for r in fresh.execute("SELECT document_id FROM document_list").fetchall()] == ["new"]


def test_staging_tables_are_in_a_file_of_their_own(sample_warehouse, warehouse_ro):
    """An analyst's read-only connection shows schema main only; staging sits in the file beside."""
    from load.warehouse import staging_path

    schemas = {r[0] for r in warehouse_ro.execute("SELECT DISTINCT schema_name FROM duckdb_tables()").fetchall()}
    assert schemas == {"main"}
    assert staging_path(sample_warehouse[0]).exists()
    listed = _cli(sample_warehouse[0], "SELECT DISTINCT database_name, schema_name FROM duckdb_tables()")
    assert {(r["database_name"], r["schema_name"]) for r in listed} == {(sample_warehouse[0].stem, "main")}


def test_every_view_and_derived_column_is_commented(fresh):
    views = fresh.execute(
        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND database_name = current_database()"
    ).fetchall()
    assert {"budget_by_object", "posts_by_grade", "mandates_cited", "results_with_targets"} <= {v for v, _ in views}
    assert all(comment for _, comment in views)
    uncommented = fresh.execute(
        "SELECT c.table_name, c.column_name FROM duckdb_columns() c JOIN duckdb_views() v "
        "ON v.view_name = c.table_name AND v.database_name = c.database_name "
        "WHERE NOT v.internal AND c.database_name = current_database() AND c.comment IS NULL "
        "AND c.column_name NOT IN (SELECT column_name FROM duckdb_columns() t JOIN duckdb_tables() USING "
        "(database_name, schema_name, table_name) WHERE t.database_name = current_database() AND t.comment IS NOT NULL)"
    ).fetchall()
    assert uncommented == [], "view columns that are neither commented nor a contract column"


def _post(con, table_key, fund, category, grade, count, page) -> None:
    con.execute(
        "INSERT INTO posts (document_id, symbol, table_key, fund, category, grade, period, status, count, page) "
        "VALUES ('new', 'X/1', ?, ?, ?, ?, '2021', 'proposed', ?, ?)",
        [table_key, fund, category, grade, count, page],
    )


def test_posts_by_grade_keeps_one_copy_and_puts_totals_apart(fresh):
    """A grade table printed without its fund (like 14.14) and again with fund, categories and a
    total (like 14.15): the grades count once, the category and total rows sit apart."""
    _document(fresh, "new", "X/1", True)
    for grade, n in (("P-4", 3), ("P-3", 2), ("LL", 1)):
        _post(fresh, "1", None, None, grade, n, 1)
    for grade, category, n in (("P-4", "professional_and_higher", 3), ("P-3", "professional_and_higher", 2),
                               ("LL", "other", 1)):  # fmt: skip
        _post(fresh, "2", "regular_budget", category, grade, n, 2)
    _post(fresh, "2", "regular_budget", "professional_and_higher", None, 5, 2)
    _post(fresh, "2", "regular_budget", "other", None, 1, 2)
    _post(fresh, "2", "regular_budget", None, None, 6, 2)
    _post(fresh, "3", "regular_budget", None, None, 6, 3)  # the total again, in a later table
    grades = fresh.execute("SELECT grade, count, table_key, grade_en FROM posts_by_grade ORDER BY grade").fetchall()
    assert grades == [("LL", 1, "2", "Local level"), ("P-3", 2, "2", "Second Officer (P-3)"),
                      ("P-4", 3, "2", "First Officer (P-4)")]  # fmt: skip
    totals = fresh.execute(
        "SELECT level, category, count, table_key FROM posts_totals ORDER BY level, category"
    ).fetchall()
    assert totals == [("category", "other", 1, "2"), ("category", "professional_and_higher", 5, "2"),
                      ("total", None, 6, "2")]  # fmt: skip
