"""The same page printed at three scales gives the same tables and text: every length the extractor
uses is relative to the font or the page (em, shares), so small print and large print read alike.

The page is drawn once in page units and printed through a scaled canvas (the page size, the fonts,
the rules and every position scaled together), at 0.3, 1 and 3 times A4 (0.3: 2.7 pt table text
on a page of 18 x 25 cm; 3: 27 pt). The expected table and text are written by hand from what the
drawing prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.document import extract_document

X = [72, 250, 350, 450, 523]
# (label, indent in em, kind, values); a group's row prints the sum of the rows indented under
# it: a subtotal printed above its parts
ROWS = [
    ("A. 决策机关", 0, "subtotal", ["1 802.3", "1 900.1", "97.8"]),
    ("员额", 1, "data", ["1 234.5", "1 300.0", "65.5"]),
    ("非员额", 1, "data", ["567.8", "600.1", "32.3"]),
    ("B. 工作方案", 0, "subtotal", ["45.0", "—", "(45.0)"]),
    ("差旅", 1, "data", ["45.0", "—", "(45.0)"]),
    ("共计", 0, "total", ["1 847.3", "1 900.1", "52.8"]),
]


class ScaledSheet(Sheet):
    """A Sheet whose canvas prints everything ``scale`` times larger (page size included)."""

    def __init__(self, path: Path, scale: float) -> None:
        super().__init__(path)
        from reportlab.pdfgen import canvas

        self.canvas = canvas.Canvas(str(path), pagesize=(self.width * scale, self.height * scale))
        self.canvas.scale(scale, scale)


def _draw(path: Path, scale: float) -> None:
    sh = ScaledSheet(path, scale)
    y = sh.prose(100, ["下表按构成部分列出所需资源，正文字号比表格大一些，", "表格下面还有一段正文。"])
    sh.text(sh.width / 2, y + 16, "表 7", 10, "centre")
    sh.text(sh.width / 2, y + 30, "按构成部分分列的所需资源", 10, "centre", heavy=True)
    sh.text(sh.width / 2, y + 43, "(千美元)", 9, "centre")
    top = y + 50
    sh.rule(X[0], X[-1], top)
    head = top + 13
    for col, label in ((1, "2020年批款"), (2, "2021年估计数"), (3, "变动")):
        sh.text(X[col + 1] - 4, head, label, 9, "right")
    sh.text(X[0] + 2, head, "构成部分", 9)
    sh.rule(X[0], X[-1], head + 5)
    row = head + 19
    for label, indent, _kind, values in ROWS:
        sh.text(X[0] + 2 + indent * 9, row, label, 9)
        for col, value in enumerate(values, start=1):
            sh.text(X[col + 1] - 4, row, value, 9, "right")
        row += 14
    sh.rule(X[0], X[-1], row - 9)
    sh.prose(row + 14, ["这是表格后面的正文段落。"])
    sh.save()


@pytest.mark.parametrize("scale", [0.3, 1.0, 3.0])
def test_a_table_reads_the_same_at_any_print_scale(tmp_path: Path, scale: float) -> None:
    pdf = tmp_path / f"scaled_{scale}.pdf"
    _draw(pdf, scale)
    _frags, tables = extract_tables(pdf)
    assert len(tables) == 1
    t = tables[0]
    assert t.number == "7"
    assert t.title == "按构成部分分列的所需资源"
    assert t.column_labels == ["构成部分", "2020年批款", "2021年估计数", "变动"]
    assert [[r.cells[0], *r.cells[1:]] for r in t.rows] == [[label, *values] for label, _i, _k, values in ROWS]
    assert [(r.kind, r.indent) for r in t.rows] == [(k, i) for _l, i, k, _v in ROWS]


def test_text_reads_the_same_at_any_print_scale(tmp_path: Path) -> None:
    texts = []
    for scale in (0.3, 3.0):
        pdf = tmp_path / f"scaled_{scale}.pdf"
        _draw(pdf, scale)
        texts.append([(b.kind, b.text) for b in extract_document(pdf).blocks])
    # the prose above the table (a table's top rule near the top of page 1 is no masthead rule)
    # and below it, as paragraphs at both scales (no half-point rounding makes small print a heading)
    for blocks in texts:
        assert blocks == [
            ("paragraph", "下表按构成部分列出所需资源，正文字号比表格大一些，表格下面还有一段正文。"),
            ("paragraph", "这是表格后面的正文段落。"),
        ]
