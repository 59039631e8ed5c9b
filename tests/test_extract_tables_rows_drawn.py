"""Where a table's rows begin and end, on drawn pages (issue #11): a section label over rows
indented under it, a paragraph row ending one character short of the cell's edge, paragraph rows
continued overleaf under the repeated header. Expected cells are the texts drawn, written out by
hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.models import Table

LEFT, RIGHT = 72.0, 523.0
SIZE = 9.0
PITCH = 12.0  # one row step: no extra space between rows


def _cells(t: Table) -> list[list[str]]:
    return [list(r.cells) for r in t.rows]


def _table(sh: Sheet, top: float, caption: str, head: list[str], lines: list[tuple[float, str, list[str]]]) -> float:
    """A caption, a rule, a header row (label left, values right-aligned at 400 and 520), a rule,
    then one printed line per (indent in em, label text, values), all at the same row step, and a
    foot rule. Returns the foot rule's y."""
    sh.text(LEFT, top, caption, 10.5)
    y = top + 8
    sh.rule(LEFT, RIGHT, y)
    sh.text(LEFT, y + 12, head[0], SIZE)
    sh.text(400, y + 12, head[1], SIZE, "right")
    sh.text(520, y + 12, head[2], SIZE, "right")
    sh.rule(LEFT, RIGHT, y + 16)
    y += 16
    for indent, label, values in lines:
        y += PITCH
        sh.text(LEFT + indent * SIZE, y, label, SIZE)
        for x, v in zip((400, 520), values, strict=False):
            sh.text(x, y, v, SIZE, "right")
    sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


# label-only section rows over rows indented one em under them (a table's piece may open with
# such rows); a section label ends one character short of the longest label (so it looks cut at
# the label column's edge), or exactly where a row under it ends, and its centre lies within an
# em of the indented label under it
SECTIONS = {
    "one-short": [
        (0, "专业及以上职类", []),
        (1, "USG", ["1", "1"]),
        (1, "ASG", ["1", "2"]),
        (1, "小计", ["2", "3"]),
        (0, "一般事务人员", []),
        (1, "特等", ["1", "1"]),
        (1, "其他职等", ["5", "5"]),
        (1, "小计", ["6", "6"]),
        (0, "共计", ["8", "9"]),
    ],
    "same-end": [
        (1, "员额", ["21 466.8", "21 665.0"]),
        (1, "非员额", ["1 623.0", "1 699.3"]),
        (0, "按职类列示的员额资源", []),
        (1, "专业及以上职类", ["97", "97"]),
        (1, "一般事务及有关职类", ["16", "16"]),
        (1, "共计", ["113", "113"]),
    ],
}


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_section_label_over_indented_rows_is_a_row_of_its_own(tmp_path: Path, name: str) -> None:
    path = tmp_path / "sections.pdf"
    sh = Sheet(path)
    rows = SECTIONS[name]
    _table(sh, 100, "表 3  员额资源", ["职类", "2020 年", "2021 年"], [(i, label, v) for i, label, v in rows])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["3"]
    assert _cells(tables[0]) == [[label, *(v or ["", ""])] for _i, label, v in rows]
    sections = [label for _i, label, v in rows if not v]
    assert [r.cells[0] for r in tables[0].rows if r.kind == "section"] == sections


def _paragraph_lines(text: str, per_line: int) -> list[str]:
    return [text[k : k + per_line] for k in range(0, len(text), per_line)]


# two paragraph rows in the label column, wrapped at 16 characters; the first ends one character
# short of the edge its other lines end at, the next paragraph starts on the following line
PER_LINE = 16
PARA_1 = "协商、咨询和倡导：与各国政府以及其他实体和利益攸关方就数据收集方法的能力发展进行协商提供咨询。"
PARA_2 = "数据库和实质性数字材料：世界环境情况室；环境文献在线检索；全球环境监测系统。"


def test_paragraph_row_ending_short_of_the_cell_edge_ends_its_row(tmp_path: Path) -> None:
    assert len(PARA_1) % PER_LINE == PER_LINE - 1  # the drawing's premise: one character short
    path = tmp_path / "paragraphs.pdf"
    sh = Sheet(path)
    lines = [(0.0, "C. 实质性应交付产出", [])]
    lines += [(0.0, part, []) for part in _paragraph_lines(PARA_1, PER_LINE)]
    lines += [(0.0, part, []) for part in _paragraph_lines(PARA_2, PER_LINE)]
    lines += [(0.0, "出版物(出版物数目)", ["2", "3"]), (0.0, "技术材料(材料数目)", ["1", "2"])]
    _table(sh, 100, "表 4  应交付产出", ["类别", "2020 年", "2021 年"], lines)
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["4"]
    assert _cells(tables[0]) == [
        ["C. 实质性应交付产出", "", ""],
        [PARA_1, "", ""],
        [PARA_2, "", ""],
        ["出版物(出版物数目)", "2", "3"],
        ["技术材料(材料数目)", "1", "2"],
    ]


