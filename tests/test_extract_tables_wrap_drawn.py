"""Cells wrapped in narrow columns as word processors wrap them (issue #11, the loose layouts): a
figure broken at its thousands separator, a label whose line break moved an opening bracket down
with the character after it, a paragraph set flush right whose line ended short because a
character and the comma after it moved down together. Expected cells are the texts drawn, written
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


@pytest.mark.parametrize("space", [True, False], ids=["space-printed", "space-dropped"])
def test_figure_broken_at_its_thousands_separator_is_one_value(tmp_path: Path, space: bool) -> None:
    """Narrow value columns: "21 466.8" does not fit, the line breaks at its separator space (kept
    at the end of the line, hanging past the column's edge, as word processors print it, or
    dropped, as browsers do) and "466.8" goes on the next line under it; the row label stays on
    one line. A row of integers under it ("0" over "107" would read as one figure) stays apart."""
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
                sh.text(x, y + PITCH, tail, SIZE, "right")
                lines = 2
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
        (0, ["C. 实质性应交付产出"], []),
        (0, ["协商、咨询和倡导：就下列气候问题", "向各国提供专家咨询：南南合作、基", "于生态系统的适应。"], []),
    ]
    # the drawing's premise: the sixth row's first line leaves room for two brackets and more
    # (with a third of an em to spare), but not for "(评"
    first = rows[5][1][0]
    sh_w = Sheet(tmp_path / "probe.pdf")
    room = LABEL_W - sh_w.text_width(first, SIZE)
    assert 2 * sh_w.text_width("(", SIZE) + 0.3 * SIZE < room < sh_w.text_width("(评", SIZE)
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


def test_flush_right_paragraph_line_short_by_a_pair_that_moved_down_goes_on(tmp_path: Path) -> None:
    """A description column set flush right, seven ideographs a line: one line holds six, because
    the next character and the comma after it (a comma may not start a line) moved down together.
    The cell is one paragraph, not two."""
    para = "常驻代表委员会作为联合国环境大会的一个附属机构，向环境大会提供政策咨询，协助拟订各届会议的议程。"
    lines, rest = [], para
    while rest:
        take = 7
        if len(rest) > 7 and rest[7] in "，。":
            take = 6  # the seventh character goes down with the comma after it
        lines.append(rest[:take])
        rest = rest[take:]
    assert any(len(line) == 6 for line in lines[:-1])  # the drawing's premise
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
            sh.text(edge, y + k * PITCH, text, SIZE, "right")
        y += len(text_lines) * PITCH
    sh.rule(LEFT, RIGHT, y - PITCH + 5)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["9"]
    assert _cells(tables[0]) == [
        ["联合国环境大会", other, "大会决议", "309.1"],
        ["常驻代表委员会", para, "理事会决定", "92.5"],
    ]
