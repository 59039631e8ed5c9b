"""Tables drawn with reportlab the way UN budget documents print them: what the samples do not cover.

* a three-row header with spanning cells (with and without short rules under the spanning cells)
* unruled numeric tables without a "表 N" caption (with a plain title, and with no title at all)
* pages that must not yield a table: prose, numbered lists with numbers at the line ends, name lists
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.geometry import read_geometry
from extract.models import Table
from extract.table_layout import body_font_size, find_rules, group_lines, page_chars
from extract.table_settings import TableSettings
from extract.tables import split_at_panels


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
    frags, tables = extract_tables(path)
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
    _, tables = extract_tables(path)
    assert len(tables) == 1
    t = tables[0]
    assert [[(c.text, c.colspan, c.rowspan) for c in row] for row in t.header] == [[(a + b, 1, 1) for a, b in heads]]
    assert _cells(t) == rows


# -- tables with neither caption nor rules --------------------------------------------------------

PLAIN_HEAD = ["构成部分", "2019年支出数", "2020年批款数", "2021年估计数"]
PLAIN_ROWS = [
    ("A. 决策机关", 0, "section", []),
    ("员额", 1, "data", ["1 234.5", "1 300.0", "1 310.2"]),
    ("非员额", 1, "data", ["567.8", "—", "601.0"]),
    ("小计", 1, "subtotal", ["1 802.3", "1 300.0", "1 911.2"]),
    ("B. 工作方案", 0, "section", []),
    ("员额", 1, "data", ["10 456.0", "11 000.5", "11 250.0"]),
    ("订约承办事务、一般业务费用和用品", 1, "data", ["2 003.1", "2 100.0", "—"]),
    ("C. 方案支助", 0, "section", []),
    ("非员额", 1, "data", ["312.0", "298.4", "305.5"]),
    ("共计", 0, "total", ["14 573.4", "14 698.9", "13 466.7"]),
]
# where the columns end: a wide label column, or a narrow one (the title and unit lines then stand
# over the columns of numbers); labels wrap at the label column's edge
LAYOUTS = {"wide-label": [72, 210, 300, 390, 480], "narrow-label": [72, 150, 260, 370, 480]}
PROSE_BEFORE = [
    "本节说明该方案在两年期内的资源需求。所需资源按构成部分分列如下，数额以千美元计，",
    "其中员额所需资源反映了拟议员额配置表的变化。",
]
PROSE_AFTER = [
    "上表所列资源不包括预算外资源。预算外资源的估计数载于附件二，供大会参考，并将根据实",
    "际收到的捐款情况加以调整。",
]


def _wrap(sh: Sheet, text: str, width: float, size: float = 9) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (a hanging indent of one em after the first)."""
    lines = [""]
    for ch in text:
        room = width + (size if len(lines) == 1 else 0)
        if lines[-1] and sh.text_width(lines[-1] + ch, size) > room:
            lines.append("")
        lines[-1] += ch
    return lines


