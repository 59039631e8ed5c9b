"""Tables printed with a space after every character (some older PDFs), drawn with reportlab.

On such a line the spaced-out letters leave gaps of a space width everywhere, a word space is
three spaces, and two cells of neighbouring columns can stand closer than one word space: the
column gap is the part of a gap that no printed space fills. Narrow columns also wrap more: a
number cut before its decimal point, a label running to the column's edge above a row of values.
Expected cells are hand-written from what each page prints.
"""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet
from pdf_tables import extract_tables

SIZE = 8.8  # table text size (an 11 pt body at 0.8)
PITCH = 11.88  # 1.35 x the text size between lines


def _spaced(text: str) -> str:
    return "".join(ch + " " for ch in text)


def _put(sh: Sheet, x: float, top: float, text: str, align: str = "left") -> None:
    """``text`` spaced out, its baseline at ``top``; right-aligned with its trailing space, as a
    spaced line ends."""
    sh.text(x, top, _spaced(text), SIZE, align)


def _caption(sh: Sheet, top: float, number: str, title: str) -> float:
    sh.text(72, top, _spaced(f"表 {number}  {title}"), 11)
    return top + 14


# -- numbers closer than a word space, wrapped before their decimal point -------------------------

# label column 72..226, three value columns 37 pt wide; values right-aligned 2 pt inside the column
# edge, so two neighbouring values that fill their columns stand 4 pt (plus the trailing space) apart
FIN_RIGHT = [261, 298, 335]
FIN_ROWS = [  # label, then each value as printed lines ("23 089" over ".8")
    ("员额", [["21 466", ".8"], ["21 665", ".0"], ["—"]]),
    ("非员额", [["1 623.", "0"], ["1 699.", "3"], ["401.6"]]),
    ("共计", [["23 089", ".8"], ["23 364", ".3"], ["401.6"]]),
]


def _draw_fin(path: Path) -> None:
    sh = Sheet(path)
    top = _caption(sh, 90, "1", "财政资源")
    sh.rule(72, 335, top)
    for right, head in zip(FIN_RIGHT, ["2019", "2020", "变动"], strict=True):
        _put(sh, right - 2, top + 12, head, "right")
    sh.rule(72, 335, top + 17)
    y = top + 17 + 12
    for label, cells in FIN_ROWS:
        _put(sh, 80, y, label)
        for right, lines in zip(FIN_RIGHT, cells, strict=True):
            for k, line in enumerate(lines):
                _put(sh, right - 2, y + k * PITCH, line, "right")
        y += max(len(c) for c in cells) * PITCH
    sh.rule(72, 335, y - 6)
    sh.save()


def test_spaced_values_apart_by_an_unprinted_gap_and_numbers_cut_before_the_point(tmp_path):
    path = tmp_path / "spaced_fin.pdf"
    _draw_fin(path)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    t = tables[0]
    assert t.number == "1" and t.n_cols == 4
    assert [r.cells for r in t.rows] == [
        ["员额", "21 466.8", "21 665.0", "—"],
        ["非员额", "1 623.0", "1 699.3", "401.6"],
        ["共计", "23 089.8", "23 364.3", "401.6"],
    ]


# -- a section label running to the column's edge above a row whose values stand on its first line -

OUT_LEFT = 72.0
OUT_LABEL_LIMIT = 220.0  # the label column's right edge (text wraps before it)
OUT_RIGHT = [298, 372, 447, 521]  # right edges of the four value columns
OUT_HEAD = ["2019 年计划数", "2019 年实际数", "2020 年计划数", "2021 年计划数"]
# (indent in em, label lines, values on the first line)
OUT_ROWS = [
    (0, ["A. 协助政府间进程和专家机构"], []),
    (0, ["为各类会议提供会议和秘书处服", "务(三小时会议次数)"], ["4", "4", "3", "4"]),
    (1, ["1. 联合国环境大会的会议"], ["1", "1", "—", "1"]),
    (1, ["2. 行政和预算问题咨询委员会", "会议"], ["1", "1", "1", "1"]),
    (0, ["B. 生成和转让知识"], []),
    (0, ["出版物(出版物数目)"], ["1", "1", "1", "2"]),
]


