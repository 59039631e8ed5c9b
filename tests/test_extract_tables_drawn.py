"""Tables drawn with reportlab the way UN budget documents print them: what the samples do not cover.

* a three-row header with spanning cells (with and without short rules under the spanning cells)
* unruled numeric tables without a "表 N" caption (with a plain title, and with no title at all)
* pages that must not yield a table: prose, numbered lists with numbers at the line ends, name lists
"""

from __future__ import annotations

import logging
from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest

from extract.models import Table, TableFragment
from extract.tables import extract_page_tables, stitch_tables
from tests.drawn_pdf import Sheet

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _extract(path: Path) -> tuple[list[TableFragment], list[Table]]:
    frags: list[TableFragment] = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            frags.extend(extract_page_tables(page, i + 1))
            page.close()
    return frags, stitch_tables(frags)


def _cells(t: Table) -> list[list[str]]:
    return [r.cells for r in t.rows]


# -- a three-row header -------------------------------------------------------------------------

# label | 2018-2019年支出数 | 2020-2021年 {资源变动 {技术调整, 新的/扩大的任务, 共计}, 百分比} | 2022年估计数
DEEP_X = [60, 170, 235, 300, 365, 430, 485, 540]
# (label, indent, kind, values); a label split in two printed lines is given as "first|second"
DEEP_ROWS = [
    ("A. 决策机关", 0, "section", []),
    ("员额", 1, "data", ["1 234.5", "—", "12.0", "12.0", "1.0", "1 246.5"]),
    ("非员额", 1, "data", ["567.8", "(45.6)", "—", "(45.6)", "(8.0)", "522.2"]),
    ("小计", 1, "subtotal", ["1 802.3", "(45.6)", "12.0", "(33.6)", "(1.9)", "1 768.7"]),
    ("B. 工作方案", 0, "section", []),
    ("员额", 1, "data", ["10 456.0", "250.0", "1 000.0", "1 250.0", "12.0", "11 706.0"]),
    ("订约承办事务和一般业|务费用", 1, "data", ["2 003.1", "—", "96.4", "96.4", "4.8", "2 099.5"]),
    ("小计", 1, "subtotal", ["12 459.1", "250.0", "1 096.4", "1 346.4", "10.8", "13 805.5"]),
    ("共计", 0, "total", ["14 261.4", "204.4", "1 108.4", "1 312.8", "9.2", "15 574.2"]),
]


def _draw_deep(path: Path, span_rules: bool, valign: str, label_head: str) -> float:
    """The table with its caption between two prose paragraphs; returns the y of its bottom rule.

    ``valign``: where cells spanning several header rows sit (top, middle or bottom).
    ``span_rules``: a short rule under each spanning cell (else only the three full rules)."""
    sh = Sheet(path)
    x = DEEP_X
    mid = [(a + b) / 2 for a, b in pairwise(x)]
    y = sh.prose(90, ["这是表格前面的一段正文，说明下表按构成部分列出资源变动情况，正文字号比表格", "大一些。"])
    sh.text(sh.width / 2, y + 14, "表 3", 10, "centre")
    sh.text(sh.width / 2, y + 28, "按构成部分分列的资源变动", 10, "centre", heavy=True)
    sh.text(sh.width / 2, y + 41, "(千美元)", 9, "centre")
    top = y + 48
    sh.rule(x[0], x[-1], top)
    r0, r1, r2a, r2b = top + 11, top + 25, top + 40, top + 51  # baselines of the header rows
    sh.text((x[2] + x[6]) / 2, r0, "2020-2021年", 9, "centre")
    sh.text((x[2] + x[5]) / 2, r1, "资源变动", 9, "centre")
    if span_rules:
        sh.rule(x[2] + 4, x[6] - 4, r0 + 3.5)
        sh.rule(x[2] + 4, x[5] - 4, r1 + 3.5)
    sh.text(mid[2], r2b, "技术调整", 9, "centre")
    sh.text(mid[3], r2a, "新的/扩大", 9, "centre")
    sh.text(mid[3], r2b, "的任务", 9, "centre")
    sh.text(mid[4], r2b, "共计", 9, "centre")
    if valign == "middle":
        sh.text(mid[5], (r1 + r2b) / 2 + 1, "百分比", 9, "centre")
        spans = (r1 - 1, r1 + 10)
    elif valign == "top":
        sh.text(mid[5], r1, "百分比", 9, "centre")
        spans = (r0, r0 + 11)
    else:
        sh.text(mid[5], r2b, "百分比", 9, "centre")
        spans = (r2a, r2b)
    for col, (first, second) in ((1, ("2018-2019年", "支出数")), (6, ("2022年", "估计数"))):
        sh.text(mid[col], spans[0], first, 9, "centre")
        sh.text(mid[col], spans[1], second, 9, "centre")
    if label_head:
        sh.text(x[0] + 3, r2b, label_head, 9)
    hb = r2b + 5
    sh.rule(x[0], x[-1], hb)
    base = hb + 12
    for label, indent, _kind, values in DEEP_ROWS:
        parts = label.split("|")
        for k, part in enumerate(parts):
            sh.text(x[0] + 3 + 9 * indent + (9 if k else 0), base + 12 * k, part, 9)
        last = base + 12 * (len(parts) - 1)  # values sit on the label's last line
        for j, v in enumerate(values, start=1):
            sh.text(x[j + 1] - 4, last, v, 9, "right")
        base = last + 15
    bottom = base - 10
    sh.rule(x[0], x[-1], bottom)
    sh.prose(bottom + 30, ["表格后面又是正文段落，它不属于表格，而且比表格的字号更大一些，一直写到行尾为止。"])
    sh.save()
    return bottom


