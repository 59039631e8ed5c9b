"""Rotated pages are read; a page whose text reached nothing gets a warning (#15 item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import extract_document

FONT = "STSong-Light"
PARAGRAPHS = [
    ("1.", "旋转页面上的第一段正文，说明方案的总体目标和主要任务，并列出今后两年的工作重点和预期成果，"
           "同时说明与其他实体的合作安排和机构间协调的方式。"),
    ("2.", "第二段正文说明执行情况，环境署与各国政府和合作伙伴一道推动落实各项决定，取得了明显进展，"
           "在科学评估、政策咨询和能力建设方面均有具体成果。"),
    ("3.", "第三段正文说明所需资源，包括员额和非员额资源，以及预算外资金对工作方案的支助情况，"
           "并比较了本期和上一期的资源变动及其原因。"),
]  # fmt: skip

PAGE_WORDS = ["首先，", "其次，", "最后，"]


def _canvas(path: Path):
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path)), pdfmetrics


def _paragraph(c, metrics, number: str, text: str, top: float, size: float = 10.5) -> float:
    """Print a numbered paragraph wrapped to a 300 pt column; return the next top."""
    c.setFont(FONT, size)
    y = 842 - top
    c.drawString(50, y, number)
    line = ""
    for ch in text:
        if metrics.stringWidth(line + ch, FONT, size) > 300:
            c.drawString(90, y, line)
            y -= size * 1.5
            line = ""
        line += ch
    c.drawString(90, y, line)
    return 842 - y + size * 2.5


def test_pages_turned_by_rotate_yield_their_paragraphs(tmp_path):
    path = tmp_path / "rotated.pdf"
    c, metrics = _canvas(path)
    for page in range(3):
        c.setPageRotation(90)
        top = 100.0
        for number, text in PARAGRAPHS:
            top = _paragraph(c, metrics, f"{page * 3 + int(number[0])}.", PAGE_WORDS[page] + text, top)
        c.showPage()
    c.save()
    result = extract_document(path)
    numbered = {b.number: b.text for b in result.blocks if b.number}
    assert sorted(numbered, key=lambda n: int(n[:-1])) == [f"{k}." for k in range(1, 10)]
    for k in range(1, 10):
        assert numbered[f"{k}."] == PAGE_WORDS[(k - 1) // 3] + PARAGRAPHS[(k - 1) % 3][1]
    assert not [i for i in result.issues if i.check == "page_text_lost"]


def test_a_page_whose_text_reached_nothing_gets_a_warning(tmp_path):
    path = tmp_path / "vanished.pdf"
    c, metrics = _canvas(path)
    top = 100.0
    for number, text in PARAGRAPHS:
        top = _paragraph(c, metrics, number, text, top)
    c.showPage()
    top = 100.0
    for number, text in PARAGRAPHS[:2]:
        top = _paragraph(c, metrics, number.replace("1", "4").replace("2", "5"), text, top)
    # a side note printed with a turned text matrix, beside the column: no line builder reads it
    c.saveState()
    c.translate(520, 300)
    c.rotate(90)
    c.setFont(FONT, 10.5)
    c.drawString(0, 0, PARAGRAPHS[2][1])
    c.restoreState()
    c.showPage()
    c.save()
    result = extract_document(path)
    lost = [i for i in result.issues if i.check == "page_text_lost"]
    assert [i.page for i in lost] == [2]
    assert "page 2" in lost[0].detail and str(len(PARAGRAPHS[2][1])) in lost[0].detail
