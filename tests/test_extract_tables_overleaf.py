"""Tables around page breaks and set close together (issue #11), on drawn pages: a caption that
closes a page with its table overleaf, two tables stacked with an empty band between their rules,
short values set flush right one per line, numbers of neighbouring columns closer than a column
gap. Expected cells are the texts drawn, written out by hand."""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.models import Table

PROSE = [
    "本节说明该方案在两年期内的资源需求。所需资源按构成部分分列如下，数额以千美元计，",
    "其中员额所需资源反映了拟议员额配置表的变化。",
]
LEFT, RIGHT = 72.0, 523.0


def _cells(t: Table) -> list[list[str]]:
    return [list(r.cells) for r in t.rows]


def _ruled(sh: Sheet, top: float, head: list[str], rows: list[list[str]], xs: list[float]) -> float:
    """A table ruled above and below its header and at its foot: label column left-aligned, the
    other columns right-aligned at ``xs`` (their right edges); returns the y of the foot rule."""
    sh.rule(LEFT, RIGHT, top)
    y = top + 12
    sh.text(LEFT, y, head[0], 9)
    for x, h in zip(xs, head[1:], strict=True):
        sh.text(x, y, h, 9, "right")
    sh.rule(LEFT, RIGHT, y + 4)
    for row in rows:
        y += 14
        sh.text(LEFT, y, row[0], 9)
        for x, v in zip(xs, row[1:], strict=True):
            if v:
                sh.text(x, y, v, 9, "right")
    sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


HEAD = ["构成部分", "2019 年支出数", "2020 年批款数", "2021 年估计数"]
ROWS = [
    ["决策机关", "309.1", "8.5", "410.1"],
    ["行政领导和管理", "2 614.0", "2 808.6", "2 849.5"],
    ["工作方案", "17 936.9", "17 933.1", "18 583.1"],
    ["方案支助", "1 252.7", "1 214.6", "1 295.0"],
]
XS = [300.0, 400.0, 520.0]


def _assert_table_7_over_pages_1_and_2(path: Path) -> None:
    """表 7 captioned at the foot of page 1, with its unit, header and rows read overleaf."""
    _, tables = extract_tables(path)
    assert [(t.number, t.page_first, t.page_last) for t in tables] == [("7", 1, 2)]
    t = tables[0]
    assert (t.title, t.unit) == ("按构成部分列示的财政资源", "(千美元)")
    assert t.column_labels == HEAD
    assert _cells(t) == ROWS


def test_caption_closing_a_page_takes_its_table_from_overleaf(tmp_path: Path) -> None:
    path = tmp_path / "overleaf.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE * 20)
    sh.text(LEFT, y + 10, "表 7  按构成部分列示的财政资源", 10.5)
    sh.text(LEFT, y + 26, "(千美元)", 9)
    sh.new_page()
    _ruled(sh, 80, HEAD, ROWS, XS)
    sh.prose(200, PROSE)
    sh.save()
    _assert_table_7_over_pages_1_and_2(path)


def test_caption_and_header_closing_a_page_take_the_rows_overleaf(tmp_path: Path) -> None:
    """The header printed under the caption at the page foot and repeated overleaf is read once."""
    path = tmp_path / "overleaf_header.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE * 21)
    sh.text(LEFT, y + 10, "表 8  员额资源", 10.5)
    _ruled(sh, y + 18, HEAD, [], XS)
    sh.new_page()
    _ruled(sh, 80, HEAD, ROWS, XS)
    sh.save()
    _, tables = extract_tables(path)
    assert [(t.number, t.page_first, t.page_last) for t in tables] == [("8", 1, 2)]
    assert tables[0].column_labels == HEAD
    assert _cells(tables[0]) == ROWS


def test_tables_stacked_with_an_empty_band_between_their_rules_are_two(tmp_path: Path) -> None:
    path = tmp_path / "stacked.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE)
    bottom = _ruled(sh, y + 10, HEAD, ROWS[:2], XS)
    _ruled(sh, bottom + 12, HEAD, ROWS[2:], XS)
    sh.save()
    _, tables = extract_tables(path)
    assert [_cells(t) for t in tables] == [ROWS[:2], ROWS[2:]]


