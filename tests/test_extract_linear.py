"""Text extraction work grows linearly with the characters of a line (#15 item 4).

The work is counted, not timed: the number of lines of the project's own extraction code that run
(``sys.settrace`` line events in ``extract/``), which is the same on every machine and under any
load. Doubling a line's characters must about double the count (a quadratic step would
quadruple it); the largest case checks that every character of a 100k-character line reaches the
text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

from extract.blocks import build_blocks
from extract.layout import build_lines
from extract.text_frame import PageText, measure

EXTRACT = str(Path(__file__).resolve().parent.parent / "extract")


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


def _extract(chars: list[dict]) -> tuple[int, str]:
    lines = build_lines(chars, 1)
    page = PageText(number=1, width=chars[-1]["x1"] + 40, height=842.0, lines=lines, rules=[])
    blocks = build_blocks([page], measure([page]))
    return len(lines), "".join(b.text for b in blocks)


def _steps(n: int) -> int:
    """Lines of extract/ code run to extract a line of ``n`` characters."""
    chars = _line_chars(n)
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(EXTRACT):
            return None  # not project code: don't trace its lines
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        _extract(chars)
    finally:
        sys.settrace(None)
    return count


def test_doubling_a_line_doubles_the_work():
    small, large = _steps(2_000), _steps(4_000)
    assert small > 2_000  # every character is visited: the count measures the work
    # linear: 2x (plus a constant share); quadratic would be 4x
    assert large / small < 2.3, (small, large)


def test_a_100k_character_line_reaches_the_text_whole():
    n_lines, text = _extract(_line_chars(100_000))
    assert n_lines == 1
    # 80 000 ideographs (the spaces between them are kept)
    assert text.count("议") == 80_000
