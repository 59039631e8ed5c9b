"""Combining marks put next to the letter they are printed on (extract.layout.glyph_order), for the
text and the table side alike. Expected orders are derived by hand from the glyph boxes, or by
Unicode's own canonical decomposition (unicodedata.normalize, NFD) for the order of marks."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber

from extract.layout import build_lines, glyph_order

ARABIC = Path(__file__).resolve().parent / "data" / "realworld" / "peer" / "C3_arabic.pdf"


def _glyph(text: str, x0: float, x1: float, top: float = 0.0, bottom: float = 10.0) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": 10.0}


def _text(chars: list[dict]) -> str:
    return "".join(c["text"] for c in chars)


def test_a_mark_follows_its_left_to_right_letter_even_when_its_box_starts_first() -> None:
    # an acute centred over a narrow "e": its box starts left of the letter's
    chars = [_glyph("t", 15, 18), _glyph("\u0301", 9.5, 14, 0, 4), _glyph("e", 10, 15)]
    assert _text(glyph_order(chars)) == "e\u0301t"


def test_a_mark_precedes_its_right_to_left_letter_so_the_run_reversed_reads_logically() -> None:
    # the boxes of the tanween, the final alef under it and the beh to its right, as the ruled
    # Arabic case prints them (glyphs in visual order, left to right)
    alef = _glyph("\ufe8e", 273.75, 276.96)
    tanween = _glyph("\u064b", 274.12, 276.94)
    beh = _glyph("\ufe92", 276.96, 280.38)
    ordered = glyph_order([beh, alef, tanween])
    assert _text(ordered) == "\u064b\ufe8e\ufe92"
    # read from the right: beh, alef, then the alef's mark (the logical order)
    assert _text(ordered)[::-1] == "\ufe92\ufe8e\u064b"


def test_several_marks_on_one_letter_in_canonical_order() -> None:
    # an acute (class 230) printed before a dot below (class 220) on the same "a"
    chars = [_glyph("a", 0, 5), _glyph("\u0301", 1, 4, 0, 3), _glyph("\u0323", 1, 4, 8, 10)]
    assert _text(glyph_order(chars)) == unicodedata.normalize("NFD", "a\u0301\u0323")


def test_a_mark_over_no_letter_keeps_its_place_and_nothing_else_moves() -> None:
    chars = [_glyph("b", 20, 25), _glyph("\u0301", 10, 13), _glyph("a", 0, 5)]
    assert _text(glyph_order(chars)) == "a\u0301b"
    plain = [_glyph("c", 10, 15), _glyph("a", 0, 5), _glyph("b", 5, 10)]
    assert _text(glyph_order(plain)) == "abc"


def test_a_raised_vowel_sign_is_text_not_a_footnote_marker() -> None:
    """The tanween sits above its letter, raised like a superscript: the text side keeps it."""
    with pdfplumber.open(ARABIC) as pdf:
        first = build_lines(pdf.pages[0].chars, 1)[0]
    assert "\u064b" in first.plain()
    assert first.plain().startswith("\u064b\ufe8e")


def test_a_mark_goes_with_its_letter_not_with_a_space_its_box_reaches_into() -> None:
    # a wide dot below hanging over the space printed after its "a"
    chars = [_glyph("a", 0, 5), _glyph(" ", 5, 8), _glyph("\u0323", 3.5, 8, 8, 10), _glyph("b", 8, 13)]
    assert _text(glyph_order(chars)) == "a\u0323 b"
