"""Conventions of web-published layouts on a drawn page (the layout matrix's Chromium variant prints
them too): a paragraph number at the text's left edge with a tab after it and the wrapped lines
back under the number; notes collected at the end of a part under a rule across the column, with
body text after them."""

from __future__ import annotations

from drawn_pdf import Sheet

from extract.document import extract_document

LEFT, RIGHT = 72.0, 523.0
WIDTH = 43  # characters of 10.5 pt on the 451 pt line: every full line runs to the margin


def _first_page(sh: Sheet) -> None:
    """The first page is the masthead's: the conventions go on the second."""
    sh.prose(90, ["第一页的正文。"] * 3)
    sh.new_page()


def _numbered(sh: Sheet, top: float, number: str, lines: list[str]) -> float:
    """A paragraph number at the left edge, its text after a tab (3 em), wrapped lines back at the edge."""
    sh.text(LEFT, top, number, 10.5)
    sh.text(LEFT + 3 * 10.5, top, lines[0], 10.5)
    return sh.prose(top + 16, lines[1:]) if lines[1:] else top + 16


def test_a_number_at_the_left_edge_with_a_tab_numbers_the_whole_paragraph(tmp_path):
    path = tmp_path / "tab_numbers.pdf"
    sh = Sheet(path)
    _first_page(sh)
    # 39 characters fill the line after the 3 em tab, 43 a line from the left edge
    text = (
        "本节说明环境规划署在本期间的工作方案和所需资源，包括各次级方案的产出和成果以及与上一期相比的"
        "变化情况；下表列出按构成部分分列的资源，其数字以千美元计，并已四舍五入至小数点后一位，"
        "供大会审议。"
    )
    lines = [text[:39], text[39:82], text[82:]]
    assert len(lines[1]) == WIDTH and lines[2]
    top = _numbered(sh, 90, "14.1", lines)
    _numbered(sh, top + 8, "14.2", ["大会核准了这些资源。"])
    sh.save()
    paragraphs = [b for b in extract_document(path).blocks if b.number]
    assert [(b.number, b.text) for b in paragraphs] == [
        ("14.1", text),
        ("14.2", "大会核准了这些资源。"),
    ]


def _note(sh: Sheet, top: float, marker: str, text: str) -> None:
    """A note line: the marker smaller and raised, then the text, both smaller than the body."""
    sh.text(LEFT, top - 2.5, marker, 5.5)
    sh.text(LEFT + 5, top, text, 8.5)


def test_notes_under_a_rule_across_the_column_before_more_text(tmp_path):
    path = tmp_path / "part_notes.pdf"
    sh = Sheet(path)
    _first_page(sh)
    top = sh.prose(90, ["第一部分的正文引用了一项说明。", "第一部分的正文引用了另一项说明。"])
    sh.rule(LEFT, RIGHT, top + 4)  # the notes' rule runs across the whole text column
    _note(sh, top + 18, "1", "大会第 74/251 号决议。")
    _note(sh, top + 31, "2", "环境署，年度报告(2019 年)。")
    sh.text(LEFT, top + 62, "第二部分", 12.5)
    sh.prose(top + 84, ["第二部分的正文。"])
    sh.save()
    blocks = extract_document(path).blocks
    assert [(b.label, b.text) for b in blocks if b.kind == "footnote"] == [
        ("1", "大会第 74/251 号决议。"),
        ("2", "环境署，年度报告(2019 年)。"),
    ]
    assert [b.text for b in blocks if b.kind == "heading"] == ["第二部分"]
    assert "第二部分的正文。" in [b.text for b in blocks if b.kind == "paragraph"]
