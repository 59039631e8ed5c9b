"""budget_lines, posts and arithmetic checks on the answer keys' tables (the extraction is tested
elsewhere): every amount is the printed cell times the unit, with the measure and period its
header names; posts are exact per grade and component; only the source's own slips are flagged."""

from __future__ import annotations

import re

import pytest
from answer_keys import load_key, tables_of

from transform.budget import budget_lines_frame
from transform.checks import check_table
from transform.posts import cross_check_grade_lists, posts_frame
from transform.schemas import BudgetLines, Posts

DOC = "0" * 64
A75 = "A_75_6_Sect.14_zh"
EA4 = "UNEP_EA.4_16_zh"

# DESIGN.md's vocabulary, restated from the header words (not from the code under test)
HEADER_MEASURE = [
    ("百分比", None), ("技术调整", "technical_adjustments"), ("新的/扩大的任务", "new_mandates"),
    ("变动 / 其他", "other_changes"), ("变动 / 共计", "total_changes"), ("重计费用前", "estimate_before_recosting"),
    ("重计费用后", "estimate_after_recosting"), ("重计费用", "recosting"), ("支出数", "expenditure"),
    ("批款数", "appropriation"), ("核准拨款", "approved"), ("收到的资金", "received"), ("捐款", "contributions"),
    ("供资", "contributions"), ("估计数", "estimate"),
]  # fmt: skip
BUDGET_TABLES = {A75: ["14.13", "14.16(1)", "14.16(2)", "14.18", *[f"14.{n}" for n in range(20, 33) if n != 22]],
                 EA4: ["1", "2"]}  # fmt: skip


def _printed_number(text: str) -> float | None:
    if text.strip() == "—":
        return None
    return float(text.replace(" ", ""))


@pytest.fixture(scope="module")
def tables():
    return {stem: tables_of(load_key(stem)) for stem in (A75, EA4)}


@pytest.mark.parametrize("stem", [A75, EA4])
def test_every_budget_amount_is_the_printed_cell_times_the_unit(tables, stem):
    lines = BudgetLines.validate(budget_lines_frame(DOC, "S", tables[stem]))
    by_key = {t.table_key: t for t in tables[stem]}
    assert set(BUDGET_TABLES[stem]) <= set(lines["table_key"])
    for line in lines.itertuples():
        table = by_key[line.table_key]
        cell = table.rows[line.row].cells[line.col]
        assert line.amount_text == cell
        factor = {"千美元": 1e3, "百万美元": 1e6}[re.sub(r"[()（）]|/.*", "", table.unit)]
        printed = _printed_number(cell)
        assert (
            (line.amount_usd is None or line.amount_usd != line.amount_usd)
            if printed is None
            else (line.amount_usd == pytest.approx(printed * factor))
        )
        label = table.column_labels[line.col]
        expected = next((m for word, m in HEADER_MEASURE if word in label), None)
        assert line.measure == expected, (line.table_key, label)
        year = re.search(r"(\d{4})", label)
        if year:
            assert line.period == year.group(1)
        elif re.match(r"^\d{4}–\d{4}$", table.rows[line.row].cells[0]):
            assert line.period == table.rows[line.row].cells[0]
    # every amount cell of the listed tables is there, percentages are not
    for key in BUDGET_TABLES[stem]:
        table = by_key[key]
        got = {(int(r), int(c)) for r, c in lines.loc[lines.table_key == key, ["row", "col"]].values}
        section = ""
        for r, row in enumerate(table.rows):
            if row.kind == "section":
                section = row.cells[0]
                continue
            if "员额" in section or "职类" in section:
                continue  # post counts of a mixed table
            for c, cell in enumerate(row.cells[1:], start=1):
                if cell and "百分比" not in table.column_labels[c] and re.match(r"^[\d —.]+$", cell):
                    assert (r, c) in got, (key, r, c, cell)
        assert not any("百分比" in table.column_labels[c] for _, c in got)


