"""The expected budget lines and posts (tests/data/expected_facts/, derived by tools/expected_facts.py
apart from transform/ and reviewed by hand) and the score built on them: a wrong fund or measure in
the warehouse shows; the fund comes from the page's own evidence, NULL where the page names none."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from extract.models import HeaderCell, Table, TableRow
from score.__main__ import score_document
from score.answer_keys import EXPECTED, ROOT
from score.facts import load_expected, score_facts
from transform.budget import budget_lines_frame
from transform.funds import cited_table_funds, table_context_funds
from transform.posts import posts_frame
from transform.table_view import TableView

SCRIPT = ROOT / "tools" / "expected_facts.py"
EA4 = "UNEP_EA.4_16_zh"


def test_the_expected_facts_are_what_the_separate_script_derives():
    run = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_the_script_shares_no_code_with_the_project():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_the_expected_facts_hold_the_environment_fund_table():
    budget = load_expected("budget_lines")
    table_1 = budget[(budget.document == EA4) & (budget.table_key == "1")]
    assert len(table_1) == 16 and set(table_1.fund) == {"environment_fund"}
    assert set(table_1.measure) == {"approved", "received"}


def _score(path, stem: str) -> dict:
    con = duckdb.connect(str(path), read_only=True)
    try:
        doc = con.execute("SELECT document_id FROM documents WHERE source_uri LIKE ?", [f"%{stem}.pdf"]).fetchone()[0]
        return score_document(con, doc, json.loads((EXPECTED / f"{stem}.json").read_text("utf-8")), stem)
    finally:
        con.close()


def test_a_wrong_fund_or_measure_in_the_warehouse_lowers_the_score(sample_warehouse, tmp_path):
    before = _score(sample_warehouse[0], EA4)["budget_lines"]
    assert before["recall"] == 1.0 and before["fund_accuracy"] == 1.0 and before["measure_accuracy"] == 1.0
    broken = tmp_path / "broken.duckdb"
    shutil.copy(sample_warehouse[0], broken)
    con = duckdb.connect(str(broken))
    con.execute("UPDATE budget_lines SET fund = 'regular_budget' WHERE symbol = 'UNEP/EA.4/16' AND table_key = '1'")
    con.execute(
        "UPDATE budget_lines SET measure = 'appropriation' WHERE symbol = 'UNEP/EA.4/16' AND table_key = '2' "
        "AND amount_text = '391'"
    )
    con.close()
    after = _score(broken, EA4)["budget_lines"]
    assert after["found"] == before["found"] - 17
    assert after["fund_accuracy"] == pytest.approx(9 / 25)
    assert after["measure_accuracy"] == pytest.approx(24 / 25)


def test_the_environment_fund_table_is_loaded_as_such(warehouse_ro):
    funds = warehouse_ro.execute(
        "SELECT DISTINCT fund FROM budget_lines WHERE symbol = 'UNEP/EA.4/16' AND table_key = '1'"
    ).fetchall()
    assert funds == [("environment_fund",)]


def _table(title: str | None, labels: list[str], rows: list[list[str]], unit: str | None = "(百万美元)") -> Table:
    header = [[HeaderCell(text=t, row=0, col=c) for c, t in enumerate(labels)]]
    return Table(
        table_key="9", number="9", part=None, title=title, unit=unit, page_first=3, page_last=3,
        n_cols=len(labels), header=header, column_labels=labels,
        rows=[TableRow(kind="data", indent=0, cells=cells, page=3) for cells in rows],
    )  # fmt: skip


def test_a_fund_named_only_by_the_column_headers_wins_over_the_appropriation_rule():
    table = _table("拨款和收入", ["两年期", "环境基金核准拨款", "环境基金收到的资金"], [["2018–2019", "210", "180"]])
    lines = budget_lines_frame("d", "S", [table])
    assert lines.set_index("measure")["fund"].to_dict() == {
        "approved": "environment_fund",
        "received": "environment_fund",
    }


def test_no_fund_when_the_page_names_none():
    table = _table("资源", ["", "2022 年支出数", "2023 年估计数"], [["员额", "5.0", "6.0"]], unit="(千美元)")
    assert budget_lines_frame("d", "S", [table])["fund"].isna().all()


def test_a_row_path_names_the_fund():
    table = _table("资源", ["", "2022 年支出数"], [["预算外资源", "5.0"]], unit="(千美元)")
    assert set(budget_lines_frame("d", "S", [table])["fund"]) == {"extrabudgetary"}


def test_sentences_citing_tables_give_their_fund():
    paragraphs = pd.DataFrame(
        {
            "kind": ["paragraph", "paragraph", "paragraph", "heading"],
            "page": [1, 1, 2, 2],
            "section": [None, None, None, None],
            "text": [
                "表 3.2 至 3.4 列出 2024 年经常预算所需资源。",
                "表 7(2) 显示预计的预算外资源；表 8 和表 9 同时列出经常预算和预算外资源。",
                "如表 12 所示，环境署收到全球环境基金的捐款。",
                "预算外资源",
            ],
        }
    )
    cited = cited_table_funds(paragraphs)
    assert cited == {
        ("3.2", None): "regular_budget", ("3.3", None): "regular_budget", ("3.4", None): "regular_budget",
        ("7", "2"): "extrabudgetary",
    }  # fmt: skip
    table = _table(None, ["", "2022 年估计数"], [["员额", "1.0"]], unit="(千美元)")
    table.number, table.table_key = "3.3", "3.3"
    assert table_context_funds([table], paragraphs) == {"3.3": "regular_budget"}
    lines = budget_lines_frame("d", "S", [TableView(table, "regular_budget")])
    assert set(lines["fund"]) == {"regular_budget"}


def test_a_grade_list_row_gives_its_total_and_each_grade():
    table = _table("员额变动", ["", "数目", "职等"], [["2024 年拟议数", "7", "1 个 D-1，2 个 P-4，4 个 LL"]], unit=None)
    posts = posts_frame("d", "S", [TableView(table, "extrabudgetary")])
    assert posts[["grade", "count"]].fillna("").values.tolist() == [["", 7], ["D-1", 1], ["P-4", 2], ["LL", 4]]
    assert set(posts["fund"]) == {"extrabudgetary"} and set(posts["status"]) == {"proposed"}


def test_score_facts_counts_nulls_and_repeats_exactly():
    expected = pd.DataFrame(
        [["9", "员额", "", "", "estimate", "2024", "—", ""], ["9", "员额", "", "", "estimate", "2024", "—", ""]],
        columns=["table_key", "item", "fund", "org_unit", "measure", "period", "amount_text", "amount_usd"],
    )
    actual = pd.DataFrame(
        [["9", "员额", None, None, "estimate", "2024", "—", None]],
        columns=["table_key", "item", "fund", "org_unit", "measure", "period", "amount_text", "amount_usd"],
    )
    got = score_facts(expected, actual, "budget_lines")
    assert (got["found"], got["expected"], got["actual"], got["located"]) == (1, 2, 1, 1)