def _draw_plain(sh: Sheet, top: float, title: str | None, unit: str | None, x: list[float]) -> float:
    """Prose, an optional title and unit, the header row (label | three columns of right-aligned
    numbers at ``x``) and the rows, prose; returns the baseline of the prose after the table."""
    y = sh.prose(top, PROSE_BEFORE) + 10
    if title:
        sh.text((x[0] + x[-1]) / 2, y, title, 10, "centre", heavy=True)
        y += 14
    if unit:
        sh.text((x[0] + x[-1]) / 2, y, unit, 9, "centre")
        y += 16
    sh.text(x[0], y, PLAIN_HEAD[0], 9)
    for j, head in enumerate(PLAIN_HEAD[1:], start=1):
        sh.text(x[j + 1] - 4, y, head, 9, "right")
    y += 16
    for label, indent, _kind, values in PLAIN_ROWS:
        parts = _wrap(sh, label, x[1] - 4 - (x[0] + 9 * indent + 9))
        for k, part in enumerate(parts):
            sh.text(x[0] + 9 * indent + (9 if k else 0), y + 12 * k, part, 9)
        last = y + 12 * (len(parts) - 1)
        for j, v in enumerate(values, start=1):
            sh.text(x[j + 1] - 4, last, v, 9, "right")
        y = last + 13
    sh.prose(y + 14, PROSE_AFTER)
    return y + 14


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize(("title", "unit"), [("按构成部分分列的资源", "(千美元)"), (None, None)], ids=["title", "bare"])
def test_table_without_caption_or_rules_is_found_from_its_columns(tmp_path, title, unit, layout):
    path = tmp_path / "plain.pdf"
    sh = Sheet(path)
    after = _draw_plain(sh, 100, title, unit, LAYOUTS[layout])
    sh.save()
    frags, tables = extract_tables(path)
    assert len(tables) == 1, [(t.table_key, t.n_cols, t.n_rows) for t in tables]
    t = tables[0]
    assert (t.number, t.title, t.unit, t.n_cols) == (None, title, unit, 4)
    assert t.table_key == "p1-t1"
    assert t.column_labels == PLAIN_HEAD
    assert _cells(t) == [[label, *(values or ["", "", ""])] for label, _i, _k, values in PLAIN_ROWS]
    assert [(r.kind, r.indent) for r in t.rows] == [(k, i) for _l, i, k, _v in PLAIN_ROWS]
    assert any("no caption" in p for p in t.problems)
    # the paragraphs before and after stay text: the table's box lies between them
    _, top, _, bottom = frags[0].bbox
    assert top > 100 + 16 and bottom < after - 10.5 * 0.8


def test_table_without_caption_keeps_the_prose_around_it(tmp_path):
    """Through the whole extraction: the paragraphs stay paragraphs and no number leaks into them."""
    from extract.document import extract_document

    path = tmp_path / "plain_doc.pdf"
    sh = Sheet(path)
    _draw_plain(sh, 100, None, None, LAYOUTS["wide-label"])
    sh.save()
    ex = extract_document(path)
    texts = [b.text for b in ex.blocks]
    assert any(t.startswith("本节说明该方案") and t.endswith("配置表的变化。") for t in texts), texts
    assert any(t.startswith("上表所列资源") for t in texts), texts
    assert not any("1 234.5" in t or t == "构成部分" for t in texts)
    assert [t.n_rows for t in ex.tables] == [len(PLAIN_ROWS)]


# pages that must not yield a table


def _numbered_list_page(sh: Sheet) -> None:
    """Numbered items, each with a reference number right-aligned at the line end."""
    sh.prose(90, ["本文件引用的决议和报告如下："])
    items = [
        "大会关于方案规划的决议",
        "经济及社会理事会的有关决定",
        "环境规划署理事会的决定",
        "秘书长关于预算执行情况的报告",
    ]
    for k, item in enumerate(items * 2, start=1):
        top = 120 + 16 * k
        sh.text(72, top, f"{k}.", 10.5)
        sh.text(96, top, item, 10.5)
        sh.text(523, top, f"{k * 37 + 1}", 10.5, "right")


def _numbered_paragraphs_page(sh: Sheet) -> None:
    """UN numbered paragraphs (number in the margin) full of figures such as 1 234.5 and 12.0."""
    y = 90.0
    for no in ("14.1", "14.2", "14.3"):
        sh.text(72, y, no, 10.5)
        lines = [
            "拟议经常预算资源为 21 466.8 千美元，比 2020 年批款减少 198.2 千美元，即 12.0%，",
            "主要原因是技术调整 1 623.0 千美元和新的任务 401.6 千美元，详见下文表格和附件",
            "二；预算外资源估计为 23 089.8 千美元，员额 45 个。",
        ]
        y = sh.prose(y, lines, x=110) + 10


def _toc_page(sh: Sheet) -> None:
    """A table of contents: paragraph numbers and page numbers, with and without leader dots."""
    sh.text(sh.width / 2, 90, "目录", 12, "centre")
    sh.text(450, 112, "段次", 9, "right")
    sh.text(523, 112, "页次", 9, "right")
    entries = ["导言", "总体方向", "方案构成部分", "决策机关", "行政领导和管理", "工作方案", "方案支助"]
    for k, entry in enumerate(entries):
        top = 130 + 16 * k
        sh.text(72, top, f"{'一二三四五六七'[k]}、{entry}", 10.5)
        sh.text(450, top, f"{k * 9 + 1}", 10.5, "right")
        sh.text(523, top, f"{k * 2 + 3}", 10.5, "right")


