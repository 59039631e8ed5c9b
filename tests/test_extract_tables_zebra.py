"""Tables drawn by shading alone, as a browser prints an HTML table: every shaded cell is its own
filled rectangle (a header band in one colour, zebra stripes in another), no rule anywhere.

* a table with no caption number under a plain title, its last row unshaded
* a numbered caption left alone at a page foot, its title and table overleaf
"""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet
from pdf_tables import extract_tables

X0, XM, X1 = 72.0, 297.5, 523.0
PITCH = 14.0
HEAD = (0.79, 0.84, 0.91)
STRIPE = (0.93, 0.95, 0.97)

HEADER = ("RB", "XB")
ROWS = [
    ("1 USG", "1 ASG"),
    ("1 P-4", "2 D-1"),
    ("1 P-3", "2 P-5"),
    ("2 LL", "4 P-4"),
    ("", "1 P-3"),
    ("", "13 LL"),
]


def _band(sh: Sheet, top: float, colour: tuple[float, float, float]) -> None:
    c = sh.canvas
    c.setFillColorRGB(*colour)
    for a, b in ((X0, XM), (XM, X1)):  # one fill per cell, meeting at the column border
        c.rect(a, sh.height - top - PITCH, b - a, PITCH, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def _zebra(sh: Sheet, top: float) -> float:
    """The header band and rows from ``top``: stripes on every second body row. Returns the bottom."""
    _band(sh, top, HEAD)
    sh.text((X0 + XM) / 2, top + 10, HEADER[0], 8, "centre")
    sh.text((XM + X1) / 2, top + 10, HEADER[1], 8, "centre")
    for k, (left, right) in enumerate(ROWS):
        y = top + PITCH * (k + 1)
        if k % 2 == 1:
            _band(sh, y, STRIPE)
        if left:
            sh.text(X0 + 3, y + 10, left, 8)
        if right:
            sh.text(XM + 3, y + 10, right, 8)
    return top + PITCH * (len(ROWS) + 1)


def test_shaded_cells_alone_make_a_table(tmp_path: Path) -> None:
    path = tmp_path / "zebra.pdf"
    sh = Sheet(path)
    y = sh.prose(90, ["这是表格前面的一段正文，说明下面的方框列出各办公室的员额分配情况。"])
    sh.text(sh.width / 2, y + 14, "纽约办事处", 9, "centre")
    bottom = _zebra(sh, y + 20)
    sh.prose(bottom + 30, ["表格后面又是正文段落，它不属于表格。"])
    sh.save()
    _, tables = extract_tables(path)
    assert len(tables) == 1, [t.table_key for t in tables]
    t = tables[0]
    assert t.number is None and t.title == "纽约办事处"
    assert t.n_cols == 2
    assert [c.text for row in t.header for c in row] == list(HEADER)
    assert [r.cells for r in t.rows] == [list(r) for r in ROWS]


def test_caption_at_the_page_foot_takes_its_title_and_table_overleaf(tmp_path: Path) -> None:
    path = tmp_path / "broken_caption.pdf"
    sh = Sheet(path)
    y = sh.prose(90, ["第一页的正文一直写到页脚附近，表格的编号留在这一页的最后一行。"] * 3)
    sh.text(sh.width / 2, 760, "表 5", 9, "centre")
    sh.new_page()
    sh.text(sh.width / 2, 84, "员额资源", 9, "centre")
    bottom = _zebra(sh, 90)
    sh.prose(bottom + 30, ["表格后面又是正文段落，它不属于表格。"])
    sh.save()
    del y
    _, tables = extract_tables(path)
    assert [(t.number, t.title) for t in tables] == [("5", "员额资源")]
    t = tables[0]
    assert (t.page_first, t.page_last) == (1, 2)
    assert [r.cells for r in t.rows] == [list(r) for r in ROWS]