def test_short_values_set_flush_right_are_a_row_each(tmp_path: Path) -> None:
    """Two columns of posts, the right one flush right and longer: each line is its own row."""
    path = tmp_path / "posts.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE)
    rows = [["1 USG", "1 ASG"], ["1 P-4", "2 D-1"], ["2 LL", "4 P-4"], ["", "1 P-3"], ["", "13 LL"]]
    sh.rule(LEFT, RIGHT, y + 10)
    sh.text(190, y + 22, "RB", 9, "centre")
    sh.text(410, y + 22, "XB", 9, "centre")
    sh.rule(LEFT, RIGHT, y + 26)
    yy = y + 26
    for left, right in rows:
        yy += 14
        if left:
            sh.text(LEFT, yy, left, 9)
        sh.text(RIGHT - 2, yy, right, 9, "right")
    sh.rule(LEFT, RIGHT, yy + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == rows


def test_numbers_of_neighbouring_columns_set_close_are_two_cells(tmp_path: Path) -> None:
    """Right-aligned numbers of narrow columns half an em apart, a thousands space printed inside."""
    path = tmp_path / "close.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE)
    w = sh.text_width("21 466.8", 9)
    xs = [260.0, 260.0 + w + 4.5, 260.0 + 2 * (w + 4.5)]  # 4.5 pt = 0.5 em between the numbers
    rows = [["员额", "21 466.8", "21 665.0", "—"], ["其他", "91.5", "18.9", "196.3"]]
    _ruled(sh, y + 10, ["类别", "支出", "批款", "变动"], rows, xs)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == rows


def test_running_lines_inside_the_page_neither_split_nor_join_tables(tmp_path: Path) -> None:
    """A running header at 12 % and a footer at 90 % of the page height (inside the table side's
    margin band): the table broken over the page break is one table, its rows without them."""
    from extract.document import extract_document

    path = tmp_path / "running.pdf"
    sh = Sheet(path)
    head_y, foot_y = 0.12 * sh.height, 0.90 * sh.height
    rows = [[f"项目 {k}", f"{k}.5", f"{k + 1}.0", f"{k + 2}.5"] for k in range(1, 41)]
    pages = [rows[:12], rows[12:40]]
    for n in range(1, 4):
        sh.text(LEFT, head_y, "A/75/6 (Sect. 14)", 8.5)
        sh.text(sh.width / 2, foot_y, f"{n}", 8.5, "centre")
        if n == 1:
            y = sh.prose(head_y + 40, PROSE * 10)
            sh.text(LEFT, y + 10, "表 9  按项目列示的资源", 10.5)
            _ruled(sh, y + 18, HEAD, pages[0], XS)
        elif n == 2:
            _ruled(sh, head_y + 24, HEAD, pages[1], XS)
        else:
            sh.prose(head_y + 40, PROSE * 3)
        if n < 3:
            sh.new_page()
    sh.save()
    tables = [t for t in extract_document(path).tables if t.number is not None or t.rows]
    assert [(t.number, t.page_first, t.page_last) for t in tables] == [("9", 1, 2)]
    assert _cells(tables[0]) == rows[:40]


def test_unit_line_printed_overleaf_goes_with_the_caption_at_the_foot(tmp_path: Path) -> None:
    """The caption alone closes the page; its unit line is printed overleaf, above the table."""
    path = tmp_path / "unit_overleaf.pdf"
    sh = Sheet(path)
    y = sh.prose(100, PROSE * 20)
    sh.text(LEFT, y + 10, "表 7  按构成部分列示的财政资源", 10.5)
    sh.new_page()
    sh.text(LEFT, 80, "(千美元)", 9)
    _ruled(sh, 88, HEAD, ROWS, XS)
    sh.prose(200, PROSE)
    sh.save()
    _assert_table_7_over_pages_1_and_2(path)


def _grid(sh: Sheet, top: float, rows: list[list[str]], xs: list[float], pitch: float = 18.0) -> float:
    """A table drawn fully gridded, one row per ``pitch``; returns the bottom border's y."""
    c = sh.canvas
    c.setLineWidth(0.5)
    bottom = top + pitch * len(rows)
    for k in range(len(rows) + 1):
        c.line(xs[0], sh.height - (top + pitch * k), xs[-1], sh.height - (top + pitch * k))
    for x in xs:
        c.line(x, sh.height - top, x, sh.height - bottom)
    for k, row in enumerate(rows):
        for j, cell in enumerate(row):
            if j:
                sh.text(xs[j + 1] - 4, top + pitch * k + 12.5, cell, 9, "right")
            else:
                sh.text(xs[0] + 4, top + pitch * k + 12.5, cell, 9)
    return bottom


def test_gridded_rows_in_the_page_margins_are_rows(tmp_path: Path) -> None:
    """A gridded table run down to 2.5 % above the page foot, continued overleaf with its header
    repeated 3 % under the page head (a web page printed with narrow margins): the rows printed in
    the margins are table rows, none lost, and the repeated header is no row."""
    path = tmp_path / "margins.pdf"
    sh = Sheet(path)
    xs = [72.0, 260.0, 380.0, 500.0]
    head = ["科目名称", "预算数", "决算数"]
    rows = [[f"支出科目第{k}项", f"{100 + 7 * k}.50", f"{98 + 7 * k}.25"] for k in range(1, 41)]
    y = sh.prose(90, ["下表列出本年度各项支出的预算数和决算数，单位为万元。"]) + 10
    sh.text(sh.width / 2, y, "表 5  支出决算明细表", 10, "centre")
    per_page = int((sh.height * 0.975 - (y + 8)) // 18) - 1  # the last row ends 2.5 % above the foot
    first = [head, *rows[:per_page]]
    _grid(sh, y + 8, first, xs)
    sh.new_page()
    bottom = _grid(sh, sh.height * 0.03, [head, *rows[per_page:]], xs)
    sh.prose(bottom + 24, ["上表所列支出均已按规定列支。"])
    sh.save()
    from extract.document import extract_document

    ex = extract_document(path)
    assert [t.number for t in ex.tables] == ["5"]
    t = ex.tables[0]
    assert t.column_labels == head
    assert _cells(t) == rows
    assert not any("支出科目" in b.text for b in ex.blocks)
