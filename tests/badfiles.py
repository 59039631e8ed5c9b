"""Bad input, made on the spot: each function writes one kind of broken 'PDF' and returns its path."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def zero_byte(folder: Path) -> Path:
    path = folder / "empty.pdf"
    path.write_bytes(b"")
    return path


def not_a_pdf(folder: Path) -> Path:
    path = folder / "minutes.pdf"
    path.write_text("这不是 PDF 文件，只是改了扩展名的文本。\n", encoding="utf-8")
    return path


def truncated(folder: Path, source: Path = SAMPLES / "UNEP_EA.4_16_zh.pdf") -> Path:
    data = source.read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted(folder: Path) -> Path:
    path = folder / "encrypted.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt="s3cret")
    pdf.drawString(72, 720, "Confidential report A/00/0")
    pdf.showPage()
    pdf.save()
    return path


def scanned(folder: Path) -> Path:
    """Pages with drawings only: what a scan without OCR looks like to a text extractor."""
    path = folder / "scanned.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in range(2):
        for i in range(40):
            pdf.rect(60 + (i % 8) * 60, 100 + (i // 8) * 120 + page * 5, 50, 90, fill=1)
        pdf.showPage()
    pdf.save()
    return path


ALL = {
    "empty.pdf": zero_byte,
    "minutes.pdf": not_a_pdf,
    "truncated.pdf": truncated,
    "encrypted.pdf": encrypted,
    "scanned.pdf": scanned,
}