def test_paragraph_rows_continued_overleaf_under_the_repeated_header(tmp_path: Path) -> None:
    """Overleaf, the repeated header over four paragraph rows (no values): a table's piece."""
    path = tmp_path / "overleaf.pdf"
    sh = Sheet(path)
    head = ["类别", "2020 年", "2021 年"]
    first = [(0.0, f"第 {k} 类产出", [str(k), str(k + 1)]) for k in range(1, 51)]
    foot = _table(sh, 100, "表 5  应交付产出", head, first)
    assert foot > 0.8 * sh.height  # the table closes its page
    sh.new_page()
    # short labels, then the longest alone: none of them looks cut at the column's edge
    items = ["图书馆服务", "对外和媒体关系", "外联方案和材料", "数字平台和多媒体内容以及音频视频"]
    _table(sh, 60, "", head, [(0.0, item, []) for item in items])
    sh.prose(sh.height * 0.6, ["上表所列产出不包括预算外资源供资的产出。"])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["5"]
    assert _cells(tables[0]) == [[label, *v] for _i, label, v in first] + [[item, "", ""] for item in items]


def test_row_overleaf_takes_the_level_of_the_rows_starting_where_it_starts(tmp_path: Path) -> None:
    """The one row overleaf is indented one em as the rows above it: the same level, though its
    page shows no row further left (and no header over the label column)."""
    path = tmp_path / "level.pdf"
    sh = Sheet(path)
    head = ["", "2020 年", "2021 年"]
    first = [(0.0, "按职类列示的员额资源", [])]
    first += [(1.0, f"第 {k} 职类", [str(k), str(k)]) for k in range(1, 50)]
    foot = _table(sh, 100, "表 6  员额资源", head, first)
    assert foot > 0.8 * sh.height  # the table closes its page
    sh.new_page()
    _table(sh, 60, "", head, [(1.0, "共计", ["1 225", "1 225"])])
    sh.prose(sh.height * 0.6, ["上表所列员额不包括预算外资源供资的员额。"])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["6"]
    rows = tables[0].rows
    assert [r.cells for r in rows[-2:]] == [["第 49 职类", "49", "49"], ["共计", "1 225", "1 225"]]
    assert [(r.kind, r.indent, r.page) for r in rows[-2:]] == [("data", 1, 1), ("total", 1, 2)]


def _two_columns(sh: Sheet, top: float, caption: str, rows: list[tuple[str, str]]) -> float:
    """Grade lists in two columns under RB | XB: the left column set flush left, the right one
    flush right at the table's right edge. Returns the foot rule's y."""
    sh.text(LEFT, top, caption, 10.5)
    y = top + 8
    sh.rule(LEFT, RIGHT, y)
    sh.text(180, y + 12, "RB", SIZE, "centre")
    sh.text(410, y + 12, "XB", SIZE, "centre")
    sh.rule(LEFT, RIGHT, y + 16)
    y += 16
    for left, right in rows:
        y += PITCH
        if left:
            sh.text(LEFT, y, left, SIZE)
        if right:
            sh.text(RIGHT - 2, y, right, SIZE, "right")
    sh.rule(LEFT, RIGHT, y + 5)
    return y + 5


def test_row_set_flush_right_at_a_page_foot_does_not_run_on_overleaf(tmp_path: Path) -> None:
    """Text set flush right reaches the column's edge without wrapping: the last row of a page
    stays a row, and the one row overleaf is a row of its own."""
    path = tmp_path / "flush.pdf"
    sh = Sheet(path)
    first = [(f"{k} P-4", f"{k + 10} P-3") for k in range(1, 50)] + [("", "5 P-2")]
    foot = _two_columns(sh, 100, "表 8  员额分布", first)
    assert foot > 0.8 * sh.height  # the table closes its page
    sh.new_page()
    _two_columns(sh, 60, "", [("", "28 LL")])
    sh.prose(sh.height * 0.6, ["上表所列员额按资金来源分列。"])
    sh.save()
    _, tables = extract_tables(path)
    assert [t.number for t in tables] == ["8"]
    assert _cells(tables[0]) == [list(r) for r in first] + [["", "28 LL"]]