DEEP_LEAVES = ["技术调整", "新的/扩大的任务", "共计"]


@pytest.mark.parametrize("valign", ["bottom", "middle", "top"])
@pytest.mark.parametrize(
    ("span_rules", "label_head"), [(True, ""), (False, "构成部分")], ids=["span-rules", "three-rules"]
)
def test_three_row_header_with_spanning_cells(tmp_path, span_rules, label_head, valign):
    path = tmp_path / "deep.pdf"
    bottom = _draw_deep(path, span_rules, valign, label_head)
    frags, tables = _extract(path)
    assert len(tables) == 1, [(t.table_key, t.n_cols, t.n_rows) for t in tables]
    t = tables[0]
    assert (t.number, t.title, t.unit, t.n_cols) == ("3", "按构成部分分列的资源变动", "(千美元)", 7)
    assert t.column_labels == [
        label_head,
        "2018-2019年支出数",
        *[f"2020-2021年 / 资源变动 / {leaf}" for leaf in DEEP_LEAVES],
        "2020-2021年 / 百分比",
        "2022年估计数",
    ]
    header = [[(c.text, c.col, c.colspan, c.rowspan) for c in row] for row in t.header]
    assert header == [
        [(label_head, 0, 1, 3), ("2018-2019年支出数", 1, 1, 3), ("2020-2021年", 2, 4, 1), ("2022年估计数", 6, 1, 3)],
        [("资源变动", 2, 3, 1), ("百分比", 5, 1, 2)],
        [(leaf, 2 + k, 1, 1) for k, leaf in enumerate(DEEP_LEAVES)],
    ]
    want = [[label.replace("|", ""), *(values or [""] * 6)] for label, _i, _k, values in DEEP_ROWS]
    assert _cells(t) == want
    assert [(r.kind, r.indent) for r in t.rows] == [(k, i) for _l, i, k, _v in DEEP_ROWS]
    # the prose around the table stays outside it
    _, top, _, low = frags[0].bbox
    assert top > 110 and low <= bottom + 1


def test_wrapped_header_cell_over_single_line_neighbours_stays_one_cell(tmp_path):
    """A centred two-line header cell between one-line cells printed at its second line is not a
    spanning cell over them (the lines are one line pitch apart, as in the other wrapped cells)."""
    path = tmp_path / "wrapped.pdf"
    sh = Sheet(path)
    x = [70, 170, 240, 310, 380, 450, 520]
    mid = [(a + b) / 2 for a, b in pairwise(x)]
    heads = [("", ""), ("2019年", "支出数"), ("", "共计"), ("2020年", "批款数"), ("", "百分比"), ("2021年", "估计数")]
    rows = [
        ["员额", "1 234.5", "12.0", "1 246.5", "1.0", "1 300.0"],
        ["非员额", "567.8", "—", "522.2", "(8.0)", "600.1"],
    ]
    sh.prose(90, ["表格前面的正文段落。"])
    sh.text(sh.width / 2, 130, "表 7", 10, "centre")
    sh.rule(x[0], x[-1], 138)
    for col, (first, second) in enumerate(heads):
        if first:
            sh.text(mid[col], 150, first, 9, "centre")
        if second:
            sh.text(mid[col], 161, second, 9, "centre")
    sh.rule(x[0], x[-1], 166)
    for k, row in enumerate(rows):
        sh.text(x[0] + 3, 180 + 14 * k, row[0], 9)
        for j, v in enumerate(row[1:], start=1):
            sh.text(x[j + 1] - 4, 180 + 14 * k, v, 9, "right")
    sh.rule(x[0], x[-1], 200)
    sh.save()
    _, tables = _extract(path)
    assert len(tables) == 1
    t = tables[0]
    assert [[(c.text, c.colspan, c.rowspan) for c in row] for row in t.header] == [[(a + b, 1, 1) for a, b in heads]]
    assert _cells(t) == rows