def _names_page(sh: Sheet) -> None:
    """Two columns of names (a list of participants)."""
    sh.prose(90, ["出席会议的有下列成员国的代表："])
    names = [
        "阿尔巴尼亚",
        "阿尔及利亚",
        "安哥拉",
        "阿根廷",
        "亚美尼亚",
        "澳大利亚",
        "奥地利",
        "阿塞拜疆",
        "巴哈马",
        "巴林",
    ]
    for k in range(0, len(names), 2):
        sh.text(90, 120 + 8 * k, names[k], 10.5)
        sh.text(320, 120 + 8 * k, names[k + 1], 10.5)


def _chart_page(sh: Sheet) -> None:
    """A bar chart whose value labels stand in aligned columns (drawn bars between them)."""
    sh.text(sh.width / 2, 90, "图一", 10, "centre")
    sh.text(sh.width / 2, 104, "按年份分列的资源", 10, "centre")
    c = sh.canvas
    for k, year in enumerate(["2017", "2018", "2019", "2020", "2021"]):
        top = 130 + 18 * k
        sh.text(72, top, year, 9)
        c.rect(110, sh.height - top - 2, 120 + 10 * k, 10, stroke=0, fill=1)
        sh.text(300, top, f"{1200 + 15 * k}.5", 9, "right")
        c.rect(320, sh.height - top - 2, 100 + 12 * k, 10, stroke=1, fill=0)
        sh.text(523, top, f"{800 + 9 * k}.0", 9, "right")


@pytest.mark.parametrize(
    "draw",
    [_numbered_list_page, _numbered_paragraphs_page, _toc_page, _names_page, _chart_page],
    ids=["numbered-list", "numbered-paragraphs", "contents", "names", "chart"],
)
def test_pages_without_tables_give_none(tmp_path, draw):
    path = tmp_path / "none.pdf"
    sh = Sheet(path)
    draw(sh)
    sh.save()
    frags, _ = extract_tables(path)
    assert frags == []


def test_grid_of_numbers_alone_is_a_table_even_when_every_column_grows(tmp_path):
    """Whole numbers in five right-aligned columns, no header, no labels, each column growing down
    the page like page numbers: no entry has a title, so it is no table of contents but a table
    (the last rows fill only the first columns)."""
    path = tmp_path / "counts.pdf"
    sh = Sheet(path)
    xs = [100, 170, 240, 340, 410]
    rows = [[str(k + 1), str(100 + k), str(200 + k), str(25 + k), str(124 + k)] for k in range(8)]
    rows += [[str(k + 1), str(100 + k), str(200 + k), "", ""] for k in range(8, 11)]
    for i, row in enumerate(rows):
        for x, v in zip(xs, row, strict=True):
            if v:
                sh.text(x, 120 + 15 * i, v, 10.5, "right")
    sh.save()
    _, tables = extract_tables(path)
    assert [_cells(t) for t in tables] == [rows]


