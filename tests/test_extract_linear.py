"""Text extraction time grows linearly with the characters of a line (#15 item 4)."""

from __future__ import annotations

import time

from extract.blocks import build_blocks
from extract.layout import build_lines
from extract.text_frame import PageText, measure


def _line_chars(n: int, top: float = 100.0, size: float = 10.0) -> list[dict]:
    """``n`` characters on one baseline, every fifth a space (a synthetic, very long line)."""
    chars = []
    x0 = 20.0
    for i in range(n):
        text = " " if i % 5 == 4 else "议"
        width = size / 4 if text == " " else size
        chars.append({"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size,
                      "size": size, "fontname": "Song", "upright": True})  # fmt: skip
        x0 += width
    return chars


def test_a_100k_character_line_extracts_within_seconds():
    chars = _line_chars(100_000)
    start = time.perf_counter()
    lines = build_lines(chars, 1)
    page = PageText(number=1, width=2e6, height=842.0, lines=lines, rules=[])
    blocks = build_blocks([page], measure([page]))
    elapsed = time.perf_counter() - start
    assert len(lines) == 1
    # every character reaches the text: 80 000 ideographs (the spaces between them are kept)
    assert sum(b.text.count("议") for b in blocks) == 80_000
    assert elapsed < 30, f"a 100k-character line took {elapsed:.1f} s"
