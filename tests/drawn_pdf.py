"""Draw small Chinese test PDFs with reportlab in top-down (pdfplumber) coordinates.

Used by the table tests to print tables the way UN budget documents do (rules, right-aligned
numbers, spanning header cells) without depending on any sample document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FONT = "STSong-Light"


class Sheet:
    """One or more A4 pages; ``y`` values are distances from the top of the page."""

    def __init__(self, path: Path) -> None:
        pytest.importorskip("reportlab")
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.width, self.height = A4
        self._pdfmetrics = pdfmetrics
        self.canvas = canvas.Canvas(str(path), pagesize=A4)

    def text_width(self, text: str, size: float) -> float:
        return self._pdfmetrics.stringWidth(text, FONT, size)

    def text(self, x: float, top: float, text: str, size: float = 9, align: str = "left", heavy: bool = False) -> None:
        """Print ``text`` with its baseline at ``top`` (``align`` left/centre/right at ``x``)."""
        c = self.canvas
        c.setFont(FONT, size)
        y = self.height - top
        if heavy:  # fill and stroke: looks bold, the font name stays the same
            t = c.beginText()
            t.setTextRenderMode(2)
            t.setFont(FONT, size)
            w = self.text_width(text, size)
            t.setTextOrigin(x - (w / 2 if align == "centre" else w if align == "right" else 0), y)
            t.textOut(text)
            c.drawText(t)
            return
        if align == "centre":
            c.drawCentredString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawString(x, y, text)

    def rule(self, x0: float, x1: float, top: float, width: float = 0.5) -> None:
        c = self.canvas
        c.setLineWidth(width)
        c.line(x0, self.height - top, x1, self.height - top)

    def prose(self, top: float, lines: list[str], size: float = 10.5, x: float = 72, leading: float = 16) -> float:
        """Print a paragraph line by line; return the baseline after the last line."""
        for k, line in enumerate(lines):
            self.text(x, top + k * leading, line, size)
        return top + len(lines) * leading

    def new_page(self) -> None:
        self.canvas.showPage()

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()
