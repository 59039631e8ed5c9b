"""An unruled table printed from the very top of the page to its foot, on a one-page document
(no running lines to find by repetition): its header row stands in the page's top margin band,
its last row in the bottom one.

Tables are read below a fixed band of the page's top when no running header was found; a line
in that band that carries on the table's columns right above its first row (at the table's own
line spacing, over at least three of its columns) is the table's, not page furniture. A footer of
two pieces under the last row, or a running title above the first, is not.
"""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet
from pdf_tables import extract_tables

# five columns: name (left), id (left), date (left), kind (left), amount (right edge)
LEFT = (40.0, 190.0, 290.0, 380.0)
RIGHT = 555.0
HEADER = ("姓名", "证件号码", "日期", "方式", "金额")
ROWS = [
    (f"捐款人{k}号", f"27.0{k}3.460", f"09/1{k % 3}/2013", "现金" if k % 2 else "转账", f"{k + 1}0 000,00")
    for k in range(1, 48)
]
PITCH = 16.0


def _table(sh: Sheet, header_baseline: float) -> float:
    """The header on ``header_baseline``, the rows under it; returns the last row's baseline."""
    for x, label in zip(LEFT, HEADER, strict=False):
        sh.text(x, header_baseline, label, 9)
    sh.text(RIGHT, header_baseline, HEADER[-1], 9, "right")
    y = header_baseline
    for row in ROWS:
        y += PITCH
        for x, cell in zip(LEFT, row, strict=False):
            sh.text(x, y, cell, 9)
        sh.text(RIGHT, y, row[-1], 9, "right")
    return y


def _assert_the_table(path: Path) -> None:
    """The page holds one table: the drawn header over the drawn rows, nothing else."""
    _, tables = extract_tables(path)
    assert len(tables) == 1, [t.table_key for t in tables]
    t = tables[0]
    assert [c.text for row in t.header for c in row] == list(HEADER)
    assert [r.cells for r in t.rows] == [list(r) for r in ROWS]


def test_a_header_row_in_the_top_band_heads_its_table(tmp_path: Path) -> None:
    path = tmp_path / "band.pdf"
    sh = Sheet(path)
    # the bands are 6.5 % of 842 pt = 54.7 pt: the header's centre (about 41 pt) is in the top
    # one, the first row's (about 57 pt) under it; the last row's (about 792 pt) is in the bottom
    # one (from 787.3 pt), the one before it (776 pt) above it
    last = _table(sh, 44.0)
    assert last == 796.0
    # a footer of two pieces one pitch under the last row, in the bottom band
    sh.text(40, last + PITCH, "附件一", 9)
    sh.text(RIGHT, last + PITCH, "第12页，共14页", 9, "right")
    sh.save()
    _assert_the_table(path)


def test_a_running_title_over_the_first_row_stays_out(tmp_path: Path) -> None:
    path = tmp_path / "title.pdf"
    sh = Sheet(path)
    # two pieces in the band one pitch above the table's first (header) row, which is in the body
    sh.text(40, 44.0, "捐款人名单", 9)
    sh.text(RIGHT, 44.0, "A/75/6", 9, "right")
    _table(sh, 60.0)
    sh.save()
    _assert_the_table(path)
