"""Table captions printed UNDER their table ("表 N" and its title after the last row or rule).

Drawn with reportlab: two ruled tables stacked with their captions under them (the first
caption stands nearer the next table's top than the caption gap, so that table reads it as its
own caption above unless the geometry says otherwise), an unruled table with its caption under
it, and a ruled table split over a page break whose caption is printed under its last part.
a table of words with its caption under it, and a caption closing a page under a list and a
paragraph (its table overleaf: the list is no table). Expected values are the ones drawn (hand-written).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

X0, X1 = 72.0, 523.0
A_ROWS = [("员额", "12.0", "14.0"), ("非员额", "3.5", "4.1"), ("共计", "15.5", "18.1")]
B_ROWS = [("专业人员", "7", "8"), ("一般事务人员", "5", "5")]
C_ROWS = [("环境基金", "95.1", "100.0"), ("专用捐款", "40.2", "45.0"), ("信托基金", "12.3", "11.0")]
E_YEARS = ["2019", "2020", "2021"]
E_CELLS = [("两个国家制定", "路线图"), ("五个国家采用", "排放标准"), ("四个国家制定", "激励措施")]
MANDATES = [(f"{k}/{k + 3}", t) for k, t in enumerate(["化学品和废物", "海洋塑料废弃物", "空气质量", "海洋垃圾"], 1)]
D_ROWS = [(f"第 {k} 项活动", f"{10 + k}.0", f"{20 + k}.5") for k in range(1, 13)]


def _ruled(sh: Sheet, top: float, rows: list[tuple[str, str, str]]) -> float:
    """A table ruled above and under its header and under its rows; returns the last rule's y."""
    sh.rule(X0, X1, top)
    sh.text(X0, top + 12, "项目", 9)
    sh.text(330, top + 12, "2019年", 9, "right")
    sh.text(480, top + 12, "2021年", 9, "right")
    sh.rule(X0, X1, top + 17)
    for k, (label, a, b) in enumerate(rows):
        base = top + 30 + 14 * k
        sh.text(X0, base, label, 9)
        sh.text(330, base, a, 9, "right")
        sh.text(480, base, b, 9, "right")
    bottom = top + 30 + 14 * len(rows) - 8
    sh.rule(X0, X1, bottom)
    return bottom


