"""Draw small Chinese test PDFs with reportlab in top-down (pdfplumber) coordinates.

Used by the table tests to print tables the way UN budget documents do (rules, right-aligned
numbers, spanning header cells) without depending on any sample document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FONT = "STSong-Light"


def song_face(name: str, weight: int | None = None, flags: int | None = None) -> str:
    """Register STSong-Light's glyphs under the PDF font name ``name`` (a font the PDF names but
    does not embed, as Word writes ``SimHei``), optionally with ``/FontWeight`` and ``/Flags`` in
    its descriptor; return the name for ``Sheet.text(font=...)``. The text extracts as with
    STSong-Light (the encoding and character collection are the same); only name and descriptor differ."""
    pytest.importorskip("reportlab")
    import copy

    from reportlab.pdfbase import _cidfontdata as data
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if name not in data.CIDFontInfo:
        info = copy.deepcopy(data.CIDFontInfo[FONT])
        info["BaseFont"] = "/" + name
        descendant = info["DescendantFonts"][0]
        descendant["BaseFont"] = "/" + name
        descendant["FontDescriptor"]["FontName"] = "/" + name
        if weight is not None:
            descendant["FontDescriptor"]["FontWeight"] = weight
        if flags is not None:
            descendant["FontDescriptor"]["Flags"] = flags
        data.CIDFontInfo[name] = info
        data.allowedTypeFaces.append(name)
        data.defaultUnicodeEncodings[name] = data.defaultUnicodeEncodings[FONT]
        data.widthsByUnichar[name] = data.widthsByUnichar[FONT]
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


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

    def text(
        self,
        x: float,
        top: float,
        text: str,
        size: float = 9,
        align: str = "left",
        heavy: bool = False,
        stroke: float | None = None,
        font: str = FONT,
        overprint: float = 0.0,
    ) -> None:
        """Print ``text`` with its baseline at ``top`` (``align`` left/centre/right at ``x``).
        ``heavy``: fill and stroke the outlines (text render mode 2; ``stroke``: the line width in
        points, else the canvas's); ``overprint``: print it again that many points to the right
        (fake bold)."""
        c = self.canvas
        c.setFont(font, size)
        y = self.height - top
        if overprint:
            self.text(x, top, text, size, align, heavy, stroke, font)
            x += overprint
        if heavy:  # fill and stroke: looks bold, the font name stays the same
            if stroke is not None:
                c.setLineWidth(stroke)
            t = c.beginText()
            t.setTextRenderMode(2)
            t.setFont(font, size)
            w = self._pdfmetrics.stringWidth(text, font, size)
            t.setTextOrigin(x - (w / 2 if align == "centre" else w if align == "right" else 0), y)
            t.textOut(text)
            t.setTextRenderMode(0)
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

    def masthead(self, symbol: str, date_line: str | None = None) -> float:
        """The top of a UN first page: the emblem caption and the symbol above a heavy rule, the
        organ and the distribution block under it (with the issue date when given). Returns the
        baseline for the distribution block's next line."""
        self.text(72, 60, "联合国", 14)
        self.text(523, 60, symbol, 16, "right")
        self.rule(72, 523, 72, 2)
        self.text(72, 96, "大会", 9)
        self.text(380, 96, "Distr.: General", 9)
        if not date_line:
            return 110
        self.text(380, 110, date_line, 9)
        return 124

    def component_table(self, top: float, rows: list[tuple[str, str, str]], title: str) -> float:
        """``表 1`` and its title (bold by fill and stroke) centred under ``top``, then a table ruled
        above and below its header (2019年, 2021年) and below its rows of (label, 2019, 2021).
        Returns the closing rule's height."""
        self.text(self.width / 2, top + 10, "表 1", 10, "centre")
        self.text(self.width / 2, top + 24, title, 10, "centre", heavy=True)
        y = top + 32
        self.rule(72, 523, y)
        self.text(300, y + 12, "2019年", 9, "right")
        self.text(450, y + 12, "2021年", 9, "right")
        self.rule(72, 523, y + 17)
        for k, (label, a, b) in enumerate(rows):
            base = y + 30 + 14 * k
            self.text(72, base, label, 9)
            self.text(300, base, a, 9, "right")
            self.text(450, base, b, 9, "right")
        bottom = y + 30 + 14 * len(rows) - 8
        self.rule(72, 523, bottom)
        return bottom

    def new_page(self) -> None:
        self.canvas.showPage()

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()
