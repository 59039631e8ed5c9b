"""One page geometry (extract.geometry) on drawn PDFs: rules joined once, for text and tables alike.

* a grid whose borders are drawn one short piece per cell, in both directions, gives the rules of
  the same grid drawn as whole lines (the lines the test drew)
* a thin filled box is one rule as thick as the box, in its colour
* an underline and a table's rules on one page are classified from the one rule list
* vertical rules between groups of columns (whole or drawn row by row) bound the columns without
  merging the columns of a group
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pdfplumber
import pytest
from drawn_pdf import Sheet
from pdf_tables import extract_tables

from extract.geometry import read_geometry
from extract.layout import build_lines, horizontal_rules, mark_decorations, text_size
from extract.table_layout import body_font_size, find_rules, group_lines, page_chars
from extract.table_settings import TableSettings

# a 3 x 4 grid (columns x rows) in top-down coordinates
GRID_X = [72.0, 200.0, 330.0, 460.0]
GRID_Y = [200.0, 220.0, 240.0, 260.0, 280.0]


def _draw_grid(sh: Sheet, pieces: bool) -> None:
    c = sh.canvas
    c.setLineWidth(0.5)
    for y in GRID_Y:
        spans = list(pairwise(GRID_X)) if pieces else [(GRID_X[0], GRID_X[-1])]
        for x0, x1 in spans:
            c.line(x0, sh.height - y, x1, sh.height - y)
    for x in GRID_X:
        spans = list(pairwise(GRID_Y)) if pieces else [(GRID_Y[0], GRID_Y[-1])]
        for y0, y1 in spans:
            c.line(x, sh.height - y0, x, sh.height - y1)
    for row, y in enumerate(GRID_Y[:-1]):
        for col, x in enumerate(GRID_X[:-1]):
            sh.text(x + 4, y + 14, f"项目{row}{col}", 9)


@pytest.fixture(scope="module")
def grids(tmp_path_factory) -> Path:
    """Page 1: the grid drawn as whole lines; page 2: the same grid drawn one piece per cell side."""
    path = tmp_path_factory.mktemp("geometry") / "grids.pdf"
    sh = Sheet(path)
    _draw_grid(sh, pieces=False)
    sh.new_page()
    _draw_grid(sh, pieces=True)
    sh.save()
    return path


def _rounded(geometry) -> tuple[list[tuple[float, ...]], list[tuple[float, ...]]]:
    hs = sorted((round(r.x0, 1), round(r.x1, 1), round(r.y, 1)) for r in geometry.rules)
    vs = sorted((round(v.x, 1), round(v.top, 1), round(v.bottom, 1)) for v in geometry.vrules)
    return hs, vs


def test_grid_drawn_cell_by_cell_gives_the_rules_of_whole_lines(grids: Path) -> None:
    with pdfplumber.open(grids) as pdf:
        whole, pieces = (_rounded(read_geometry(p)) for p in pdf.pages)
    drawn_h = sorted((GRID_X[0], GRID_X[-1], y) for y in GRID_Y)
    drawn_v = sorted((x, GRID_Y[0], GRID_Y[-1]) for x in GRID_X)
    assert whole == (drawn_h, drawn_v)
    assert pieces == whole


def test_thin_box_is_one_rule_with_its_thickness_and_colour(tmp_path: Path) -> None:
    path = tmp_path / "box.pdf"
    sh = Sheet(path)
    sh.text(72, 100, "正文一行，字号九磅。", 9)
    c = sh.canvas
    c.setFillColorRGB(0.8, 0.1, 0.1)
    c.rect(72, sh.height - 151.5, 300, 1.5, stroke=0, fill=1)  # top 150, bottom 151.5
    sh.save()
    with pdfplumber.open(path) as pdf:
        geometry = read_geometry(pdf.pages[0])
    assert len(geometry.rules) == 1 and not geometry.vrules
    r = geometry.rules[0]
    assert (round(r.x0, 1), round(r.x1, 1), round(r.y, 2), round(r.width, 2)) == (72.0, 372.0, 150.75, 1.5)
    assert r.colour == (0.8, 0.1, 0.1) and not r.outline


def test_underline_and_table_rules_come_from_one_rule_list(tmp_path: Path) -> None:
    path = tmp_path / "underline.pdf"
    sh = Sheet(path)
    heading = "一、方案概览"
    sh.text(72, 120, heading, 10.5)
    # the underline, drawn in two pieces end to end (one per run of glyphs)
    half = 72 + sh.text_width(heading, 10.5) / 2
    sh.rule(72, half, 122.5, 0.5)
    sh.rule(half, 72 + sh.text_width(heading, 10.5), 122.5, 0.5)
    sh.prose(150, ["这是正文的一行，后面是一张有三条横线的表格。"])
    bottom = sh.component_table(180, [("员额", "1 234.5", "1 246.5"), ("非员额", "567.8", "522.2")], "资源")
    sh.save()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        geometry = read_geometry(page)
        lines = build_lines(page.chars, 1)
        settings = TableSettings()
        table_lines = group_lines(page_chars(page.chars, page.height, settings), settings)
        table_rules, _ = find_rules(geometry, page.height, body_font_size(table_lines), settings)
    rest, _ = mark_decorations(lines, horizontal_rules(geometry, text_size(lines)), [])
    underlined = [ln.text for ln in lines if ln.underline]
    assert underlined == [heading]
    underline = [r for r in geometry.rules if abs(r.y - 122.5) < 0.5]
    assert len(underline) == 1 and underline[0] not in rest  # one rule, joined, taken as underline
    # the table's three rules (component_table draws them at 212, 229 and the bottom)
    table = [r for r in table_rules if r.length > 400]
    assert [round(r.y, 1) for r in table] == [212.0, 229.0, round(bottom, 1)]
    assert all(r in geometry.rules and r in rest for r in table)


# stub | 2020年 (核准, 估计) | 2021年 (核准, 估计), vertical rules between the three groups
GROUP_X = [72.0, 190.0, 360.0, 523.0]
GROUP_ROWS = [
    ("员额", "1 200.0", "1 250.5", "1 300.0", "1 310.2"),
    ("非员额", "300.4", "310.0", "320.0", "330.8"),
    ("差旅", "45.0", "47.5", "50.0", "52.1"),
    ("共计", "1 545.4", "1 608.0", "1 670.0", "1 693.1"),
]


def _draw_groups(path: Path, pieces: bool) -> None:
    sh = Sheet(path)
    sh.prose(90, ["这是表格前面的一段正文，说明下表按年份分列的资源。"])
    sh.text(sh.width / 2, 124, "表 2", 10, "centre")
    top, head, first = 132.0, 164.0, 178.0
    sh.rule(GROUP_X[0], GROUP_X[-1], top)
    for g, year in enumerate(("2020年", "2021年")):
        a, b = GROUP_X[g + 1], GROUP_X[g + 2]
        sh.text((a + b) / 2, top + 13, year, 9, "centre")
        sh.text(a + 70, top + 27, "核准", 9, "right")
        sh.text(b - 10, top + 27, "估计", 9, "right")
    sh.rule(GROUP_X[0], GROUP_X[-1], head)
    for k, (label, *values) in enumerate(GROUP_ROWS):
        base = first + 14 * k
        sh.text(GROUP_X[0] + 2, base, label, 9)
        for g in range(2):
            a, b = GROUP_X[g + 1], GROUP_X[g + 2]
            sh.text(a + 70, base, values[2 * g], 9, "right")
            sh.text(b - 10, base, values[2 * g + 1], 9, "right")
    bottom = first + 14 * len(GROUP_ROWS) - 8
    sh.rule(GROUP_X[0], GROUP_X[-1], bottom)
    c = sh.canvas
    c.setLineWidth(0.5)
    rows = [first + 14 * k - 10 for k in range(1, len(GROUP_ROWS))]
    cuts = [top, head, *rows, bottom] if pieces else [top, bottom]
    for x in GROUP_X[1:-1]:
        for y0, y1 in pairwise(cuts):
            c.line(x, sh.height - y0, x, sh.height - y1)
    sh.save()


@pytest.mark.parametrize("pieces", [False, True], ids=["whole", "row-by-row"])
def test_rules_between_column_groups_keep_the_columns_of_each_group(tmp_path: Path, pieces: bool) -> None:
    path = tmp_path / "groups.pdf"
    _draw_groups(path, pieces)
    _, tables = extract_tables(path)
    assert len(tables) == 1
    assert [r.cells for r in tables[0].rows] == [list(row) for row in GROUP_ROWS]
