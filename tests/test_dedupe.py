"""extract.dedupe keeps the glyphs pdfplumber's own (quadratic) dedupe_chars keeps, in its order."""

from pathlib import Path

import pdfplumber
from pdfplumber.utils import dedupe_chars as pdfplumber_dedupe

from extract.dedupe import dedupe_chars, dedupe_page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _char(text: str, x0: float, doctop: float, size: float = 10.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "doctop": doctop, "upright": True, "fontname": "F", "size": size}


def test_overprint_and_exact_duplicates_read_once_in_page_order() -> None:
    chars = [
        _char("B", 10, 5),
        _char("B", 10.4, 5.2),  # overprint within the tolerance: dropped
        _char("a", 20, 5),
        _char("a", 20, 5),  # an exact copy (an equal dict): dropped
        _char("B", 10, 5, size=12),  # another size: kept
        _char("a", 40, 5),
    ]
    kept = dedupe_chars(chars)
    assert [(c["text"], c["x0"], c["size"]) for c in kept] == [
        ("B", 10, 10.0),
        ("a", 20, 10.0),
        ("B", 10, 12),
        ("a", 40, 10.0),
    ]
    assert [id(c) for c in kept] == [id(c) for c in pdfplumber_dedupe(chars)]


def test_same_glyphs_as_pdfplumber_on_sample_pages() -> None:
    pdf_path = sorted(SAMPLES.glob("*.pdf"))[0]
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[:3]:
            ours = dedupe_page(page)
            theirs = page.dedupe_chars()
            assert [id(c) for c in ours.chars] == [id(c) for c in theirs.chars], page.page_number
            assert set(ours.objects) == set(theirs.objects)


def test_each_page_is_deduplicated_once_for_its_tables_and_their_check(tmp_path, monkeypatch) -> None:
    """The tables and the check of the text left in their area read the same deduplicated glyphs,
    computed once per page; an overprinted (fake bold) label is read once in the table's cell."""
    from drawn_pdf import Sheet

    from extract import dedupe, document

    path = tmp_path / "overprint.pdf"
    sheet = Sheet(path)
    for page in range(2):
        sheet.prose(100, [f"第{page + 1}页的正文。"])
        bottom = sheet.component_table(140, [("员额", "1 000.0", "1 100.0"), ("非员额", "500.5", "600.0")], "资源")
        sheet.text(72, bottom + 30, "共计 1 500.5", 9, overprint=0.3)
        sheet.text(72, 160 + 30 + 14 * 0, "员额", 9, overprint=0.3)  # the first label printed twice
        sheet.new_page()
    sheet.save()
    calls: list[int] = []
    original = dedupe.dedupe_chars

    def counted(chars, tolerance=1):
        calls.append(len(chars))
        return original(chars, tolerance)

    monkeypatch.setattr(dedupe, "dedupe_chars", counted)
    monkeypatch.setattr(document, "dedupe_chars", counted)
    extraction = document.extract_document(path)
    assert len(calls) == 3  # two pages and the blank one the sheet closes with
    cells = [cell for table in extraction.tables for row in table.rows for cell in row.cells]
    assert "员额" in cells and not any("员员" in cell for cell in cells), cells
    assert not [i for i in extraction.issues if i.check == "table_text_unread"]
