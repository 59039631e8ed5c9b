"""Cells wrapped in narrow columns as word processors wrap them, and tables run over a page break
(issue #11, the loose layouts): a figure broken at its thousands separator; a label whose line
break moved an opening bracket down with the character after it; a paragraph set flush right whose
line ended short because what came next could only move down whole; a table's first piece that
holds only a label row under its header; a page footnote right under a table at the page foot; a
section label at a page foot set like its siblings. Expected cells are the texts drawn, written
out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.models import Table

LEFT, RIGHT = 72.0, 523.0
SIZE = 10.0
PITCH = 13.5  # the step between a cell's lines and between rows alike (no extra space between rows)


def _cells(t: Table) -> list[list[str]]:
    return [list(r.cells) for r in t.rows]


def _frame(sh: Sheet, top: float, caption: str, head: list[tuple[float, str]]) -> float:
    """A caption, a rule, one header line (each text centred at its x), a rule; returns the y of
    the first body baseline."""
    sh.text(LEFT, top, caption, 10.5)
    y = top + 8
    sh.rule(LEFT, RIGHT, y)
    for x, text in head:
        sh.text(x, y + 13, text, SIZE, "centre")
    sh.rule(LEFT, RIGHT, y + 18)
    return y + 18 + PITCH


@pytest.mark.parametrize(
    ("space", "cut"), [(True, False), (False, False), (True, True)], ids=["space-printed", "space-dropped", "group-cut"]
)
def test_figure_broken_at_its_thousands_separator_is_one_value(tmp_path: Path, space: bool, cut: bool) -> None:
    """Narrow value columns: "21 466.8" does not fit, the line breaks at its separator space (kept
    at the end of the line, hanging past the column's edge, as word processors print it, or
    dropped, as browsers do) and "466.8" goes on the next line under it; the row label stays on
    one line. A row of integers under it ("0" over "107" would read as one figure) stays apart.
    ``cut``: the group after the break is wider than the column too and breaks after its decimal
    point ("21" / "466." / "8")."""
    edges = [250.0, 290.0, 330.0, 370.0]  # right edges of the value columns, 40 pt apart
    rows = [
        ("员额", ["21 466.8", "21 665.0", "—", "22 574.0"]),
        ("其他工作人员费用", ["91.5", "18.9", "196.3", "215.2"]),
        ("招待费", ["15.3", "0.4", "19.2", "19.6"]),
        ("共计", ["23 089.8", "23 364.3", "401.6", "24 719.0"]),
        ("项目数", ["0 ", "2 ", "12 ", "3 "]),  # integers printed with a space after them
        ("人数", ["107", "114", "133", "147"]),
    ]
    path = tmp_path / "separator.pdf"
    sh = Sheet(path)
    y = _frame(sh, 100, "表 7  财政资源", [(140, "类别"), *((x - 15, f"{2018 + k} 年") for k, x in enumerate(edges))])
    for label, values in rows:
        sh.text(LEFT, y, label, SIZE)
        lines = 1
        for x, v in zip(edges, values, strict=True):
            head, _, tail = v.rpartition(" ") if sh.text_width(v, SIZE) > 30 else ("", "", v)
            if head:
                # the first line's text ends at the edge, its break space after it
                sh.text(x - sh.text_width(head, SIZE), y, head + (" " if space else ""), SIZE)
                pieces = tail.split(".") if cut else [tail]
                for k, piece in enumerate(pieces):
                    text = piece + "." if cut and k == 0 else piece
                    sh.text(x, y + (k + 1) * PITCH, text, SIZE, "right")
                lines = max(lines, 1 + len(pieces))
            else:  # set flush right, a space printed after it hanging past the edge
                sh.text(x - sh.text_width(v.strip(), SIZE), y, v, SIZE)
        y += lines * PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["7"]
    assert _cells(tables[0]) == [[label, *(v.strip() for v in values)] for label, values in rows]


# the label column's text width: sixteen ideographs of 10 pt
LABEL_W = 160.0


def test_label_wrapped_before_an_opening_bracket_goes_on_in_its_row(tmp_path: Path) -> None:
    """A row label's first line ends short of the column's edge by more than two brackets' width,
    less than a bracket and an ideograph: a bracket may not end a line, so it moved down with the
    character after it. The values stand on the label's first line (as on the table's other
    wrapped rows); the label's second line continues it."""
    rows = [
        (0, ["B. 生成和转让知识"], []),
        (0, ["实地和技术合作项目(项目数目)"], ["2", "1"]),
        (1, ["1. 通过气候技术中心和网络，实施", "缓解和适应技术项目"], ["2", "1"]),
        (0, ["出版物(出版物数目)"], ["5", "4"]),
        (1, ["2. 关于可再生能源、能源效率和能", "源部门的出版物"], ["3", "3"]),
        (0, ["关于适应和抵御能力2019年出版物", "(评估和工具)"], ["2", "1"]),
        (0, ["维持和平行动的技术援助项目", "(A/72/789，第 109 段)"], ["1", "1"]),  # the bracket and the symbol moved
        (0, ["C. 实质性应交付产出"], []),
        (0, ["协商、咨询和倡导：就下列气候问题", "向各国提供专家咨询：南南合作、基", "于生态系统的适应。"], []),
    ]
    # the drawing's premise: the sixth row's first line leaves room for two brackets and more
    # (with a third of an em to spare), but not for "(评"
    first = rows[5][1][0]
    sh_w = Sheet(tmp_path / "probe.pdf")
    room = LABEL_W - sh_w.text_width(first, SIZE)
    assert 2 * sh_w.text_width("(", SIZE) + 0.3 * SIZE < room < sh_w.text_width("(评", SIZE)
    # and the seventh's leaves room for more than "(A" but not for the symbol "(A/72/789，"
    room = LABEL_W - sh_w.text_width(rows[6][1][0], SIZE)
    assert sh_w.text_width("(A", SIZE) + 0.3 * SIZE < room < sh_w.text_width("(A/72/789，", SIZE)
    path = tmp_path / "bracket.pdf"
    sh = Sheet(path)
    y = _frame(sh, 100, "表 8  应交付产出", [(150, "类别"), (380, "2019 年"), (500, "2020 年")])
    for indent, label_lines, values in rows:
        for k, text in enumerate(label_lines):
            sh.text(LEFT + indent * SIZE, y + k * PITCH, text, SIZE)
        for x, v in zip((400, 520), values, strict=False):
            sh.text(x, y, v, SIZE, "right")
        y += len(label_lines) * PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["8"]
    assert _cells(tables[0]) == [["".join(lines), *(v or ["", ""])] for _i, lines, v in rows]


