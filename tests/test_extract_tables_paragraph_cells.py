"""Tables whose cells hold wrapped text (issue #11), on drawn pages: the space a line wrapped at,
a cell that ended while its row went on, two text columns set closer than a column gap, text set
flush right in its cell, a short piece overleaf under a repeated header. Expected cells are the
texts drawn, written out by hand."""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.models import Table

LEFT, RIGHT = 72.0, 523.0
# prose that prints a space where an ideograph meets a digit or a Latin letter (UN house style)
SPACED = [
    "大会第 67/213 号决议于 2013 年 2 月决定设立 1 个委员会，第 27/2 号决定于 2019 年通过，",
    "该委员会于 2020 年 3 月举行第 1 届会议，审议了 A/75/6 号文件和 12 项建议。",
]
# the same prose set without those spaces
TIGHT = [
    "大会第67/213号决议于2013年2月决定设立1个委员会，第27/2号决定于2019年通过，",
    "该委员会于2020年3月举行第1届会议，审议了A/75/6号文件和12项建议。",
]


def _cells(t: Table) -> list[list[str]]:
    return [list(r.cells) for r in t.rows]


def _posts(sh: Sheet, top: float, rows: list[tuple[str, list[str]]]) -> float:
    """Rows of a label, a number and a cell whose lines are set flush right at the table's right
    edge (the cell about 150 pt wide)."""
    sh.rule(LEFT, RIGHT, top)
    sh.text(LEFT, top + 12, "类别", 9)
    sh.text(360, top + 12, "数目", 9, "right")
    sh.text(RIGHT - 2, top + 12, "职等", 9, "right")
    sh.rule(LEFT, RIGHT, top + 16)
    y = top + 16
    for label, lines in rows:
        y += 12
        sh.text(LEFT, y, label, 9)
        sh.text(360, y, "113", 9, "right")
        for k, line in enumerate(lines):
            sh.text(RIGHT - 2, y + 12 * k, line, 9, "right")
        y += 12 * (len(lines) - 1)
    sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


def test_a_line_wrapped_at_a_space_keeps_it(tmp_path: Path) -> None:
    """Cell lines wrapped where the text has a space: printed at the start of the next line, or
    not printed at all (a browser drops it) on a page whose text spaces ideographs from digits."""
    path = tmp_path / "wrap_space.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED)
    lines = ["1 个 USG，1 个 ASG，4 个 D-2，11 个", "D-1，26 个 P-5，40 个 P-4，10", " 个 LL"]
    # a cell that sets its own digits solid ("18号") keeps its wrap solid on that page too
    solid = ["关于贫困与环境的联系的第", "4/18号决议"]
    _posts(sh, y + 10, [("2020 年核定数", lines), ("2021 年拟议数", lines), ("决议", solid)])
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    text = "1 个 USG，1 个 ASG，4 个 D-2，11 个 D-1，26 个 P-5，40 个 P-4，10 个 LL"
    assert _cells(tables[0]) == [
        ["2020 年核定数", "113", text],
        ["2021 年拟议数", "113", text],
        ["决议", "113", "关于贫困与环境的联系的第4/18号决议"],
    ]


def test_a_line_wrapped_on_a_page_set_solid_adds_no_space(tmp_path: Path) -> None:
    path = tmp_path / "wrap_tight.pdf"
    sh = Sheet(path)
    y = sh.prose(100, TIGHT)
    _posts(sh, y + 10, [("2020年核定数", ["1个USG，1个ASG，4个D-2，11个", "D-1，26个P-5，40个P-4"])])
    sh.save()
    _, tables = extract_tables(path)
    assert _cells(tables[0]) == [["2020年核定数", "113", "1个USG，1个ASG，4个D-2，11个D-1，26个P-5，40个P-4"]]


def _two_text_columns(sh: Sheet, top: float, rows: list[tuple[list[str], list[str]]]) -> None:
    """Two columns of wrapped text, 24 characters of 9 pt wide each, ruled above and below the
    header and at the foot."""
    sh.rule(LEFT, RIGHT, top)
    sh.text(180, top + 12, "建议简述", 9, "centre")
    sh.text(410, top + 12, "为执行建议而采取的行动", 9, "centre")
    sh.rule(LEFT, RIGHT, top + 16)
    y = top + 16
    for left, right in rows:
        y += 12
        for k, line in enumerate(left):
            sh.text(LEFT, y + 12 * k, line, 9)
        for k, line in enumerate(right):
            sh.text(300, y + 12 * k, line, 9)
        y += 12 * (max(len(left), len(right)) - 1)
    sh.rule(LEFT, RIGHT, y + 5)