def test_funds_and_org_units(tables):
    lines = budget_lines_frame(DOC, "S", tables[A75] + tables[EA4])
    fund = lines.groupby("table_key")["fund"].agg(lambda s: set(s.dropna()))
    assert fund["14.16(1)"] == {"regular_budget"}
    assert fund["14.16(2)"] == {"extrabudgetary"}
    assert fund["1"] == {"environment_fund"} and fund["2"] == {"earmarked"}
    grand = lines[(lines.table_key == "14.16(2)") & (lines.item == "共计")]
    assert grand["fund"].isna().all(), "the grand total of both parts belongs to no single fund"
    climate = lines[(lines.table_key == "14.16(1)") & lines.item.str.contains("气候变化", na=False)]
    assert set(climate["org_unit"]) == {"C. 工作方案 > 1. 气候变化"}
    assert set(lines.loc[lines.table_key == "14.25", "org_unit"]) == {"次级方案 1"}
    assert lines.loc[lines.table_key == "14.13", "org_unit"].isna().all()
    # a table titled after the unit whose rows it lists ('决策机关', rows = the organs)
    assert set(lines.loc[lines.table_key == "14.19", "org_unit"]) == {"决策机关"}


GRADE_CODES = {"USG": "USG", "ASG": "ASG", "D-2": "D-2", "D-1": "D-1", "P-5": "P-5", "P-4": "P-4", "P-3": "P-3",
               "P-2/1": "P-2/1", "特等": "GS (PL)", "其他职等": "GS (OL)", "当地雇员": "LL"}  # fmt: skip


def test_posts_by_grade_and_component_are_exact(tables):
    posts = Posts.validate(posts_frame(DOC, "S", tables[A75]))
    by_key = {t.table_key: t for t in tables[A75]}
    t15 = posts[(posts.table_key == "14.15") & posts.grade.notna()]
    for row in by_key["14.15"].rows:
        if row.cells[0] in GRADE_CODES:
            got = t15[t15.grade == GRADE_CODES[row.cells[0]]].set_index("status")["count"]
            assert got["approved"] == int(row.cells[1]) and got["proposed"] == int(row.cells[-1])
    for key in ("14.17(1)", "14.17(2)"):
        part = posts[posts.table_key == key]
        for r, row in enumerate(by_key[key].rows):
            if row.kind == "section":
                continue
            counts = part[part.row == r].sort_values("col")["count"].tolist()
            printed = [0 if c == "—" else int(c) for c in (row.cells[1], row.cells[-1])]
            assert counts == printed, (key, row.cells[0])
    assert set(posts.loc[posts.table_key == "14.17(2)", "status"]) == {"estimate"}


def test_grade_lists_agree_with_the_grade_table(tables):
    posts = posts_frame(DOC, "S", tables[A75])
    listed = posts[(posts.table_key == "14.14") & posts.grade.notna()]
    assert len(listed) == 22 and listed["count"].sum() == 2 * 113
    totals = posts[(posts.table_key == "14.14") & posts.grade.isna()]
    assert totals["count"].tolist() == [113, 113]  # the printed 数目 beside each list
    assert cross_check_grade_lists(posts, "a.pdf") == []
    broken = posts.copy()
    broken.loc[(broken.table_key == "14.14") & (broken.grade == "P-4"), "count"] = 41
    issues = cross_check_grade_lists(broken, "a.pdf")
    assert issues and all("P-4" in i["detail"] for i in issues)


def test_arithmetic_checks_flag_only_the_sources_own_rounding(tables):
    failures = [f for t in tables[A75] + tables[EA4] for f in check_table(t)]
    # the answer key's notes list the four ±0.1 slips of the source's 2019 column
    assert {(f.table_key, f.row_label) for f in failures} == {
        ("14.21", "共计"), ("14.28", "共计"), ("14.30", "共计"), ("14.32", "共计"),
    }  # fmt: skip
    assert all(f.within_rounding and abs(f.expected - f.printed) == pytest.approx(0.1) for f in failures)


def test_a_misread_number_is_caught(tables):
    table = next(t for t in tables[A75] if t.table_key == "14.16(1)")
    table.rows[3].cells[1] = "2 856.8"  # one digit wrong in 1. 气候变化, 2019
    failures = check_table(table)
    assert any(not f.within_rounding and f.check == "sum_of_rows" and f.col == 1 for f in failures)
