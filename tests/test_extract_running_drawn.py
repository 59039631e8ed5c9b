"""Running lines of a two-page document: a header in the page's top margin band, repeated on the
other page at the same height, is page furniture even with one repeat; a line of the text that
only resembles it is not. Expected blocks are the drawn ones."""

from __future__ import annotations

from drawn_pdf import Sheet

from extract.document import extract_document

PROSE = "本机关认真贯彻落实政府信息公开工作的各项要求，不断完善工作机制，拓宽公开渠道，"


def test_a_header_in_the_margin_band_repeated_once_is_a_running_line(tmp_path):
    path = tmp_path / "two_pages.pdf"
    sh = Sheet(path)
    for page in range(2):
        # 4 % of the page height from the top, inside the margin band; the second page's baseline
        # lies 0.2 em lower (a taller glyph, rounding)
        sh.text(72, sh.height * 0.04 + 0.2 * 9 * page, "某区人民政府办公室文件", 9)
        sh.prose(120, [PROSE, PROSE, "提高公开质量。"])
        sh.new_page()
    sh.save()
    blocks = extract_document(path).blocks
    assert not any("某区人民政府办公室文件" in b.text for b in blocks), [b.text for b in blocks]
    assert sum(1 for b in blocks if b.text.startswith("本机关")) == 2