def test_a_cell_that_ended_while_its_row_went_on_starts_no_more_text(tmp_path: Path) -> None:
    """The left cell's last line runs to the column's edge, then the right cell goes on alone for
    two lines: the left column's next text starts the next row, though every line was full."""
    path = tmp_path / "ended.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED)
    rows = [
        (
            ["审计委员会建议环境署完整和最新的项目信息更新方案", "信息和管理系统，以确保今后向团结系统整体迁移。"],
            [
                "环境署设立了业务情报指导委员会，以确保决策者获得",
                "一致、清晰、准确和可靠的数据。环境署还为确定项目",
                "的正确状况而在该系统中启动了数据清理流程，并继续",
                "使用其他数据汇总工具支持决策程序和项目信息管理。",
            ],
        ),
        (["审计委员会建议环境署审查合并目前所有项目。"], ["环境署依靠团结项目扩展部分推动合并和管理信息。"]),
        (["审计委员会建议环境署采取措施整合信息管理。"], ["环境署认为这项建议已经执行。"]),
    ]
    _two_text_columns(sh, y + 10, rows)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == [["".join(a), "".join(b)] for a, b in rows]


def test_two_text_columns_closer_than_a_column_gap_stay_apart(tmp_path: Path) -> None:
    """A justified column of text and a column set flush right a third of an em after it: on the
    line where both reach the gutter they print as one run; the other lines show the gutter."""
    path = tmp_path / "gutter.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED)
    top = y + 10
    sh.rule(LEFT, RIGHT, top)
    for x, h in ((LEFT, "决策机关"), (230, "说明"), (310, "补充信息")):
        sh.text(x, top + 12, h, 9)
    sh.text(420, top + 12, "批款数", 9, "right")
    sh.rule(LEFT, RIGHT, top + 16)
    # column 1: 8 characters from x = 230 (to 302); column 2 flush right at 305 + 63 = 368
    body = [
        (
            "联合国环境大会",
            ["联合国环境大会是", "环境署的理事机构", "任务是制定战略决", "策。"],
            ["授权：理事会第", "二十七号决定", "和第三号决定"],
            "309.1",
        ),
        (
            "常驻代表委员会",
            ["常驻代表委员会作", "为环境大会的一个", "附属机构。"],
            ["授权：理事会第", "二十七号决定"],
            "92.5",
        ),
    ]
    y = top + 16
    for label, col1, col2, value in body:
        y += 12
        sh.text(LEFT, y, label, 9)
        sh.text(420, y, value, 9, "right")
        for k, line in enumerate(col1):
            sh.text(230, y + 12 * k, line, 9)
        for k, line in enumerate(col2):
            sh.text(368, y + 12 * k, line, 9, "right")
        y += 12 * (max(len(col1), len(col2)) - 1)
    sh.rule(LEFT, RIGHT, y + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == [[label, "".join(c1), "".join(c2), v] for label, c1, c2, v in body]


def test_text_set_flush_right_wraps_at_the_column_width(tmp_path: Path) -> None:
    """A cell's lines set flush right, ragged left, the second starting with a digit: the number
    did not fit on the first line, so the lines are one cell (the value column is far off)."""
    path = tmp_path / "flush_right.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED)
    top = y + 10
    sh.rule(LEFT, RIGHT, top)
    sh.text(LEFT, top + 12, "决策机关", 9)
    sh.text(200, top + 12, "说明", 9)
    sh.text(372, top + 12, "补充信息", 9, "right")
    sh.text(440, top + 12, "批款数", 9, "right")
    sh.rule(LEFT, RIGHT, top + 16)
    rows = [
        (
            "联合国环境大会",
            ["环境署的理事机构", "制定战略决策。"],
            ["授权：大会第 67/21", "3 和 67/251 号决议", "以及第 27/2 号决定"],
            "309.1",
        ),
        ("常驻代表委员会", ["环境大会的附属机", "构。"], ["授权：理事会第", "27/2 号决定"], "92.5"),
    ]
    y = top + 16
    for label, col1, col2, value in rows:
        y += 12
        sh.text(LEFT, y, label, 9)
        sh.text(440, y, value, 9, "right")
        for k, line in enumerate(col1):
            sh.text(200, y + 12 * k, line, 9)
        for k, line in enumerate(col2):
            sh.text(372, y + 12 * k, line, 9, "right")
        y += 12 * (max(len(col1), len(col2)) - 1)
    sh.rule(LEFT, RIGHT, y + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == [
        [
            "联合国环境大会",
            "环境署的理事机构制定战略决策。",
            "授权：大会第 67/213 和 67/251 号决议以及第 27/2 号决定",
            "309.1",
        ],
        ["常驻代表委员会", "环境大会的附属机构。", "授权：理事会第 27/2 号决定", "92.5"],
    ]


def _posts_piece(sh: Sheet, top: float, rows: list[tuple[str, str]], foot: bool) -> float:
    sh.rule(LEFT, RIGHT, top)
    sh.text(190, top + 12, "RB", 9, "centre")
    sh.text(410, top + 12, "XB", 9, "centre")
    sh.rule(LEFT, RIGHT, top + 16)
    y = top + 16
    for left, right in rows:
        y += 12
        if left:
            sh.text(LEFT, y, left, 9)
        sh.text(RIGHT - 2, y, right, 9, "right")
    if foot:
        sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


def test_a_short_piece_overleaf_under_its_repeated_header_adds_rows(tmp_path: Path) -> None:
    """Posts set flush right, the last one overleaf under the header printed again: the header
    read over the one column that piece fills is the same header (not a row), and a short value
    flush right at the page foot is a row of its own, not the start of the one overleaf."""
    path = tmp_path / "posts_overleaf.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED * 17)
    rows = [("1 D-2", "2 D-1"), ("2 P-5", "5 P-5"), ("2 LL", "9 P-3"), ("", "5 P-2")]
    _posts_piece(sh, y + 10, rows, foot=False)
    sh.new_page()
    _posts_piece(sh, 80, [("", "28 LL")], foot=True)
    sh.prose(160, SPACED)
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert (tables[0].page_first, tables[0].page_last) == (1, 2)
    assert _cells(tables[0]) == [list(r) for r in rows] + [["", "28 LL"]]


def test_paragraphs_in_a_drawn_cell_stay_apart(tmp_path: Path) -> None:
    """A fully ruled grid whose body cell holds three paragraphs set flush left: a line that ends
    where the next line's first character would still have fitted ends a paragraph."""
    path = tmp_path / "grid_paragraphs.pdf"
    sh = Sheet(path)
    y = sh.prose(100, SPACED)
    xs = [LEFT, 200.0, 310.0, 400.0]
    cell = [
        "授权理事会第二十七号决",
        "定和第三号决定以及大会",
        "第六十七号决议",
        "成员一百九十三名政府官",
        "员",
        "届会次数一次",
    ]
    tops = [y + 10, y + 28, y + 28 + 12 * len(cell) + 8, y + 28 + 12 * len(cell) + 26]
    c = sh.canvas
    c.setLineWidth(0.5)
    for t in tops:
        c.line(xs[0], sh.height - t, xs[-1], sh.height - t)
    for x in xs:
        c.line(x, sh.height - tops[0], x, sh.height - tops[-1])
    for x, h in zip(xs, ["决策机关", "补充信息", "批款数"], strict=False):
        sh.text(x + 3, tops[0] + 12, h, 9)
    sh.text(xs[0] + 3, tops[1] + 12, "联合国环境大会", 9)
    for k, line in enumerate(cell):
        sh.text(xs[1] + 3, tops[1] + 12 + 12 * k, line, 9)
    sh.text(xs[3] - 3, tops[1] + 12, "309.1", 9, "right")
    sh.text(xs[0] + 3, tops[2] + 12, "共计", 9)
    sh.text(xs[3] - 3, tops[2] + 12, "410.1", 9, "right")
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert _cells(tables[0]) == [
        [
            "联合国环境大会",
            "授权理事会第二十七号决定和第三号决定以及大会第六十七号决议\n成员一百九十三名政府官员\n届会次数一次",
            "309.1",
        ],
        ["共计", "", "410.1"],
    ]
