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
