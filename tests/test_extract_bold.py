"""Bold at body size, in each way real PDFs print it: a bold font (by its name, or only by its font
descriptor), outlines filled and stroked (text render mode 2), or the glyphs printed twice a fraction
of an em apart (fake bold, for a CJK font without a bold face). The document's title and headings
are set bold at the body's size; a bold phrase inside a paragraph is emphasis. The expected title,
headings and paragraphs are the hand-written lists below, the page is drawn from them; a real PDF
that bolds its headings by fill and stroke is checked against its hand-made gold list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from drawn_pdf import Sheet, song_face
from pdfminer.psparser import LIT

from extract.document import extract_document
from extract.layout import heading_faces
from extract.weight import descriptor_bold

REALWORLD = Path(__file__).parent / "data" / "realworld"
SIZE = 10.5  # the body's font size
LEFT, WIDTH = 72, 43  # 43 characters of 10.5 pt run from 72 pt to the right margin (523.5 pt)
TITLE = "和平与安全方案预算"
SUBTITLE = "秘书长的报告"
HEADINGS = [SUBTITLE, "背景", "所需资源"]  # in reading order

# each paragraph: its lines, each a list of (text, bold) runs
PLAIN = [
    [("本报告说明和平与安全方案在二〇九九年期间的工作方案和所需资源，并列出各个次级方案的产出", False)],
    [("和成果以及与上一期间相比的变化情况。", False)],
]
MID_LINE = [  # a bold phrase inside a line
    [
        ("大会在其决议中请秘书长", False),
        ("确保所有特别政治任务", True),
        ("均按照大会核定的各项任务规定切实执行工作并提", False),
    ],
    [("交年度报告。", False)],
]
WHOLE_LINE = [  # a bold phrase that happens to fill a line, in mid-sentence
    [("秘书长在本报告中重申，为了使各项任务能够在资源有限的情况下取得成效，所有的会员国都应当", False)],
    [("继续按时足额缴纳分摊会费并且支持在外地部署的各个特派团加强安全风险管理和问责制度的建设", True)],
    [("，以保护人员。", False)],
]
BOLD_START = [  # a paragraph whose first line is a bold phrase that runs on
    [("为执行新的和扩大的任务而需要的额外资源将在下一个预算期间内由秘书处另行向大会提出详细的", True)],
    [("说明和费用估计，供大会审议。", False)],
]
PARAGRAPHS = [PLAIN, MID_LINE, WHOLE_LINE, BOLD_START]


def _text(paragraph: list) -> str:
    return "".join(t for line in paragraph for t, _ in line)


def _bold_kwargs(way: str) -> dict:
    if way == "font-name":  # Word's 黑体: the Chinese heading face, named, not embedded
        return {"font": song_face("SimHei")}
    if way == "descriptor-weight":  # a name that says nothing; /FontWeight 700 in the descriptor
        return {"font": song_face("FZShuSongS", weight=700)}
    if way == "descriptor-flag":  # ... or the descriptor's ForceBold flag
        return {"font": song_face("FZFangSongS", flags=6 | 1 << 18)}
    if way == "stroke":  # fill and stroke, a stroke of 1/30 em (what Word writes)
        return {"heavy": True, "stroke": SIZE / 30}
    if way == "overprint":  # printed twice, 0.03 em apart
        return {"overprint": SIZE * 0.03}
    raise AssertionError(way)


def _line(sh: Sheet, top: float, runs: list, bold: dict) -> None:
    x = float(LEFT)
    for text, is_bold in runs:
        sh.text(x, top, text, SIZE, **(bold if is_bold else {}))
        x += sh.text_width(text, SIZE)


def _paragraph(sh: Sheet, top: float, lines: list, bold: dict) -> float:
    for k, runs in enumerate(lines):
        _line(sh, top + 16 * k, runs, bold)
    return top + 16 * len(lines) + 12


def _document(path, way: str) -> None:
    for paragraph in PARAGRAPHS:  # the drawn lines are what the expected texts say
        full = ["".join(t for t, _ in line) for line in paragraph[:-1]]
        assert all(len(t) == WIDTH for t in full), [len(t) for t in full]
    bold = _bold_kwargs(way)
    sh = Sheet(path)
    # a UN masthead: symbol above the rule, small print under it, then the title and subtitle
    sh.masthead("A/99/8", "24 April 2099")
    sh.text(72, 128, "第九十九届会议", 9)
    sh.text(72, 140, "暂定项目表* 项目 12", 9)
    sh.text(LEFT, 172, TITLE, SIZE, **bold)
    sh.text(LEFT, 206, SUBTITLE, SIZE, **bold)
    top = _paragraph(sh, 240, PLAIN, bold)
    sh.text(LEFT, top + 12, "背景", SIZE, **bold)
    top = _paragraph(sh, top + 40, MID_LINE, bold)
    _paragraph(sh, top, WHOLE_LINE, bold)
    sh.text(72, 800, "99-12345 (C)", 8)
    sh.new_page()
    top = _paragraph(sh, 90, BOLD_START, bold)
    sh.text(LEFT, top + 12, "所需资源", SIZE, **bold)
    _paragraph(sh, top + 40, PLAIN, bold)
    sh.text(72, 800, "99-12345", 8)
    sh.save()


WAYS = ["font-name", "descriptor-weight", "descriptor-flag", "stroke", "overprint"]


@pytest.mark.parametrize("way", WAYS)
def test_a_title_and_headings_bold_at_body_size(tmp_path, way):
    path = tmp_path / f"bold_{way}.pdf"
    _document(path, way)
    extraction = extract_document(path)
    assert extraction.meta.title == TITLE
    blocks = extraction.blocks
    assert [b.text for b in blocks if b.kind == "heading"] == HEADINGS
    # the plain body lines and the paragraphs with emphasis stay paragraphs, each whole
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    assert paragraphs == [_text(PLAIN), _text(MID_LINE), _text(WHOLE_LINE), _text(BOLD_START), _text(PLAIN)]
    # a glyph printed twice is read once
    assert not any("确确保" in t or "和和平" in t for t in [*paragraphs, extraction.meta.title or ""])


def test_a_hairline_stroke_is_no_bold(tmp_path):
    """Fill and stroke with a zero-width line (the thinnest line a device draws) does not make
    the title or a heading bold: without any other mark the lines are plain paragraphs."""
    path = tmp_path / "hairline.pdf"
    sh = Sheet(path)
    sh.text(LEFT, 90, "背景", SIZE, heavy=True, stroke=0)
    _paragraph(sh, 120, PLAIN, {})
    sh.new_page()
    _paragraph(sh, 90, PLAIN, {})
    sh.save()
    blocks = extract_document(path).blocks
    assert [b.kind for b in blocks] == ["paragraph"] * 3
    assert blocks[0].text == "背景"


def _chars(*runs: tuple[str, int]) -> list[dict]:
    return [{"text": "字", "fontname": font} for font, n in runs for _ in range(n)]


@pytest.mark.parametrize(
    ("runs", "bold"),
    [
        ((("ABCDEF+SimSun", 300), ("ABCDEG+SimHei", 12)), {"ABCDEG+SimHei"}),  # 黑体 headings, 宋体 body
        ((("FZBiaoSong-B05S", 8), ("FZFangSong-Z02S", 400)), {"FZBiaoSong-B05S"}),  # a 标宋 title
        ((("AAAAAA+WenQuanYiZenHei", 900), ("BAAAAA+WenQuanYiZenHei", 40)), set()),  # Hei throughout
        ((("SimHei", 500), ("SimSun", 20)), set()),  # a body in Hei: nothing bold by its face
    ],
)
def test_a_heading_face_is_bold_only_against_a_body_in_another_face(runs, bold):
    assert heading_faces(_chars(*runs)) == bold


@pytest.mark.parametrize(
    ("descriptor", "bold"),
    [
        ({"FontWeight": 700}, True),
        ({"FontWeight": 600}, True),
        ({"FontWeight": 400, "Flags": 32}, False),
        ({"FontWeight": LIT("Bold")}, True),  # a weight name, as some producers write it
        ({"FontWeight": LIT("Medium")}, False),
        ({"Flags": 6 | 1 << 18}, True),  # ForceBold
        ({"Flags": 6}, False),
        ({"StemV": 200}, False),  # StemV is no weight signal (see extract.weight)
        (None, False),
    ],
)
def test_font_descriptor_weight(descriptor, bold):
    assert descriptor_bold(descriptor) is bold


def test_headings_bold_by_fill_and_stroke_on_a_real_pdf():
    """Acrobat PDFMaker 5 prints the UDHR's article headings (第一条 ...) at body size, filled and
    stroked 0.01 em wide; the preamble's bold lead-in (因此现在,大会,...) shares its line with plain
    words and is emphasis. Expected: the gold file's title and headings (made by hand from the page
    images)."""
    gold = json.loads((REALWORLD / "un_udhr_chinese_ohchr.gold.json").read_text(encoding="utf-8"))["paragraphs"]
    extraction = extract_document(REALWORLD / "un_udhr_chinese_ohchr.pdf")
    assert extraction.meta.title == next(p["text"] for p in gold if p["kind"] == "title")
    want = [p["text"] for p in gold if p["kind"] == "heading"]
    assert len(want) == 31
    assert [b.text for b in extraction.blocks if b.kind == "heading"] == want
