"""Notes collected at the end of a part that run over a page break, on pages set with a space
between every two characters (older PDFs): the separator rule is printed once, above the first
note at the foot of one page; the other notes open the next page with no rule above them, and the
next part's heading and text follow them there."""

from __future__ import annotations

from drawn_pdf import Sheet

from extract.document import extract_document

LEFT, RIGHT = 72.0, 523.0
BODY, NOTE = 11.0, 8.8


def _spaced(text: str) -> str:
    return "".join(ch + " " for ch in text)


def _line(sh: Sheet, top: float, text: str, ref: str | None = None, size: float = BODY) -> None:
    """A spaced line; ``ref``: a reference marker after it, 0.65 x the size, on the baseline."""
    sh.text(LEFT, top, _spaced(text), size)
    if ref:
        sh.text(LEFT + sh.text_width(_spaced(text), size), top, _spaced(ref), size * 0.65)


def _note(sh: Sheet, top: float, marker: str, text: str) -> None:
    """A note line: the marker smaller and raised (0.3 em), then a space and the text."""
    sh.text(LEFT, top - 0.3 * NOTE, _spaced(marker), NOTE * 0.65)
    sh.text(LEFT + sh.text_width(_spaced(marker), NOTE * 0.65), top, _spaced(" " + text), NOTE)


def test_notes_run_over_onto_the_next_page_without_a_separator(tmp_path):
    path = tmp_path / "spaced_overleaf_notes.pdf"
    sh = Sheet(path)
    for k in range(3):
        _line(sh, 90 + 18 * k, "第一页的正文，说明本报告的范围和所述期间。")
    sh.new_page()
    top = 90.0
    # a full page of spaced body text, three lines citing notes 1 to 3
    for k in range(34):
        ref = {5: "1", 15: "2", 25: "3"}.get(k)
        _line(sh, top, f"第一部分的正文第{k + 1}行，说明环境署的工作和所需资源。", ref)
        top += 18
    sh.rule(LEFT, LEFT + 0.3 * (RIGHT - LEFT), top + 4)  # a short separator, once
    _note(sh, top + 20, "1", "大会第 74/251 号决议。")
    sh.new_page()
    # the notes run on at the top of the next page: no separator above them
    _note(sh, 100, "2", "环境署，年度报告(2019 年)。")
    _note(sh, 118, "3", "见 https://www.unep.org/resources。")
    sh.text(LEFT, 160, _spaced("二、第二部分"), 13.5)
    _line(sh, 184, "第二部分的正文不是说明。")
    sh.save()
    blocks = extract_document(path).blocks
    # the hand-written list of the notes printed above, markers as labels, text closed up
    assert [(b.label, b.text) for b in blocks if b.kind == "footnote"] == [
        ("1", "大会第 74/251 号决议。"),
        ("2", "环境署，年度报告(2019 年)。"),
        ("3", "见 https://www.unep.org/resources。"),
    ]
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    assert not any("年度报告" in t or "unep.org" in t for t in paragraphs)
    assert "第二部分的正文不是说明。" in paragraphs
    assert [b.text for b in blocks if b.kind == "heading"] == ["第二部分"]
