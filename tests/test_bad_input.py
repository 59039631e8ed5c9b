"""Bad input becomes a typed, readable error naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from extract.document import extract_document
from extract.exceptions import DamagedPdf, EmptyFile, EncryptedPdf, NotAPdf, NoTextLayer, TruncatedPdf


def _text_pdf(path: Path, **kw) -> Path:
    c = canvas.Canvas(str(path), **kw)
    c.setFont("Helvetica", 12)
    for i in range(20):
        c.drawString(72, 720 - 18 * i, f"Line {i} of a small test document with some text.")
    c.showPage()
    c.save()
    return path


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(EmptyFile) as err:
        extract_document(p)
    assert "empty.pdf" in str(err.value)


def test_not_a_pdf(tmp_path):
    p = tmp_path / "notes.pdf"
    p.write_text("just some text, not a PDF\n" * 10)
    with pytest.raises(NotAPdf) as err:
        extract_document(p)
    assert "notes.pdf" in str(err.value)


def test_truncated(tmp_path):
    good = _text_pdf(tmp_path / "good.pdf")
    data = good.read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(TruncatedPdf) as err:
        extract_document(p)
    assert "cut.pdf" in str(err.value)


def test_corrupt_body(tmp_path):
    p = tmp_path / "corrupt.pdf"
    p.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    with pytest.raises(DamagedPdf, match="cannot be parsed"):  # whole (it has %%EOF), not truncated
        extract_document(p)


def test_encrypted(tmp_path):
    p = _text_pdf(tmp_path / "secret.pdf", encrypt="pw")
    with pytest.raises(EncryptedPdf) as err:
        extract_document(p)
    assert "secret.pdf" in str(err.value)


def test_no_text_layer(tmp_path):
    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(72, 72, 300, 400, fill=1)
    c.line(72, 500, 500, 500)
    c.showPage()
    c.save()
    with pytest.raises(NoTextLayer) as err:
        extract_document(p)
    assert "scan.pdf" in str(err.value)


def test_good_pdf_still_reads(tmp_path):
    p = _text_pdf(tmp_path / "ok.pdf")
    ex = extract_document(p)
    assert ex.meta.page_count == 1
    assert any("Line 3 of a small test" in b.text for b in ex.blocks)