def test_table_of_counts_under_a_row_of_years_is_found(tmp_path):
    """No caption, no full rules, numbers centred in their columns, a header of years (three under
    a spanning cell with a short rule), a first row
    with a single value, whole numbers (one column growing like page numbers), a note below."""
    path = tmp_path / "years.pdf"
    sh = Sheet(path)
    x = [72, 230, 300, 370, 440, 510]
    centres = [(a + b) / 2 for a, b in pairwise(x)]
    head = ["类别", "2017", "2018", "2019", "2020"]
    rows = [
        ["会议", "4", "", "", ""],
        ["会议服务（会议次数）", "12", "14", "9", "11"],
        ["出版物", "3", "5", "6", "8"],
        ["技术材料", "20", "18", "—", "25"],
        ["实况调查团", "1", "2", "2", "3"],
    ]
    y = sh.prose(100, PROSE_BEFORE) + 12
    sh.text(centres[2], y, "实际数", 9, "centre")
    sh.rule(x[1] + 4, x[4] - 4, y + 3.5)  # a short rule under it, over 2017-2019
    y += 13
    sh.text(x[0], y, head[0], 9)
    for j, h in enumerate(head[1:]):
        sh.text(centres[j + 1], y, h, 9, "centre")
    for row in rows:
        y += 14
        sh.text(x[0], y, row[0], 9)
        for j, v in enumerate(row[1:]):
            if v:
                sh.text(centres[j + 1], y, v, 9, "centre")
    sh.text(x[0], y + 16, "注：2020 年数字为估计数。", 8)
    sh.prose(y + 44, PROSE_AFTER)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1, [(t.table_key, t.n_cols, t.n_rows) for t in tables]
    t = tables[0]
    assert t.column_labels == ["类别", "实际数 / 2017", "实际数 / 2018", "实际数 / 2019", "2020"]
    assert _cells(t) == rows
    assert t.notes == ["注：2020 年数字为估计数。"]


# -- a table of words only, no rules, no numbers ---------------------------------------------------

WORD_HEAD = ["机构", "职能", "所在地", "主管部门"]
WORD_ROWS = [
    ["环境署", "环境评估", "内罗毕", "大会"],
    ["人居署", "城市规划", "内罗毕", "大会"],
    ["贸发会议", "贸易发展", "", "大会"],
    ["欧洲经委会", "区域合作", "日内瓦", "经社理事会"],
]


def test_table_of_words_in_columns_is_found_by_alignment(tmp_path):
    """Four columns of words under a row of labels, one cell left empty, between two paragraphs: one
    table, the prose around it left alone (expected cells are the drawn ones)."""
    path = tmp_path / "words.pdf"
    sh = Sheet(path)
    y = sh.prose(90, ["下表列出本报告所涉的各个机构及其职能、所在地和主管部门，供参考。"]) + 14
    xs = [72, 190, 310, 430]
    for x, head in zip(xs, WORD_HEAD, strict=True):
        sh.text(x, y, head, 9)
    for k, row in enumerate(WORD_ROWS, start=1):
        for x, cell in zip(xs, row, strict=True):
            if cell:
                sh.text(x, y + 15 * k, cell, 9)
    sh.prose(y + 15 * len(WORD_ROWS) + 30, ["上表所列机构均按照各自的任务规定开展工作。"])
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1, [(t.n_cols, t.n_rows) for t in tables]
    assert tables[0].column_labels == WORD_HEAD
    assert _cells(tables[0]) == WORD_ROWS


FIELD_HEAD = ["姓名", "证件号码", "日期", "方式"]
FIELD_ROWS = [
    ["王小明", "110-1978-0312", "2013/10/09", "现金"],
    ["李华", "220-1981-1105", "2013/10/10", "转账"],
    ["张伟", "310-1969-0721", "2013/10/12", "现金"],
    ["陈静", "440-1990-0203", "2013/10/15", "支票"],
]


def test_full_rows_of_fields_of_different_kinds_are_a_table(tmp_path):
    """Every row fills every column and nothing sets the header apart, as in a list flowing over
    columns; but the columns hold fields of different kinds (names, identifiers and dates of digits,
    words): a table, header first (expected cells are the drawn ones)."""
    path = tmp_path / "fields.pdf"
    sh = Sheet(path)
    y = sh.prose(90, ["下表列出本期登记的捐款人及其捐款日期和方式，供查阅。"]) + 14
    xs = [72, 170, 300, 420]
    for k, row in enumerate([FIELD_HEAD, *FIELD_ROWS]):
        for x, cell in zip(xs, row, strict=True):
            sh.text(x, y + 15 * k, cell, 9)
    sh.prose(y + 15 * len(FIELD_ROWS) + 30, ["上表所列捐款均已入账。"])
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1, [(t.n_cols, t.n_rows) for t in tables]
    assert tables[0].column_labels == FIELD_HEAD
    assert _cells(tables[0]) == FIELD_ROWS


