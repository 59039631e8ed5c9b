"""List labels that end in a closing mark and need no space before the text (``（一）``, ``①``,
``1.㈠``: a number with a parenthesised ideograph numeral), on a drawn page: each item is one block
with its printed label, its wrapped line (set under the text or under the label) joined to it, and
the next label opens the next item. The expected labels and texts are the ones drawn here."""

from __future__ import annotations

import pytest
from drawn_pdf import Sheet

from extract.document import extract_document

SIZE = 10.5
LEAD = 16
LINE = 451.0  # the body line (pt): each item's first line is filled to it, the rest wraps
ITEMS = [
    (
        "（一）",
        "各国应当根据本国的情况采取适当措施，确保所有人都能平等地获得基本的社会服务和保护，并定期审查这些措施的成效。",
    ),
    (
        "（二）",
        "各国应当加强合作，交流经验和良好做法，并酌情向发展中国家提供技术援助和能力建设支助，以协助其履行各项承诺。",
    ),
    ("①", "秘书处应当定期编写报告，说明各项决议的执行情况以及在执行过程中遇到的各种困难和挑战，供大会下届会议审议。"),
    ("②", "各会员国应当及时提供所需资料，以便秘书处能够全面而准确地反映各国的实际执行情况和今后的工作计划。"),
    (
        "1.㈠",
        "人人有权享有和平集会和结社的自由，任何人不得被迫隶属于某一团体或者参加某项集会，亦不得因此受到任何歧视。",
    ),
    ("2.㈡", "人人有直接或者通过自由选择的代表参与治理本国的权利，并有平等机会参加本国公务，这一权利应受法律保护。"),
]


@pytest.mark.parametrize("under", ["text", "label"], ids=["wrapped-under-text", "wrapped-under-label"])
def test_closed_labels_open_items_and_keep_their_wrapped_lines(tmp_path, under):
    path = tmp_path / "labels.pdf"
    sh = Sheet(path)
    sh.prose(90, ["第一页的正文。"] * 3)
    sh.new_page()
    top = sh.prose(90, ["本节列出各项建议，具体如下："])
    for label, sentence in ITEMS:
        cut = max(k for k in range(len(sentence)) if sh.text_width(label + sentence[:k], SIZE) <= LINE)
        cut -= sentence[cut] in "。，、"  # no line starts with a stop or a comma (as typesetters do)
        first, second = sentence[:cut], sentence[cut:]
        sh.text(72, top, label + first, SIZE)
        x = 72 + sh.text_width(label, SIZE) if under == "text" else 72
        sh.text(x, top + LEAD, second, SIZE)
        top += 2 * LEAD
    sh.prose(top, ["以上建议供委员会审议。"])
    sh.save()
    items = [b for b in extract_document(path).blocks if b.kind == "list_item"]
    assert [(b.label, b.text) for b in items] == ITEMS


def test_a_word_before_a_wide_gap_is_text_not_a_list_label(tmp_path):
    """Lines of a form set in two columns ("地点" ... "内罗毕"): the first piece is a word before a
    wide gap, as a list label would be, but reads as no label and names no document; the lines stay
    text, while a real label ("(a)") and a mandate symbol ("67/213") in the same column open items."""
    path = tmp_path / "form.pdf"
    sh = Sheet(path)
    sh.prose(90, ["第一页的正文。"] * 3)
    sh.new_page()
    top = sh.prose(90, ["会议的基本情况如下："])
    rows = [("地点", "内罗毕联合国办事处"), ("日期", "二〇二一年二月二十二日至二十三日"), ("主席", "环境大会主席")]
    for word, value in rows:
        sh.text(72, top, word, SIZE)
        sh.text(140, top, value, SIZE)
        top += LEAD
    top = sh.prose(top + 8, ["会议审议了下列文件："])
    for label, text in [("(a)", "执行主任的报告"), ("67/213", "联合国环境规划署理事会第二十七届会议的报告")]:
        sh.text(72, top, label, SIZE)
        sh.text(140, top, text, SIZE)
        top += LEAD
    sh.save()
    blocks = extract_document(path).blocks
    assert [(b.kind, b.label, b.text) for b in blocks if b.kind == "list_item"] == [
        ("list_item", "(a)", "执行主任的报告"),
        ("list_item", "67/213", "联合国环境规划署理事会第二十七届会议的报告"),
    ]
    texts = [b.text.replace(" ", "") for b in blocks]
    for word, value in rows:
        assert any(word + value in t for t in texts), (word, texts)


def test_section_labels_alone_on_a_line_are_headings_in_the_body_style(tmp_path):
    """A report set in one face and size throughout, its sections marked by their labels alone:
    "一、总体情况" and "（一）主动公开情况" each on a line of its own, text after them. They are
    headings, "一、" a level above "（一）"; items "（1）" inside a section (no space after their
    closing bracket), lines that end in a stop, stay list items (expected blocks are the drawn ones)."""
    path = tmp_path / "sections.pdf"
    sh = Sheet(path)
    text = "本机关认真贯彻落实政府信息公开工作的各项要求，不断完善工作机制，拓宽公开渠道。"
    top = 90.0
    layout = [
        ("一、", "总体情况"),
        None,
        ("（一）", "主动公开情况"),
        None,
        ("（1）", "完善公开目录。"),
        ("（2）", "加强政策解读。"),
        ("（二）", "依申请公开情况"),
        None,
        ("二、", "存在的主要问题及改进情况"),
        None,
    ]
    for entry in layout:
        if entry is None:
            top = sh.prose(top, [text] * 4) + 6
        else:
            sh.text(72, top, entry[0] + entry[1], SIZE)
            top += LEAD + 6
    sh.save()
    blocks = extract_document(path).blocks
    heads = [(b.label, b.text, b.level) for b in blocks if b.kind == "heading"]
    assert heads == [
        ("一、", "总体情况", 1),
        ("（一）", "主动公开情况", 2),
        ("（二）", "依申请公开情况", 2),
        ("二、", "存在的主要问题及改进情况", 1),
    ]
    items = [(b.label, b.text) for b in blocks if b.kind == "list_item"]
    assert items == [("（1）", "完善公开目录。"), ("（2）", "加强政策解读。")]