# a flush-right paragraph's lines, seven ideographs wide (70 pt): one line holds fewer because
# what came next could only move down whole (an ideograph and the comma after it, which may not
# start a line; a figure after the space the line broke at, printed at its end)
FLUSH_CASES = {
    "pair": (
        "常驻代表委员会作为联合国环境大会的一个附属机构，向环境大会提供政策咨询，协助拟订各届会议的议程。",
        [
            "常驻代表委员会",
            "作为联合国环境",
            "大会的一个附属",
            "机构，向环境大",
            "会提供政策咨",
            "询，协助拟订各",
            "届会议的议程。",
        ],
    ),
    "figure": (
        "授权：大会第 67/213 和 67/251 号决议以及理事会第 27/2 号决定",
        ["授权：大会第 ", "67/213 和 67/251 ", "号决议以及理事", "会第 27/2 号决定"],
    ),
}


@pytest.mark.parametrize("case", sorted(FLUSH_CASES))
def test_flush_right_paragraph_line_short_of_a_unit_that_moved_down_goes_on(tmp_path: Path, case: str) -> None:
    """A description column set flush right: a line shorter than half the column's slot, because
    the unit after it moved down whole and would not have fitted beside it, goes on in the next
    line; the cell is one paragraph, not two."""
    para, lines = FLUSH_CASES[case]
    assert "".join(lines) == para  # the drawing's premise
    other = "联合国环境大会是环境署的理事机构，任务是制定战略决策，为环境署工作提供政治指导。"
    other_lines = [other[k : k + 7] for k in range(0, len(other), 7)]
    edge = 310.0  # the description column's right edge; the label column ends far left of it
    path = tmp_path / "flush.pdf"
    sh = Sheet(path)
    y = _frame(sh, 100, "表 9  理事机构", [(100, "理事机构"), (275, "说明"), (355, "授权"), (500, "资源")])
    table = (
        ("联合国环境大会", other_lines, "大会决议", "309.1"),
        ("常驻代表委员会", lines, "理事会决定", "92.5"),
    )
    for label, text_lines, mandate, value in table:
        sh.text(LEFT, y, label, SIZE)
        sh.text(320, y, mandate, SIZE)  # a mandate column set close to the right of it
        sh.text(520, y, value, SIZE, "right")
        for k, text in enumerate(text_lines):
            # flush right on the printed characters, a space the line broke at hanging past the edge
            sh.text(edge - sh.text_width(text.rstrip(" "), SIZE), y + k * PITCH, text, SIZE)
        y += len(text_lines) * PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["9"]
    assert _cells(tables[0]) == [
        ["联合国环境大会", other, "大会决议", "309.1"],
        ["常驻代表委员会", para, "理事会决定", "92.5"],
    ]