def test_header_row_set_larger_is_the_tables_header_not_a_heading(tmp_path):
    """No caption, no rules; the row of column labels is set 1.2 times the body size. A larger line
    of several pieces is a header row, not a heading that ends the table above its numbers."""
    path = tmp_path / "larger_head.pdf"
    sh = Sheet(path)
    y = sh.prose(90, ["下表按区域列出各项支出，单位为千美元。"]) + 16
    xs = [72, 300, 400, 500]
    head = ["区域", "2019", "2020", "2021"]
    rows = [["非洲", "1 234.5", "1 300.0", "1 410.2"], ["亚洲", "987.1", "1 002.3", "1 120.0"]]
    rows += [["欧洲", "456.0", "470.8", "480.1"], ["拉丁美洲", "321.9", "330.0", "345.6"]]
    sh.text(xs[0], y, head[0], 10.8)
    for x, h in zip(xs[1:], head[1:], strict=True):
        sh.text(x, y, h, 10.8, "right")
    for k, row in enumerate(rows, start=1):
        sh.text(xs[0], y + 15 * k, row[0], 9)
        for x, v in zip(xs[1:], row[1:], strict=True):
            sh.text(x, y + 15 * k, v, 9, "right")
    sh.prose(y + 15 * len(rows) + 30, ["上表所列支出均为实际数。"])
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1, [(t.n_cols, t.n_rows) for t in tables]
    assert tables[0].column_labels == head
    assert _cells(tables[0]) == rows


def test_prose_in_three_columns_is_no_table(tmp_path):
    """A page set in three columns of prose: its lines stand in three aligned columns, but each is a
    line of text many em wide, not a cell."""
    path = tmp_path / "three_columns.pdf"
    sh = Sheet(path)
    text = "本节说明该方案的工作重点和资源变化情况以及所需员额"
    for k in range(8):
        for x in (72, 250, 428):
            sh.text(x, 100 + 14 * k, text[: 15 + (k % 3)], 9)
    sh.save()
    frags, _ = extract_tables(path)
    assert frags == []