def _draw(path: Path) -> None:
    sh = Sheet(path)
    mid = sh.width / 2
    y = sh.prose(90, ["下面两张表列出本次级方案的资源，表的编号和标题印在表的下方。"])
    bottom = _ruled(sh, y + 10, A_ROWS)
    sh.text(mid, bottom + 14, "表 1", 10, "centre")  # caption close under its table
    sh.text(mid, bottom + 28, "按类别列示的财政资源", 10, "centre")
    bottom = _ruled(sh, bottom + 48, B_ROWS)  # the next table 18 pt under the first one's title
    sh.text(mid, bottom + 14, "表 2  员额资源", 10, "centre")
    sh.prose(bottom + 44, ["表格之后正文继续，这一行是普通的段落文字，不属于任何表格。"])
    sh.new_page()
    y = sh.prose(90, ["下表没有任何线条，编号和标题同样印在表的下方。"])
    sh.text(X0, y + 12, "项目", 9)
    sh.text(330, y + 12, "2019年", 9, "right")
    sh.text(480, y + 12, "2021年", 9, "right")
    for k, (label, a, b) in enumerate(C_ROWS):
        base = y + 28 + 14 * k
        sh.text(X0, base, label, 9)
        sh.text(330, base, a, 9, "right")
        sh.text(480, base, b, 9, "right")
    base = y + 28 + 14 * (len(C_ROWS) - 1)
    sh.text(mid, base + 18, "表 3", 10, "centre")
    sh.text(mid, base + 32, "捐款情况", 10, "centre")
    sh.prose(base + 62, ["这一段正文在表格的标题之后，仍然是普通的段落文字。"])
    sh.new_page()
    # a table filling the page's foot, no caption above it; its rest and caption overleaf
    y = sh.prose(90, [f"第 {k} 行正文，用来把表格推到页面的下部，这一页的表格会在下一页继续。" for k in range(1, 30)])
    _ruled(sh, y + 10, D_ROWS[:7])
    sh.new_page()
    bottom = _ruled(sh, 72, D_ROWS[7:])
    sh.text(mid, bottom + 14, "表 4", 10, "centre")
    sh.text(mid, bottom + 28, "按活动列示的支出", 10, "centre")
    sh.prose(bottom + 58, ["表格之后正文继续。"])
    sh.new_page()
    # a table of words, one row of cells wrapped over two lines, no rule, no number in its rows
    y = sh.prose(90, ["下表列出各年的业绩计量，表中只有文字。"])
    xs = [X0, 200, 330, 460]
    for x, year in zip(xs[1:], E_YEARS, strict=True):
        sh.text(x, y + 14, year, 9)
    for k in range(2):
        for x, cell in zip(xs[1:], E_CELLS, strict=True):
            sh.text(x, y + 30 + 12 * k, cell[k], 9)
    sh.text(mid, y + 56, "表 5", 10, "centre")
    sh.text(mid, y + 70, "业绩计量", 10, "centre")
    sh.text(X0, y + 100, "立法授权", 11)
    sh.prose(y + 120, ["以下清单列示本次级方案所有授权。"])
    sh.new_page()
    # a list of resolutions (number and title: two pieces a line), a paragraph, then a caption
    # closing the page: the table it names is printed overleaf, the list is no table
    y = 90.0
    for k, (number, title) in enumerate(MANDATES):
        sh.text(92, y + 22 * k, number, 10.5)
        sh.text(176, y + 22 * k, title, 10.5)
    y = sh.prose(y + 22 * len(MANDATES) + 8, ["14.83 下表按类别和次类别列示本次级方案在这一期间的应交付产出情况。"])
    sh.text(mid, y + 4, "表 6", 10, "centre")
    sh.text(mid, y + 18, "应交付产出", 10, "centre")
    sh.new_page()
    _ruled(sh, 72, A_ROWS)
    sh.prose(200, ["表格之后正文继续。"])
    sh.save()


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("captions_below") / "below.pdf"
    _draw(path)
    return extract_tables(path)[1]


def _rows(rows: list[tuple[str, str, str]]) -> list[list[str]]:
    return [list(r) for r in rows]


def test_stacked_ruled_tables_take_the_captions_under_them(tables) -> None:
    first = [t for t in tables if t.page_first == 1]
    assert [(t.number, t.title) for t in first] == [("1", "按类别列示的财政资源"), ("2", "员额资源")]
    assert [r.cells for r in first[0].rows] == _rows(A_ROWS)
    assert [r.cells for r in first[1].rows] == _rows(B_ROWS)


def test_unruled_table_takes_the_caption_under_it(tables) -> None:
    second = [t for t in tables if t.page_first == 2]
    assert [(t.number, t.title) for t in second] == [("3", "捐款情况")]
    assert [r.cells for r in second[0].rows] == _rows(C_ROWS)


def test_split_table_takes_the_caption_under_its_last_part(tables) -> None:
    split = [t for t in tables if t.page_first in (3, 4)]
    assert [(t.number, t.title, t.page_first, t.page_last) for t in split] == [("4", "按活动列示的支出", 3, 4)]
    assert [r.cells for r in split[0].rows] == _rows(D_ROWS)
    assert split[0].table_key == "4"


def test_table_of_words_takes_the_caption_under_it(tables) -> None:
    words = [t for t in tables if t.page_first == 5]
    assert [(t.number, t.title) for t in words] == [("5", "业绩计量")]
    assert [r.cells for r in words[0].rows] == [["两个国家制定路线图", "五个国家采用排放标准", "四个国家制定激励措施"]]


def test_caption_closing_the_page_under_a_list_names_the_table_overleaf(tables) -> None:
    last = [t for t in tables if t.page_first >= 6]
    assert [(t.number, t.title, t.page_first, t.page_last) for t in last] == [("6", "应交付产出", 6, 7)]
    assert [r.cells for r in last[0].rows] == _rows(A_ROWS)
