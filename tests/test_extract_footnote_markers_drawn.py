"""Footnotes whose markers are printed at the note's own size at the start of the note line, as
Word sets circled markers ("① 参见…") or plain numbers ("1  See…"), while the text cites them raised
and smaller: each note is a footnote of its own with its marker, not one note run together. The
expected notes are the ones drawn here."""

from __future__ import annotations

import pytest
from drawn_pdf import Sheet

from extract.document import extract_document

BODY, NOTE = 10.5, 9.0
LINE = "本机关认真贯彻落实政府信息公开工作的各项要求，不断完善工作机制，拓宽公开"


@pytest.mark.parametrize("markers", [("①", "②"), ("1", "2")], ids=["circled", "numbers"])
def test_notes_with_markers_at_note_size_are_one_footnote_each(tmp_path, markers):
    notes = ["参见《中华人民共和国政府信息公开条例》第二十条。", "数据截至本年度十二月三十一日。"]
    path = tmp_path / "notes.pdf"
    sh = Sheet(path)
    for page in range(4):
        y = 90.0
        for k in range(6):
            sh.text(72, y, LINE, BODY)
            tail = "渠道，提高公开质量"
            sh.text(72, y + 16, tail, BODY)
            if k in (1, 3):
                w = sh.text_width(tail, BODY)
                sh.text(72 + w, y + 16 - 0.35 * BODY, markers[k // 2], BODY * 0.65)  # cited raised and smaller
                sh.text(72 + w + BODY * 0.7, y + 16, "，切实保障人民群众的知情权。", BODY)
            y += 44
        sh.rule(72, 200, 730)
        for k, (marker, note) in enumerate(zip(markers, notes, strict=True)):
            sh.text(72, 746 + 14 * k, f"{marker}  {note}" if marker.isdigit() else f"{marker} {note}", NOTE)
        sh.text(sh.width / 2, 805, f"— {page + 1} —", 9, "centre")
        sh.new_page()
    sh.save()
    blocks = extract_document(path).blocks
    got = [(b.page, b.label, b.text) for b in blocks if b.kind == "footnote"]
    assert got == [(p, m, n) for p in range(1, 5) for m, n in zip(markers, notes, strict=True)]
    cited = [r for b in blocks if b.kind == "paragraph" for r in b.footnote_refs]
    assert cited == list(markers) * 4