def test_names_in_three_columns_are_no_table(tmp_path):
    """A list of members set in three columns (every line full but the last): a list, not a table."""
    path = tmp_path / "names3.pdf"
    sh = Sheet(path)
    sh.prose(90, ["出席会议的有下列成员国的代表："])
    names = ["阿尔巴尼亚", "阿尔及利亚", "安哥拉", "阿根廷", "亚美尼亚", "澳大利亚", "奥地利", "阿塞拜疆"]
    names += ["巴哈马", "巴林", "孟加拉国", "巴巴多斯", "白俄罗斯", "比利时"]
    for k, name in enumerate(names):
        sh.text(90 + 150 * (k % 3), 120 + 15 * (k // 3), name, 10.5)
    sh.save()
    frags, _ = extract_tables(path)
    assert frags == []


# -- hanging paragraph numbers beside a ruled table ------------------------------------------------


HANGING_ROWS = [("会议次数", "4", "3"), ("出版物", "1", "2"), ("技术材料", "2", "2")]


def _draw_hanging(path: Path) -> None:
    """A tight layout (1.2 em line pitch, numbers hanging in the margin): a list with its labels in
    a column, a heading, then paragraph 3.2 whose text opens with "表 4 …", then table 4 with its
    caption and rules as wide as the text column."""
    sh = Sheet(path)
    size, left, right = 9.0, 119.0, 476.0
    items = [("26/15", "加强应急和准备活动的环境方面的国际合作"), ("27/2", "加强联合国环境规划署的作用")]
    sh.text(83, 560, "3.1", size)
    sh.text(left, 560, "下列清单列示本方案所有授权。", size)
    sh.text(left, 578, "理事会决定", size, overprint=0.4)
    sh.text(137, 592, items[0][0], size)
    sh.text(209, 592, items[0][1], size)
    sh.text(left, 610, "联合国环境大会决议", size, overprint=0.4)
    sh.text(137, 624, items[1][0], size)
    sh.text(209, 624, items[1][1], size)
    sh.text(left, 642, "应交付产出", size, overprint=0.4)
    sh.text(83, 656, "3.2", size)
    sh.text(left, 656, "表 4 按类别和次类别列示 2019-2021 年期间促进和预计将促进实现上述目标的所有应交付", size)
    sh.text(left, 667, "产出。", size)
    sh.text(left, 681, "表 4  次级方案 2：按类别和次类别列示的应交付产出", size, overprint=0.4)
    rows = HANGING_ROWS
    y = 686.0
    sh.rule(left, right, y)
    sh.text(380, y + 9, "2019 年", 7.2, "right")
    sh.text(474, y + 9, "2020 年", 7.2, "right")
    sh.rule(left, right, y + 12)
    for k, (label, a, b) in enumerate(rows):
        base = y + 22 + 9.7 * k
        sh.text(left, base, label, 7.2)
        sh.text(380, base, a, 7.2, "right")
        sh.text(474, base, b, 7.2, "right")
    sh.rule(left, right, y + 22 + 9.7 * len(rows) - 6)
    sh.save()


def test_hanging_numbers_beside_column_wide_rules_stay_on_their_line(tmp_path):
    """The rules start where the text does; the hanging numbers left of them are the margin's,
    not a column beside the table: no line is cut at the column's edge (each paragraph number
    keeps its text), and table 4 is found once, with its rows."""
    path = tmp_path / "hanging.pdf"
    _draw_hanging(path)
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["4"], [(t.number, t.title) for t in tables]
    assert _cells(tables[0]) == [list(r) for r in HANGING_ROWS]
    settings = TableSettings()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        lines = group_lines(page_chars(page.chars, page.height, settings), settings)
        size = body_font_size(lines)
        rules, _ = find_rules(read_geometry(page, settings=settings), page.height, size, settings)
        assert len(rules) == 3
        split = split_at_panels(lines, rules, size, settings)
    numbered = [[s.text.strip() for s in ln.segs] for ln in split if ln.segs[0].text.strip() in ("3.1", "3.2")]
    assert [segs[:1] for segs in numbered] == [["3.1"], ["3.2"]]
    assert all(len(segs) == 2 for segs in numbered), numbered


# -- header cells wrapped over right-aligned values ------------------------------------------------


def test_a_wrapped_header_cell_over_right_aligned_values_names_one_column(tmp_path):
    """Narrow columns: each header cell wraps ("2019 年计划" over "数", both lines centred) and the
    values are set flush right in the column, under the cell's first line but not its short
    last line. The last line is the same cell's, not a column of its own: four columns."""
    path = tmp_path / "wrapped_header.pdf"
    sh = Sheet(path)
    edges = [72.0, 250.0, 310.0, 370.0, 430.0]
    heads = [("2019 年计划", "数"), ("2019 年实际", "数"), ("2020 年计划", "数")]
    rows = [
        ("会议", "1 234", "1 200", "1 300"),
        ("出版物", "2 005", "2 010", "1 990"),
        ("技术材料", "3 456", "3 400", "3 500"),
    ]
    sh.text(sh.width / 2, 100, "表 5  按类别列示的应交付产出", 10, "centre")
    sh.rule(edges[0], edges[-1], 108)
    sh.text(edges[0], 120, "类别", 9)
    for k, (first, last) in enumerate(heads):
        mid = (edges[k + 1] + edges[k + 2]) / 2
        sh.text(mid, 120, first, 9, "centre")
        sh.text(mid, 132, last, 9, "centre")
    sh.rule(edges[0], edges[-1], 137)
    for r, (label, *values) in enumerate(rows):
        base = 150 + 13 * r
        sh.text(edges[0], base, label, 9)
        for k, value in enumerate(values):
            sh.text(edges[k + 2] - 2, base, value, 9, "right")
    sh.rule(edges[0], edges[-1], 150 + 13 * len(rows) - 6)
    sh.prose(150 + 13 * len(rows) + 20, ["表后的正文接着说明这些产出。"])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["5"]
    assert tables[0].n_cols == 4, [[h.text for h in row] for row in tables[0].header]
    assert _cells(tables[0]) == [list(r) for r in rows]