# -- tables run over a page break ------------------------------------------------------------------

# a budget table's header: the label column's cell empty, five value columns (right edges)
EDGES = [300.0, 355.0, 410.0, 465.0, 520.0]
HEAD = ["2019 年", "2020 年", "技术调整", "共计", "2021 年"]


def _budget_page(sh: Sheet, top: float, caption: str | None, rows: list[tuple[str, list[str]]]) -> float:
    """(A caption,) the header between two rules, ``rows`` at the row step (a label's leading
    "  " indents it one em), a foot rule; returns the foot rule's y."""
    if caption:
        sh.text(LEFT, top, caption, 10.5)
        top += 8
    sh.rule(LEFT, RIGHT, top)
    for x, text in zip(EDGES, HEAD, strict=True):
        sh.text(x - 20, top + 13, text, SIZE, "centre")
    y = top + 18
    sh.rule(LEFT, RIGHT, y)
    for label, values in rows:
        y += PITCH
        sh.text(LEFT + SIZE * (len(label) - len(label.lstrip(" "))) / 2, y, label.lstrip(" "), SIZE)
        for x, v in zip(EDGES, values, strict=False):
            sh.text(x, y, v, SIZE, "right")
    sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


ROWS = [
    ("员额", ["3 018.8", "3 347.9", "—", "—", "3 347.9"]),
    ("非员额", ["62.1", "37.5", "—", "—", "37.5"]),
    ("共计", ["3 080.9", "3 385.4", "—", "—", "3 385.4"]),
]


def test_label_row_alone_under_the_header_at_a_page_foot_keeps_the_columns(tmp_path: Path) -> None:
    """A table's first piece holds its header and one label row at the page's foot: no body line
    there shows the columns, the header's cells do; the piece overleaf continues it."""
    path = tmp_path / "label-row.pdf"
    sh = Sheet(path)
    sh.prose(100, ["前文。" * 20] * 30, leading=20)
    _budget_page(sh, 720, "表 10  财政资源", [("按主要支出类别列示的财政资源", [])])
    sh.new_page()
    _budget_page(sh, 80, None, ROWS)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["10"]
    assert tables[0].n_cols == 6
    assert _cells(tables[0]) == [["按主要支出类别列示的财政资源", "", "", "", "", ""]] + [[a, *v] for a, v in ROWS]


def test_note_with_a_hanging_marker_under_a_table_at_the_page_foot_is_no_row(tmp_path: Path) -> None:
    """A table runs down to the page's foot; the page's footnote follows right under its foot rule
    (no separator), its marker set apart from its text: not a row of the table (its text would
    run over every column)."""
    path = tmp_path / "footnote.pdf"
    sh = Sheet(path)
    foot = _budget_page(sh, 600, "表 11  财政资源", ROWS)
    sh.text(LEFT, foot + 18, "5", 8)
    sh.text(
        LEFT + 12,
        foot + 18,
        "该战略包括：(a) 联合国 2020-2030 年可持续性愿景；(b) 致力于全系统和具体实体的环境治理。",
        8,
    )
    sh.new_page()
    _budget_page(sh, 80, None, [("专业及以上职类", ["14", "14", "—", "—", "14"])])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["11"]
    assert _cells(tables[0]) == [[a, *v] for a, v in ROWS] + [["专业及以上职类", "14", "14", "—", "—", "14"]]


def test_section_label_at_a_page_foot_set_like_its_siblings_ends_its_row(tmp_path: Path) -> None:
    """Section labels opened by "A.", "B.", … each stand on one line; the last, at the page's foot,
    happens to end within an ideograph of the label column's edge: it ends its row all the same,
    the paragraph row overleaf is a row of its own."""
    para = "外联方案、特别活动和宣传材料：关于自然的解决方案和联合国生态系统恢复十年的外联运动。"
    cut = [para[k : k + 16] for k in range(0, len(para), 16)]  # sixteen ideographs a line (160 pt)
    first = [
        ("A. 协助政府间进程和专家机构", []),
        ("实质性会议服务(三小时会议次数)", ["1", "2"]),
        ("B. 生成和转让知识", []),
        ("实地和技术合作项目(项目数目)", ["1", "2"]),
        ("C. 实质性应交付产出", []),
        (cut[0], []),
        (cut[1], []),
        (cut[2], []),
        ("D. 信息传播方面的应交付产出和材料", []),  # ends 8 pt short of the edge the lines above end at
    ]
    path = tmp_path / "sections.pdf"
    sh = Sheet(path)
    sh.prose(100, ["前文。" * 20] * 20, leading=20)
    head = [(150, "类别"), (380, "2020 年"), (500, "2021 年")]
    y = _frame(sh, 620, "表 12  应交付产出", head)
    for label, values in first:
        sh.text(LEFT, y, label, SIZE)
        for x, v in zip((400, 520), values, strict=False):
            sh.text(x, y, v, SIZE, "right")
        y += PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.new_page()
    sh.rule(LEFT, RIGHT, 80)  # the header repeated overleaf
    for x, text in head:
        sh.text(x, 93, text, SIZE, "centre")
    sh.rule(LEFT, RIGHT, 98)
    y = 98 + PITCH
    for text in cut:
        sh.text(LEFT, y, text, SIZE)
        y += PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["12"]
    expected = [["A. 协助政府间进程和专家机构", "", ""], ["实质性会议服务(三小时会议次数)", "1", "2"]]
    expected += [["B. 生成和转让知识", "", ""], ["实地和技术合作项目(项目数目)", "1", "2"]]
    expected += [["C. 实质性应交付产出", "", ""], ["".join(cut), "", ""], ["D. 信息传播方面的应交付产出和材料", "", ""]]
    expected += [[para, "", ""]]
    assert _cells(tables[0]) == expected


