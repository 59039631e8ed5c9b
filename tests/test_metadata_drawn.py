"""Document metadata from a drawn first page in the UN masthead layout (symbol above the rule;
organ, distribution block and issue date in the small print under it; then session, agenda item and
title), beside the samples' layout that test_extract_text checks against the answer keys."""

from __future__ import annotations

import pytest
from drawn_pdf import Sheet

from extract.document import extract_document


def _first_page(path, date_line: str | None, session: str = "第九十九届会议") -> None:
    sh = Sheet(path)
    y = sh.masthead("A/99/7 (Sect. 3)", date_line)
    sh.text(380, y, "Chinese", 9)
    sh.text(380, y + 14, "Original: English", 9)
    sh.text(72, y + 32, session, 9)
    sh.text(72, y + 44, "暂定项目表* 项目 12", 9)
    sh.text(72, y + 72, "拟议方案预算", 15)
    sh.prose(y + 110, ["本报告说明本款所涉的资源和产出，供大会审议，并列出所需员额和非员额资源。"] * 4)
    sh.text(72, 800, "99-12345 (C)", 8)
    sh.new_page()
    sh.text(523, 40, "A/99/7 (Sect. 3)", 9, "right")
    sh.prose(90, ["第二页的正文说明本款的工作方案以及各次级方案在本期间的主要成果和产出。"] * 6)
    sh.text(72, 800, "99-12345", 8)
    sh.save()


@pytest.mark.parametrize("date_line", ["24 April 2099", "2099年4月24日", "2099 年 4 月 24 日"])
def test_issue_date_and_title_from_the_un_masthead(tmp_path, date_line):
    path = tmp_path / "masthead.pdf"
    _first_page(path, date_line)
    meta = extract_document(path).meta
    assert meta.symbol == "A/99/7 (Sect. 3)"
    assert meta.issued_on == "2099-04-24"
    assert meta.title == "拟议方案预算"
    assert meta.organ == "大会"  # not the emblem caption 联合国
    assert meta.session == "第九十九届会议"
    assert meta.agenda_item == "暂定项目表* 项目 12"  # the General Assembly's word for agenda


def test_a_session_date_is_not_an_issue_date(tmp_path):
    path = tmp_path / "session_dates.pdf"
    _first_page(path, None, session="第九十九届会议 2099年5月2日，纽约")
    meta = extract_document(path).meta
    assert meta.issued_on is None
    assert meta.session == "第九十九届会议 2099年5月2日，纽约"


def test_a_masthead_between_two_rules_keeps_its_date(tmp_path):
    """UN documents often print a second rule under the distribution block; the lines between the
    rules are then lost to a one-column 'table' and the issue date with them."""
    path = tmp_path / "two_rules.pdf"
    sh = Sheet(path)
    sh.masthead("A/99/7", "24 April 2099")
    sh.rule(72, 523, 120, 2)
    sh.text(72, 138, "第九十九届会议", 9)
    sh.prose(170, ["本报告说明本款所涉的资源和产出，供大会审议，并列出所需员额和非员额资源。"] * 4)
    sh.new_page()
    sh.text(523, 40, "A/99/7", 9, "right")
    sh.prose(90, ["第二页的正文说明本款的工作方案以及各次级方案在本期间的主要成果和产出。"] * 6)
    sh.save()
    extraction = extract_document(path)
    assert extraction.meta.issued_on == "2099-04-24"
    assert not extraction.tables
