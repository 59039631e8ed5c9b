"""Paragraphs around a table on a drawn page: a sentence that ends at the right margin just before a
table ends its paragraph; a line broken mid-sentence before the table continues after it."""

from __future__ import annotations

import pytest
from drawn_pdf import Sheet

from extract.document import extract_document

WIDTH = 43  # characters of 10.5 pt on a 451 pt line: every "full" line runs to the margin


def _full(text: str) -> str:
    assert len(text) == WIDTH, len(text)
    return text


def _page(sh: Sheet, before_last: str, after: list[str]) -> None:
    """A full paragraph, a ruled table, then text at the body's left edge with no label (on a second
    page: the top of a document's first page is its masthead)."""
    sh.prose(90, ["第一页的正文。"] * 3)
    sh.new_page()
    top = sh.prose(90, [_full("本节说明环境规划署在本期间的工作方案和所需资源，包括各次级方案的产出和成果"
                              "以及与上一期"), _full(before_last)])  # fmt: skip
    rows = [("决策机关", "410.1", "8.5"), ("行政领导和管理", "1 234.5", "1 300.0"), ("共计", "1 644.6", "1 308.5")]
    bottom = sh.component_table(top, rows, "按构成部分分列的资源")
    sh.prose(bottom + 28, after)


AFTER = [_full("上表所列资源反映了大会核准的员额和非员额经费，并考虑到了技术调整和新的任务"
               "规定以及其他"), "变动。"]  # fmt: skip


@pytest.mark.parametrize(
    ("before_last", "joined"),
    [
        (_full("期相比的变化情况；下表列出按构成部分分列的资源，其数字以千美元计，并已四舍五入至小数。"), False),
        (_full("期相比的变化情况；下表列出按构成部分分列的资源，其数字以千美元计，并已四舍五入至小数，"), True),
    ],
    ids=["sentence-ends-at-margin", "sentence-runs-on"],
)
def test_a_table_ends_a_paragraph_whose_sentence_ended(tmp_path, before_last, joined):
    path = tmp_path / "around_table.pdf"
    sh = Sheet(path)
    _page(sh, before_last, AFTER)
    sh.save()
    extraction = extract_document(path)
    assert [t.n_rows for t in extraction.tables] == [3]
    texts = [b.text for b in extraction.blocks if b.kind == "paragraph"]
    starts_after = [t for t in texts if t.startswith("上表所列资源")]
    if joined:  # the sentence runs on across the table: one paragraph
        assert starts_after == [] and any(t.startswith("本节说明") and t.endswith("变动。") for t in texts), texts
    else:
        assert len(starts_after) == 1 and starts_after[0].endswith("变动。"), texts
        assert any(t.startswith("本节说明") and t.endswith("小数。") for t in texts), texts


def test_headings_keep_their_lines_under_loose_leading(tmp_path):
    """Text set 12.5 pt on a 2.1 em pitch, headings 1.3 times larger and bold on the same leading:
    a label-only heading line ("次级方案 1") takes the title a line and a block gap under it, and
    a wrapped heading keeps its second line (steps the page's own pitch makes normal)."""
    path = tmp_path / "loose.pdf"
    sh = Sheet(path)
    body, head = 12.5, 16.25
    pitch = 2.1 * body
    sh.prose(90, ["第一页的正文，说明本节的内容。"] * 6, body, 72, pitch)
    sh.new_page()
    y = 90.0
    sh.text(72, y, "次级方案 1", head, overprint=0.6)
    y += (2.1 + 1.0) * head
    sh.text(72, y, "气候变化", head, overprint=0.6)
    y = sh.prose(
        y + 1.6 * pitch,
        ["环境署将协助各国减少温室气体排放，并加强适应气候变化的能力，", "以实现目标。"],
        body,
        72,
        pitch,
    )
    y += 0.6 * body
    sh.text(72, y, "2019 年方案执行情况：《负责任银行原则》推动银行业", head, overprint=0.6)
    y += 2.1 * head
    sh.text(72, y, "迈向可持续金融实践", head, overprint=0.6)
    sh.prose(y + 1.6 * pitch, ["二百多家银行签署了这些原则，承诺使业务与可持续发展目标一致。"] * 3, body, 72, pitch)
    sh.save()
    headings = [(b.label, b.text) for b in extract_document(path).blocks if b.kind == "heading"]
    assert headings == [
        ("次级方案 1", "气候变化"),
        (None, "2019 年方案执行情况：《负责任银行原则》推动银行业迈向可持续金融实践"),
    ]
