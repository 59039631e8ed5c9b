"""Characters in a table's area that reach none of its parts are reported, not lost unseen
(extract.document: the text stream leaves a table's area to the table). Built by hand: a table
fragment over a box of printed characters, with cells that hold all, or only some, of them."""

from __future__ import annotations

from extract.document import _unread_in_tables
from extract.models import TableFragment, TableRow
from extract.settings import ExtractSettings


def _chars(text: str, top: float) -> list[dict]:
    """Printed characters in a row, 10 pt apart, as pdfplumber gives them."""
    return [
        {
            "text": ch,
            "x0": 100.0 + 10 * k,
            "x1": 109.0 + 10 * k,
            "top": top,
            "doctop": top,
            "bottom": top + 9,
            "size": 9.0,
            "fontname": "F",
            "upright": True,
        }
        for k, ch in enumerate(text)
    ]


def _fragment(rows: list[list[str]], number: str | None = None) -> TableFragment:
    return TableFragment(
        page=1, bbox=(90, 95, 400, 140), number=number, part=None, title=None, unit=None, header=[],
        rows=[TableRow(kind="data", indent=0, cells=r, page=1) for r in rows], n_cols=2,
    )  # fmt: skip


def test_a_row_that_reached_no_cell_is_reported_with_page_and_table():
    # the 16 characters of the second row reached no cell
    chars = _chars("教育支出856.00", 100) + _chars("社会保障和就业支出2045.18", 120)
    issues = _unread_in_tables("doc.pdf", 3, chars, [_fragment([["教育支出", "856.00"]])], ExtractSettings())
    assert len(issues) == 1
    assert issues[0].check == "table_text_unread" and issues[0].page == 3
    assert "doc.pdf, page 3: 16 of 26 printed characters in the area of the table at y=95 pt" in issues[0].detail


def test_a_table_holding_all_its_characters_reports_nothing():
    chars = _chars("教育支出856.00", 100) + _chars("科学技术支出120.30", 120)
    frag = _fragment([["教育支出", "856.00"], ["科学技术支出", "120.30"]])
    assert _unread_in_tables("doc.pdf", 3, chars, [frag], ExtractSettings()) == []
