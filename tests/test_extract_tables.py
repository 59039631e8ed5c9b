"""Table extraction against the answer keys, plus re-rendered tables (full grid / no rules at all)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import sample_extraction
from pdf_tables import extract_tables

from extract.models import Table, TableFragment
from extract.table_settings import TableSettings
from score.tables import expected_tables, match_tables, score_tables

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "data" / "expected"
STEMS = ["A_75_6_Sect.14_zh", "UNEP_EA.4_16_zh", "UNEP_GC.26_18_zh", "002_b61ed0f3630fa659_zh"]


@pytest.fixture(scope="session")
def extracted() -> dict[str, tuple[list[TableFragment], list[Table], dict]]:
    out = {}
    for stem in STEMS:
        extraction, frags = sample_extraction(stem)  # shared with the text tests (conftest)
        tables = extraction.tables
        out[stem] = (frags, tables, json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8")))
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_every_answer_key_table_found_with_shape(extracted, stem):
    _, tables, expected = extracted[stem]
    score = score_tables(expected, tables)
    missing = [(t["number"], t["part"]) for t in score["tables"] if not t["found"]]
    assert not missing, f"tables not found: {missing}"
    wrong = [
        (t["number"], t["part"], t["rows"], t["expected_rows"], t["cols"], t["expected_cols"])
        for t in score["tables"]
        if not (t["rows_match"] and t["cols_match"])
    ]
    assert not wrong, f"rows/cols differ: {wrong}"
    # nothing invented: as many tables as the answer key has
    assert len(tables) == len(expected_tables(expected))


def test_body_cell_accuracy(extracted):
    cells = correct = 0
    misses = []
    for stem in STEMS:
        _, tables, expected = extracted[stem]
        s = score_tables(expected, tables)
        cells += s["cells"]
        correct += s["correct_cells"]
        misses += [(stem, t["number"], m) for t in s["tables"] for m in t["misses"]]
    assert cells > 2000
    assert correct / cells >= 0.995, misses[:10]


def test_header_grid_title_unit_notes_and_row_kinds(extracted):
    bad = []
    for stem in STEMS:
        _, tables, expected = extracted[stem]
        for e, t in match_tables(expected_tables(expected), tables):
            assert t is not None
            eh = [[(c["text"], c["colspan"], c["rowspan"]) for c in r] for r in e["header"]]
            gh = [[(c.text, c.colspan, c.rowspan) for c in r] for r in t.header]
            if eh != gh:
                bad.append((e["number"], "header", eh, gh))
            if (e["title"], e["unit"], e["notes"]) != (t.title, t.unit, t.notes):
                bad.append((e["number"], "caption", e["title"], t.title, e["unit"], t.unit))
            ek = [(r["kind"], r["indent"]) for r in e["rows"]]
            gk = [(r.kind, r.indent) for r in t.rows]
            if ek != gk:
                bad.append((e["number"], "kinds", ek, gk))
    assert not bad, bad[:5]


def test_column_labels_and_keys(extracted):
    _, tables, _ = extracted["A_75_6_Sect.14_zh"]
    by_key = {t.table_key: t for t in tables}
    assert len(by_key) == len(tables), "table keys must be unique"
    t = by_key["14.13"]
    assert t.column_labels[3] == "变动 / 技术调整"
    assert t.column_labels[4] == "变动 / 新的/扩大的任务"
    assert t.column_labels[0] == ""
    assert {"14.16(1)", "14.16(2)", "14.17(1)", "14.17(2)"} <= set(by_key)
    assert by_key["14.16(2)"].number == "14.16" and by_key["14.16(2)"].unit == "(千美元)"
    unnumbered = [t.table_key for t in tables if t.number is None]
    assert all(re.fullmatch(r"p\d+-t\d+", k) for k in unnumbered)


def test_tables_continued_over_pages_are_stitched(extracted):
    _, tables, _ = extracted["A_75_6_Sect.14_zh"]
    by_key = {t.table_key: t for t in tables}
    t = by_key["14.16(1)"]
    assert (t.page_first, t.page_last) == (47, 48)
    assert [r.cells[0] for r in t.rows[:4]] == ["A. 决策机关", "B. B. 行政领导和管理", "C. 工作方案", "1. 气候变化"]
    # the repeated header on the continuation page is not a body row
    assert not any("支出数" in c for r in t.rows for c in r.cells)
    annex2 = tables[-1]
    assert annex2.page_last == annex2.page_first + 1 and annex2.n_rows == 13


def test_fragment_bbox_covers_caption_title_unit_and_notes(extracted):
    frags, _, _ = extracted["A_75_6_Sect.14_zh"]
    with pdfplumber.open(SAMPLES / "A_75_6_Sect.14_zh.pdf") as pdf:
        for pno in (46, 47, 51):
            page = pdf.pages[pno - 1]
            boxes = [f.bbox for f in frags if f.page == pno]
            words = page.extract_words(keep_blank_chars=True)
            for w in words:
                if re.fullmatch(r"表 14\.\d+|\(千美元\)|a 2021|注：图|\(1\)", w["text"].strip()):
                    assert any(
                        b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] and w["bottom"] <= b[3] + 1
                        for b in boxes
                    ), (pno, w["text"])
            # prose paragraphs are outside every table
            for w in words:
                if re.match(r"^14\.1\d\d$", w["text"].strip()):
                    assert not any(b[1] <= w["top"] <= b[3] and b[0] <= w["x0"] <= b[2] for b in boxes)


def test_cells_keep_numbers_whole_and_nil_dash(extracted):
    _, tables, _ = extracted["A_75_6_Sect.14_zh"]
    t = {t.table_key: t for t in tables}["14.18"]
    assert t.rows[1].cells[:3] == ["员额", "21 466.8", "21 665.0"]
    assert t.rows[1].cells[3] == "—"
    assert t.rows[0].kind == "section" and t.rows[3].kind == "total" and t.rows[1].indent == 1


def test_settings_are_validated():
    with pytest.raises(ValueError):
        TableSettings(line_tolerance=0)
    with pytest.raises(ValueError):
        TableSettings(space_gap=1.0, segment_gap=0.5)
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass
        TableSettings().row_gap = 3  # type: ignore[misc]


# -- re-rendered tables -----------------------------------------------------------------------------

ROWS = [
    ["员额", "21 466.8", "—", "198.2", "21 665.0"],
    ["非员额和其他业务费用", "1 623.0", "401.6", "—", "2 024.6"],
    ["共计", "23 089.8", "401.6", "198.2", "23 689.6"],
]
HEADER = [[("", 1, 2), ("2019 年支出数", 1, 2), ("变动", 2, 1), ("共计", 1, 2)], [("技术调整", 1, 1), ("其他", 1, 1)]]


def _render(path: Path, grid: bool) -> None:
    reportlab = pytest.importorskip("reportlab")
    del reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4

    def y(top: float) -> float:  # top-down coordinates like pdfplumber
        return h - top

    c.setFont(font, 11)
    c.drawString(90, y(100), "这是表格前面的一段正文，用来说明下表的内容，正文字号比表格大。")
    c.setFont(font, 10)
    c.drawCentredString(w / 2, y(130), "表 1")
    c.drawCentredString(w / 2, y(143), "测试表格")
    c.setFont(font, 9)
    c.drawCentredString(w / 2, y(156), "(千美元)")
    # columns: label | 2019 | 技术调整 | 其他 | 共计
    xs = [100, 200, 280, 360, 440, 520]
    top, mid, hdr = 165, 182, 212
    row_tops = [hdr, hdr + 16, hdr + 40, hdr + 56]
    c.setFont(font, 9)
    c.drawCentredString((xs[2] + xs[4]) / 2, y(top + 12), "变动")
    c.drawCentredString((xs[1] + xs[2]) / 2, y(top + 20), "2019 年")
    c.drawCentredString((xs[1] + xs[2]) / 2, y(top + 31), "支出数")
    c.drawCentredString((xs[2] + xs[3]) / 2, y(mid + 20), "技术调整")
    c.drawCentredString((xs[3] + xs[4]) / 2, y(mid + 20), "其他")
    c.drawCentredString((xs[4] + xs[5]) / 2, y(top + 26), "共计")
    lines_per_row = [["员额"], ["非员额和其他", "业务费用"], ["共计"]]
    for r, (cells, labels) in enumerate(zip(ROWS, lines_per_row, strict=True)):
        base = row_tops[r] + 11
        for k, text in enumerate(labels):
            c.drawString(xs[0] + 4 + (9 if k else 0), y(base + 12 * k), text)
        for j, text in enumerate(cells[1:], start=1):
            c.drawRightString(xs[j + 1] - 6, y(base), text)
    c.setFont(font, 11)
    c.drawString(90, y(row_tops[-1] + 40), "表格后面又是正文段落，它不属于表格，而且比表格的字号更大一些。")
    if grid:
        # Chromium style: every border is a thin filled rectangle
        def hline(x0: float, x1: float, yy: float) -> None:
            c.rect(x0, y(yy) - 0.25, x1 - x0, 0.5, stroke=0, fill=1)

        def vline(x: float, y0: float, y1: float) -> None:
            c.rect(x - 0.25, y(y1), 0.5, y1 - y0, stroke=0, fill=1)

        hline(xs[0], xs[-1], top)
        hline(xs[2], xs[4], mid)
        for t in row_tops:
            hline(xs[0], xs[-1], t)
        for x in xs:
            # no vertical rule inside the spanning "变动" cell
            vline(x, mid if x == xs[3] else top, row_tops[-1])
    c.showPage()
    c.save()


@pytest.mark.parametrize("grid", [True, False], ids=["full-grid", "no-rules"])
def test_rerendered_table_gives_the_same_cells(tmp_path, grid):
    path = tmp_path / f"t_{grid}.pdf"
    _render(path, grid)
    frags, tables = extract_tables(path)
    assert len(tables) == 1, [(t.table_key, t.n_cols, len(t.rows)) for t in tables]
    t = tables[0]
    assert t.number == "1" and t.title == "测试表格" and t.unit == "(千美元)"
    assert t.n_cols == 5
    assert [r.cells for r in t.rows] == ROWS
    assert [r.kind for r in t.rows] == ["data", "data", "total"]
    got_header = [[(c.text, c.colspan, c.rowspan) for c in row] for row in t.header]
    assert got_header == HEADER
    assert t.column_labels == ["", "2019 年支出数", "变动 / 技术调整", "变动 / 其他", "共计"]
    # prose before and after the table stays outside the fragment
    _, top, _, bottom = frags[0].bbox
    assert top > 105 and bottom < 212 + 56 + 30