def _draw_outputs(path: Path, rows: list[tuple[int, list[str], list[str]]]) -> None:
    sh = Sheet(path)
    top = _caption(sh, 90, "2", "按类别和次类别列示的应交付产出")
    sh.rule(OUT_LEFT, OUT_RIGHT[-1] + 2, top)
    _put(sh, (OUT_LEFT + OUT_LABEL_LIMIT) / 2, top + 12, "类别和次类别", "centre")
    lefts = [OUT_LABEL_LIMIT + 4, *[r + 2 for r in OUT_RIGHT[:-1]]]
    for left, right, head in zip(lefts, OUT_RIGHT, OUT_HEAD, strict=True):
        _put(sh, (left + right + 2) / 2, top + 12, head, "centre")
    sh.rule(OUT_LEFT, OUT_RIGHT[-1] + 2, top + 17)
    y = top + 17 + 12
    for indent, label, values in rows:
        for k, line in enumerate(label):
            _put(sh, OUT_LEFT + indent * SIZE, y + k * PITCH, line)
        for right, value in zip(OUT_RIGHT[: len(values)], values, strict=True):
            _put(sh, right, y, value, "right")
        y += len(label) * PITCH
    sh.rule(OUT_LEFT, OUT_RIGHT[-1] + 2, y - 6)
    sh.save()


def test_spaced_section_label_at_the_column_edge_stays_a_row_of_its_own(tmp_path):
    """The label "A. …" ends less than a character short of the column's edge, so by its length it
    could wrap into the line under it; but every row here sets its values on its first line (two
    labels go on under their values), so a label line with no values above a line of values is a
    row of its own."""
    path = tmp_path / "spaced_outputs.pdf"
    _draw_outputs(path, OUT_ROWS)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    t = tables[0]
    assert t.n_cols == 5
    assert [r.cells for r in t.rows] == [
        ["A. 协助政府间进程和专家机构", "", "", "", ""],
        ["为各类会议提供会议和秘书处服务(三小时会议次数)", "4", "4", "3", "4"],
        ["1. 联合国环境大会的会议", "1", "1", "—", "1"],
        ["2. 行政和预算问题咨询委员会会议", "1", "1", "1", "1"],
        ["B. 生成和转让知识", "", "", "", ""],
        ["出版物(出版物数目)", "1", "1", "1", "2"],
    ]
    assert t.rows[0].kind == "section"


def test_spaced_header_cell_keeps_its_word_space(tmp_path):
    """The boundary between the label column and the first value column (halfway between where
    the labels end and the right-aligned values start) falls inside "2019 年计划数", at its word
    space: three printed spaces, two of them letter spacing, so no wider than a word space of an
    unspaced line and no place to cut the cell."""
    path = tmp_path / "spaced_header.pdf"
    _draw_outputs(path, OUT_ROWS)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert tables[0].column_labels == ["类别和次类别", *OUT_HEAD]


# section rows set alike: one of them long enough to reach the column's edge over a paragraph row
SEC_ROWS = [
    (0, ["B. 生成和转让知识"], []),
    (0, ["出版物(出版物数目)"], ["5", "4", "6", "6"]),
    (1, ["1. 关于可再生能源的出版物"], ["3", "3", "3", "3"]),
    (0, ["C. 实质性应交付产出"], []),
    (0, ["协商、咨询和倡导：就下列气候", "问题向各国提供专家咨询。"], []),
    (0, ["D. 信息传播方面的应交付产出"], []),
    (0, ["外联方案、特别活动和宣传材料", "：通过新闻发布会进行宣传。"], []),
]


def test_spaced_section_label_reaching_the_edge_is_set_like_its_siblings(tmp_path):
    """ "D. 信息传播方面的应交付产出" ends less than a character short of the column's edge, over a
    label-only paragraph row that starts where it does: by its length it could wrap into it. Its
    siblings "B. …" and "C. …" (the same kind of list label at the same start) are each a row of one
    line, so it is one too."""
    path = tmp_path / "spaced_sections.pdf"
    _draw_outputs(path, SEC_ROWS)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert [r.cells[0] for r in tables[0].rows] == [
        "B. 生成和转让知识",
        "出版物(出版物数目)",
        "1. 关于可再生能源的出版物",
        "C. 实质性应交付产出",
        "协商、咨询和倡导：就下列气候问题向各国提供专家咨询。",
        "D. 信息传播方面的应交付产出",
        "外联方案、特别活动和宣传材料：通过新闻发布会进行宣传。",
    ]


def test_spaced_label_wrapped_inside_a_word_or_after_a_kept_space(tmp_path):
    """A spaced line prints every space of its text, a word space kept at the end of a wrapped
    line too (three spaces after "第"): the two lines join with that space, and lines that end
    with no word space broke inside a word ("ST/SG" over "B/2019/7)") and join without one."""
    path = tmp_path / "spaced_wraps.pdf"
    rows = [
        (0, ["协助制定秘书处的战略(ST/SG", "B/2019/7)的出版物"], ["1", "1", "1", "1"]),
        (0, ["协助制定秘书处的环境信息(第 ", "14.58 段)的出版物"], ["2", "2", "2", "2"]),
    ]
    _draw_outputs(path, rows)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert [r.cells[0] for r in tables[0].rows] == [
        "协助制定秘书处的战略(ST/SGB/2019/7)的出版物",
        "协助制定秘书处的环境信息(第 14.58 段)的出版物",
    ]