def test_label_row_closing_a_page_heads_the_indented_rows_overleaf(tmp_path: Path) -> None:
    """The last row on the page is a label alone ("按职类列示的员额资源"); overleaf, under the
    repeated header, rows indented one em under it carry the values: it is a section row, as it is
    when the table is printed on one page."""
    path = tmp_path / "section-overleaf.pdf"
    sh = Sheet(path)
    sh.prose(100, ["前文。" * 20] * 26, leading=20)
    _budget_page(
        sh,
        640,
        "表 13  财政资源和员额资源",
        [("按主要支出类别列示的财政资源", []), *(("  " + a, v) for a, v in ROWS), ("按职类列示的员额资源", [])],
    )
    sh.new_page()
    posts = [("  专业及以上职类", ["7", "7", "—", "—", "7"]), ("  一般事务及有关职类", ["1", "1", "—", "—", "1"])]
    _budget_page(sh, 80, None, posts)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["13"]
    rows = tables[0].rows
    assert [r.cells[0] for r in rows if r.kind == "section"] == ["按主要支出类别列示的财政资源", "按职类列示的员额资源"]
    assert [r.cells for r in rows[-2:]] == [[a.strip(), *v] for a, v in posts]


def _box(sh: Sheet, top: float, title: str, rows: list[tuple[str, str]]) -> float:
    """An organigram box as the matrix prints one at 9 pt on a 1.2 em pitch: a bold title whose
    line box reaches down to the rule over the header (RB, XB centred over two columns), a rule,
    rows of posts, left and flush right, a foot rule; returns the foot rule's y. ``top``: the
    title's baseline."""
    sh.text(119, top, title, 9, overprint=0.36)
    sh.rule(119, 476, top + 1.5)
    sh.text(208, top + 11.5, "RB", 7.2, "centre")
    sh.text(387, top + 11.5, "XB", 7.2, "centre")
    sh.rule(119, 476, top + 14.5)
    y = top + 24.5
    for left, right in rows:
        if left:
            sh.text(119, y, left, 7.2)
        if right:
            sh.text(474, y, right, 7.2, "right")
        y += 9.7
    sh.rule(119, 476, y - 9.7 + 3)
    return y - 9.7 + 3


def test_box_titled_at_a_page_top_is_no_continuation(tmp_path: Path) -> None:
    """A box closes page 1; page 2 opens with the next box's title set so close over its header
    that the title's line box reaches the header: the title stands above the table, which is a
    table of its own, not the rest of the box overleaf."""
    first = [("1 D-1", "1 P-4"), ("1 P-5", "1 P-3"), ("", "1 P-2"), ("", "3 LL")]
    second = [("1 D-2", "1 D-1"), ("1 P-5", "7 P-5"), ("1 P-4", "6 P-4"), ("", "16 P-3"), ("", "43 LL")]
    path = tmp_path / "boxes.pdf"
    sh = Sheet(path)
    sh.prose(100, ["前文。" * 20] * 27, leading=20)
    last = _box(sh, 700, "评价办公室(行政领导和管理)", first)
    assert last > 0.88 * sh.height  # the drawing's premise: the box closes its page
    sh.new_page()
    _box(sh, 65, "机构服务司(方案支助)", second)
    sh.prose(200, ["后文。" * 20])
    sh.save()
    _, tables = extract_tables(path)
    assert [[list(r.cells) for r in t.rows] for t in tables] == [
        [list(r) for r in first],
        [list(r) for r in second],
    ]
