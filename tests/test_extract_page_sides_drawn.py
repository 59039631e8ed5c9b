"""Producer conventions about where the text column stands and how labels meet the text, on
drawn pages:

* left and right pages set with different margins (a page style per side, as LibreOffice prints
  an HTML page with ``@page :left``): odd pages print the column from 60 to 536 pt, even pages
  from 90 to 505 pt. Each numbered paragraph is one block on either side; before, the even pages'
  full lines were measured against the odd pages' right edge, so every line ended a paragraph;
* paragraph numbers and list labels with the Chinese text right after them and no space
  ("1.该决定", "14.1环境署", "(a)在"), where an amount at a line start ("14.1亿") stays text.

The expected blocks are the ones drawn here.
"""

from __future__ import annotations

from drawn_pdf import Sheet

from extract.document import extract_document

SIZE = 10.5
LEAD = 15.75
GAP = 10.0  # extra space between paragraphs
SENTENCE = "各国代表团在会议期间就环境治理问题交换了意见，并同意在下届会议之前继续开展非正式协商。"
COLUMNS = {1: (60.0, 536.0), 0: (90.0, 505.0)}  # page parity -> (left, right) of the text column


def _lines(sh: Sheet, text: str, width: float) -> list[str]:
    """``text`` broken into lines that fill ``width`` (the last one short)."""
    out, cur = [], ""
    for ch in text:
        if sh.text_width(cur + ch, SIZE) > width:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur]


def _paragraph(sh: Sheet, top: float, number: str, text: str, page: int) -> float:
    left, right = COLUMNS[page % 2]
    lines = _lines(sh, f"{number} {text}", right - left)
    for k, line in enumerate(lines):
        sh.text(left, top + k * LEAD, line, SIZE)
    return top + len(lines) * LEAD + GAP


def test_left_and_right_pages_with_their_own_margins_keep_paragraphs_whole(tmp_path):
    path = tmp_path / "sides.pdf"
    sh = Sheet(path)
    expected = []
    n = 0
    for page in (1, 2, 3, 4):
        if page > 1:
            sh.new_page()
        top = 90.0
        for _ in range(4):
            n += 1
            text = SENTENCE * 3
            expected.append((f"{n}.", text))
            top = _paragraph(sh, top, f"{n}.", text, page)
    sh.save()
    paragraphs = [(b.number, b.text.replace(" ", "")) for b in extract_document(path).blocks if b.kind == "paragraph"]
    assert paragraphs == expected


def test_labels_with_the_text_right_after_them(tmp_path):
    path = tmp_path / "abutting.pdf"
    sh = Sheet(path)
    left, right = 72.0, 523.0
    top = 90.0
    blocks = [
        ("14.1", "环境署负责领导和协调联合国系统内部就环境事务采取的行动。" * 2),
        ("14.2", "“我们希望的未来”成果文件确认了环境署的作用。" * 2),
        ("(a)", "在发展中国家充分而有效的参与下，加强科学与政策之间的互动；"),
        ("(b)", "在联合国系统制订出一套系统范围的环境战略；"),
        ("14.3", "环境署将继续加强与各会员国的合作。" * 2),
        ("", "14.1亿美元的预算外资源用于支持各区域办事处的工作。" * 2),
    ]
    for label, text in blocks:
        indent = 21.0 if label.startswith("(") else 0.0
        lines = _lines(sh, label + text, right - left - indent)
        for k, line in enumerate(lines):
            sh.text(left + indent, top + k * LEAD, line, SIZE)
        top += len(lines) * LEAD + GAP
    sh.save()
    got = []
    for b in extract_document(path).blocks:
        if b.kind == "paragraph":
            got.append((b.number or "", b.text.replace(" ", "")))
        elif b.kind == "list_item":
            got.append((b.label, b.text.replace(" ", "")))
    assert got == [(label, text) for label, text in blocks]
