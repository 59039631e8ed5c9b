"""Tables confined between running lines that stand inside the margin band (issue #14, long
documents): only the pages whose tables can change are read a second time, and the document comes
out as if every page had been read again. Drawn pages; the expected table is written by hand."""

from __future__ import annotations

from pathlib import Path

from drawn_pdf import Sheet

import extract.document as document
from extract.document import extract_document, extract_with, read_pages

PROSE = "本节说明该方案在两年期内的资源需求，所需资源按构成部分分列，数额以千美元计。"
HEAD = ["构成部分", "2020 年批款数", "2021 年估计数"]
ROWS = [["决策机关", "8.5", "410.1"], ["行政领导和管理", "2 808.6", "2 849.5"], ["工作方案", "17 933.1", "18 583.1"]]


def _draw(path: Path, pages: int = 4, tables: tuple[int, ...] = (2,)) -> None:
    """``pages`` pages under a running header printed at a tenth of the page height (inside the
    6.5 % margin band's reach of tables: the body starts under it); each page of ``tables``
    opens with a table."""
    sh = Sheet(path)
    for page in range(1, pages + 1):
        if page > 1:
            sh.new_page()
        sh.text(72, 0.1 * sh.height, "A/75/6 (Sect. 14)", 9)
        top = 0.1 * sh.height + 30
        if page in tables:
            sh.text(72, top, "表 3  按构成部分列示的财政资源", 10.5)
            sh.rule(72, 523, top + 8)
            sh.text(72, top + 20, HEAD[0], 9)
            for x, h in zip((400, 520), HEAD[1:], strict=True):
                sh.text(x, top + 20, h, 9, "right")
            sh.rule(72, 523, top + 24)
            y = top + 24
            for row in ROWS:
                y += 14
                sh.text(72, y, row[0], 9)
                for x, v in zip((400, 520), row[1:], strict=True):
                    sh.text(x, y, v, 9, "right")
            sh.rule(72, 523, y + 5)
            top = y + 30
        sh.prose(top, [PROSE] * 12)
        sh.text(sh.width / 2, 0.95 * sh.height, str(page), 9, "centre")
    sh.save()


def test_only_pages_with_tables_are_read_again(tmp_path: Path, monkeypatch) -> None:
    pdf = tmp_path / "confined.pdf"
    _draw(pdf)
    calls: list[tuple[int, int | None]] = []

    def counted(path, settings=document.ExtractSettings(), first=1, last=None):  # noqa: B008
        calls.append((first, last))
        return read_pages(path, settings, first, last)

    monkeypatch.setattr(document, "read_pages", counted)
    ex = extract_document(pdf)
    # the first pass over the whole document, then page 2 alone (the only page with a table)
    assert calls == [(1, None), (2, 2)]
    assert [(t.number, t.page_first) for t in ex.tables] == [("3", 2)]
    t = ex.tables[0]
    assert t.column_labels == HEAD
    assert [list(r.cells) for r in t.rows] == ROWS
    assert all("A/75/6" not in b.text for b in ex.blocks)  # the running header is no text block


def test_reading_only_those_pages_again_gives_the_document_read_twice_whole(tmp_path: Path) -> None:
    pdf = tmp_path / "confined.pdf"
    _draw(pdf)
    part = extract_document(pdf)
    whole = extract_with(pdf, document.ExtractSettings(), lambda current: [read_pages(pdf, current)])
    assert [(b.kind, b.page, b.text) for b in part.blocks] == [(b.kind, b.page, b.text) for b in whole.blocks]
    assert [(t.number, t.column_labels, [r.cells for r in t.rows]) for t in part.tables] == [
        (t.number, t.column_labels, [r.cells for r in t.rows]) for t in whole.tables
    ]
