"""Fully ruled grids read as drawn: pdfplumber's lattice finder (lines strategy) as the evidence.

Where a page draws a table's borders in both directions (one path per border or one short
segment per cell), the cells are exactly what is drawn: empty rows and columns stay, a cell
spanning rows or columns is one cell, a cell's text may run over several lines. This module
turns such grids into ``LatticeGrid`` objects (leaf rows x leaf columns, each drawn cell with its
span and text) and decides which top rows are the header, from what the rows hold; the wiring into
table fragments is in extract.tables.

What is *not* a grid, although pdfplumber's finder returns it:

- the edges of filled rectangles with no stroke (shading, highlight boxes, white boxes behind
  text lines) are not borders: such shapes are left out before the finder runs (``drawn_page``);
- a grid whose cells do not separate the columns of the text inside them (a cell's line holds a
  column-sized gap) is a frame around an unruled table or a partly ruled header: the caller reads
  that area with the alignment logic instead;
- a grid whose cells hold paragraphs is the page layout (boxes around prose and charts).
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

import pdfplumber

from extract.geometry import PageGeometry, is_fill
from extract.table_grid import Slot, full_line, join_lines
from extract.table_layout import PageContext, TextLine, cell_spaced, group_lines
from extract.table_regions import is_numeric
from extract.table_settings import TableSettings

_TOTAL = re.compile(r"^\s*(?:合\s*计|总\s*计|共\s*计|总\s*额|Total|TOTAL|Grand total)\b")


@dataclass(slots=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str = ""
    lines: list[TextLine] = field(default_factory=list)
    bold: bool = False
    shaded: bool = False
    spaced: bool = False  # set letter-spaced: every line one glyph per piece ("类  别")


@dataclass(slots=True)
class LatticeGrid:
    bbox: tuple[float, float, float, float]
    xs: list[float]  # the leaf columns' borders, left to right (n_cols + 1)
    n_rows: int
    n_cols: int
    cells: list[GridCell]
    header_rows: int = 0
    # the boxes of the cells as drawn (x0, top, x1, bottom): the page area the grid covers, which
    # may be less than bbox (a frame's column of prose left out beside the table)
    drawn: list[tuple[float, float, float, float]] = field(default_factory=list)

    def matrix(self) -> list[list[str]]:
        """Leaf rows x leaf columns, a spanning cell's text in its top-left position, "" elsewhere."""
        out = [[""] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


def drawn_page(page: pdfplumber.page.Page, body_size: float, settings: TableSettings):
    """The page without its fill rectangles (what is left draws rules, borders and text)."""
    return page.filter(lambda o: not is_fill(o, body_size, settings))


def _index(bounds: Sequence[float], v: float, tol: float) -> int | None:
    i = bisect.bisect_left(bounds, v - tol)
    if i < len(bounds) and abs(bounds[i] - v) <= tol:
        return i
    return None


def _cluster(values: Sequence[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def read_grid(
    table, chars: Sequence[dict], context: PageContext, shaded: Sequence[tuple[float, ...]], settings: TableSettings
) -> LatticeGrid | None:
    """One pdfplumber table as leaf rows/columns and drawn cells; None when it is not a table grid."""
    body_size = context.body_size
    boxes = [tuple(c) for c in table.cells]
    if len(boxes) < 2:
        return None
    tol = settings.grid_snap_em * body_size
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 2 or n_rows < 2:
        return None
    cells: list[GridCell] = []
    slot: dict[tuple[int, int], int] = {}
    for b in boxes:
        c0, c1, r0, r1 = _index(xs, b[0], tol), _index(xs, b[2], tol), _index(ys, b[1], tol), _index(ys, b[3], tol)
        if c0 is None or c1 is None or r0 is None or r1 is None or c1 <= c0 or r1 <= r0:
            continue
        k = len(cells)
        cells.append(GridCell(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0))
        for r in range(r0, r1):
            for c in range(c0, c1):
                slot.setdefault((r, c), k)
    # slots no drawn cell covers (a cell left open by a page break has no closing border): each
    # run of such slots down a column is one cell, so its text is not lost
    for c in range(n_cols):
        r = 0
        while r < n_rows:
            if (r, c) in slot:
                r += 1
                continue
            start = r
            while r < n_rows and (r, c) not in slot:
                slot[(r, c)] = len(cells)
                r += 1
            cells.append(GridCell(row=start, col=c, rowspan=r - start, colspan=1))
    # characters into the cell under their centre
    per_cell: dict[int, list[dict]] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        ci, ri = bisect.bisect_right(xs, cx) - 1, bisect.bisect_right(ys, cy) - 1
        if 0 <= ci < n_cols and 0 <= ri < n_rows and (ri, ci) in slot:
            per_cell.setdefault(slot[(ri, ci)], []).append(ch)
    gapped = 0
    filled = 0
    for k, cell in enumerate(cells):
        cs = per_cell.get(k, [])
        if not cs:
            continue
        lines = group_lines(cs, settings)
        if not lines:
            continue
        filled += 1
        cell.lines = lines
        parts = [(" " if s.lead_space else "") + s.text for ln in lines for s in ln.segs]
        cell.text = join_lines(parts, cell_spaced(parts, context.cjk_latin_space)).strip()
        # a gap inside a cell's line splits two columns of text, unless every piece is one glyph
        # (a label set letter-spaced, "类  别")
        if any(len(ln.segs) > 1 and any(len(sg.text.strip()) > 1 for sg in ln.segs) for ln in lines):
            gapped += 1
        segs = [s for ln in lines for s in ln.segs]
        cell.bold = all(s.bold for s in segs)
        cell.spaced = all(len(ln.segs) > 1 and all(len(sg.text.strip()) == 1 for sg in ln.segs) for ln in lines)
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
        cell.shaded = any(
            f[0] <= x0 + tol and f[2] >= x1 - tol and f[1] <= y0 + tol and f[3] >= y1 - tol for f in shaded
        )
        # a paragraph in a cell: the grid is page layout (boxes around prose), not a table
        widths = [ln.x1 - ln.x0 for ln in lines]
        if len(lines) > settings.layout_cell_lines and statistics.median(widths) > settings.layout_line_em * ln_size(
            lines
        ):
            # a paragraph down the whole left or right edge stands beside the table inside the same
            # frame: the grid without that column may still be a table
            if cell.rowspan == n_rows and (cell.col == 0 or cell.col + cell.colspan == n_cols):
                return _without_columns(table, xs, cell.col, cell.col + cell.colspan, chars, context, shaded, settings)
            return None
    if not filled:
        return None
    # cells that do not separate the text's columns: the drawing is not the table's grid
    if gapped > settings.gapped_cell_share * filled:
        return None
    drawn = [(float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in table.cells]
    grid = LatticeGrid(bbox=tuple(table.bbox), xs=xs, n_rows=n_rows, n_cols=n_cols, cells=cells, drawn=drawn)
    grid.header_rows = header_rows(grid)
    _paragraphs(grid, context)
    return grid


def _paragraphs(grid: LatticeGrid, context: PageContext) -> None:
    """Body cells set flush left whose text runs over several paragraphs: a line that ends short of
    where the column's lines wrap (the next line's first word would have fitted) ends a paragraph,
    kept as "\\n" as the alignment reading keeps it (header cells are labels: never split)."""
    ends: dict[int, list[tuple[float, float]]] = {}
    for cell in grid.cells:
        if cell.colspan == 1 and cell.row >= grid.header_rows:
            ends.setdefault(cell.col, []).extend((ln.x1, ln.size) for ln in cell.lines)
    for cell in grid.cells:
        lines = cell.lines
        if cell.colspan != 1 or cell.row < grid.header_rows or len(lines) < 2 or cell.col not in ends:
            continue
        size = ln_size(lines)
        if max(ln.x0 for ln in lines) - min(ln.x0 for ln in lines) > 0.3 * size:
            continue  # centred or ragged left: where a line ends says nothing of a paragraph
        e = sorted(ends[cell.col], reverse=True)
        wrap = e[0][0] if len(e) >= 2 and e[0][0] - e[1][0] <= e[0][1] else e[0][0] + 0.5 * e[0][1]
        x0, x1 = grid.xs[cell.col], grid.xs[cell.col + 1]
        slot = Slot(x0, x1, min(ln.x0 for ln in lines), max(ln.x1 for ln in lines), wrap)
        paras: list[list[str]] = [[]]
        for k, ln in enumerate(lines):
            if k and not full_line(lines[k - 1].segs[-1], ln.segs[0], slot):
                paras.append([])
            paras[-1].extend((" " if sg.lead_space else "") + sg.text for sg in ln.segs)
        if len(paras) > 1:
            spaced = cell_spaced((t for p in paras for t in p), context.cjk_latin_space)
            cell.text = "\n".join(join_lines(p, spaced).strip() for p in paras)


@dataclass(slots=True)
class _Cells:
    """The part of a pdfplumber table that ``read_grid`` reads: its cells and bounding box."""

    cells: list[tuple[float, float, float, float]]
    bbox: tuple[float, float, float, float]


def _without_columns(
    table,
    xs: Sequence[float],
    c0: int,
    c1: int,
    chars: Sequence[dict],
    context: PageContext,
    shaded: Sequence[tuple[float, ...]],
    settings: TableSettings,
) -> LatticeGrid | None:
    """The grid of ``table`` with its leaf columns c0..c1 (an edge run) and their text left out."""
    lo, hi = xs[c0], xs[c1]
    tol = settings.grid_snap_em * context.body_size
    cells = [tuple(b) for b in table.cells if b[0] >= hi - tol or b[2] <= lo + tol]
    if len(cells) < 2 or len(cells) == len(table.cells):
        return None
    bbox = (min(b[0] for b in cells), min(b[1] for b in cells), max(b[2] for b in cells), max(b[3] for b in cells))
    kept = [ch for ch in chars if bbox[0] <= (ch["x0"] + ch["x1"]) / 2 <= bbox[2]]
    return read_grid(_Cells(cells, bbox), kept, context, shaded, settings)


def ln_size(lines: Sequence[TextLine]) -> float:
    return statistics.median([ln.size for ln in lines]) or 1.0


def _row_cells(grid: LatticeGrid, r: int) -> list[GridCell]:
    return [c for c in grid.cells if c.row == r]


def header_rows(grid: LatticeGrid) -> int:
    """How many top leaf rows are the header, judged from what the rows hold.

    The header ends at the first row that carries a number in a cell of its own; in a table with
    no numbers at all (an empty template, a text table) it ends at the first empty row, or it is
    the first row when that row is set apart by weight, shading or letter-spacing from the row under
    it. A cell that starts in the header and spans further down takes the header down with it, unless the
    rows it reaches carry numbers. Never every row."""
    n = grid.n_rows
    numeric = [any(is_numeric(c.text) for c in _row_cells(grid, r) if c.text) for r in range(n)]
    empty = [not any(c.text for c in _row_cells(grid, r)) for r in range(n)]
    if any(numeric):
        h = numeric.index(True)
    else:
        h = 0
        for r in range(n):
            label = next((c.text for c in _row_cells(grid, r) if c.col == 0 and c.text), "")
            if empty[r] or _TOTAL.match(label):
                break
            h = r + 1
        if h >= n:
            first, second = _row_cells(grid, 0), _row_cells(grid, 1)
            styled = any(c.text for c in first) and (
                (all(c.bold for c in first if c.text) and not all(c.bold for c in second if c.text))
                or (any(c.shaded for c in first) and not any(c.shaded for c in second))
                or (all(c.spaced for c in first if c.text) and not all(c.spaced for c in second if c.text))
            )
            h = 1 if styled else 0
    # a header set apart by shading ends with the shading: an unshaded row under shaded top rows
    # with text in its first cell only (a section row without numbers) is body
    shaded_row = [any(c.shaded for c in _row_cells(grid, r) if c.text) for r in range(n)]
    if h > 1 and shaded_row[0]:
        plain = [r for r in range(1, h) if not shaded_row[r] and [c.col for c in _row_cells(grid, r) if c.text] == [0]]
        if plain:
            h = plain[0]
    # a header cell spanning further down keeps the rows it covers in the header
    changed = True
    while changed and 0 < h < n:
        changed = False
        for c in grid.cells:
            if c.row < h < c.row + c.rowspan and c.text and not any(numeric[h : c.row + c.rowspan]):
                h = min(c.row + c.rowspan, n - 1)
                changed = True
    return min(h, n - 1)


def find_grids(
    page: pdfplumber.page.Page,
    chars: Sequence[dict],
    context: PageContext,
    settings: TableSettings,
    geometry: PageGeometry,
) -> list[LatticeGrid]:
    """Every fully ruled table grid on ``page`` (fills left out), nested frames dropped; the
    shaded cells (header evidence) come from the page's ``geometry``."""
    body_size = context.body_size
    drawn = drawn_page(page, body_size, settings)
    shaded = [f.bbox for f in geometry.shades(body_size, settings)]
    closing = open_ends(drawn.edges, body_size, settings)
    found = drawn.find_tables(
        {
            "vertical_strategy": "lines",
            "horizontal_strategy": "lines",
            "explicit_horizontal_lines": closing["h"],
            "explicit_vertical_lines": closing["v"],
        }
    )
    grids = [g for g in (read_grid(t, chars, context, shaded, settings) for t in found) if g is not None]
    # a grid drawn around other grids is a frame: keep the inner ones
    out = []
    for g in grids:
        inner = [o for o in grids if o is not g and _contains(g.bbox, o.bbox)]
        if not inner:
            out.append(g)
    return sorted(out, key=lambda g: (g.bbox[1], g.bbox[0]))


def open_ends(edges: Sequence[dict], body_size: float, settings: TableSettings) -> dict[str, list[dict]]:
    """Closing borders a grid leaves undrawn, so the cells along them exist.

    Rows cut by a page break: at least three vertical borders end at the same height, no
    horizontal border is drawn there and none of them goes on past it: a horizontal border is
    added there. Open sides (a grid drawn without its outer left or right border): at least three
    horizontal borders end at the same x, unmet by any vertical one, while vertical borders stand
    inside them: a vertical border is added there."""
    tol = settings.grid_snap_em * body_size
    # a rule drawn as a thin box has two short sides: no borders of their own
    vs = [
        (e["x0"], e["top"], e["bottom"]) for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] > tol
    ]
    hs = [(e["top"], e["x0"], e["x1"]) for e in edges if e.get("orientation") == "h" and e["x1"] - e["x0"] > tol]
    out: dict[str, list[dict]] = {"h": [], "v": []}
    for pos, lo, hi in _unmet_ends(vs, hs, tol):
        out["h"].append(
            {"object_type": "line", "x0": lo, "x1": hi, "top": pos, "bottom": pos, "width": hi - lo, "height": 0.0}
        )
    # only horizontal borders that meet a vertical one somewhere belong to a grid (a running
    # header's rule or a heading's underline across the column meets none)
    met = [h for h in hs if any(h[1] - tol <= v[0] <= h[2] + tol and v[1] - tol <= h[0] <= v[2] + tol for v in vs)]
    for pos, lo, hi in _unmet_ends(hs, vs, tol, counted=met):
        inner = [v for v in vs if lo - tol <= v[1] and v[2] <= hi + tol]
        if not inner:
            continue
        out["v"].append(
            {"object_type": "line", "x0": pos, "x1": pos, "top": lo, "bottom": hi, "width": 0.0, "height": hi - lo}
        )
    return out


def _unmet_ends(
    along: Sequence[tuple[float, float, float]],
    cross: Sequence[tuple[float, float, float]],
    tol: float,
    counted: Sequence[tuple[float, float, float]] | None = None,
) -> list[tuple[float, float, float]]:
    """Where at least three ``along`` borders (position, start, end) end at the same coordinate with
    no ``cross`` border meeting any of them there and none going on past it: (coordinate, lo, hi)
    of the missing cross border. Only the ``counted`` borders (default: all) count as ends."""
    out = []
    pool = along if counted is None else counted
    for side in (1, 2):
        for c in _cluster([a[side] for a in pool], tol):
            ends = [
                a
                for a in pool
                if abs(a[side] - c) <= tol
                and not any(abs(x[0] - c) <= tol and x[1] - tol <= a[0] <= x[2] + tol for x in cross)
            ]
            if len(ends) < 3:
                continue
            lo, hi = min(a[0] for a in ends), max(a[0] for a in ends)
            if side == 2:
                on = [a for a in along if lo - tol <= a[0] <= hi + tol and a[1] <= c + tol < a[2] - tol]
            else:
                on = [a for a in along if lo - tol <= a[0] <= hi + tol and a[1] + tol < c - tol <= a[2]]
            if not on:
                out.append((c, lo, hi))
    return out


def _contains(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] - 1 <= b[0] and a[1] - 1 <= b[1] and b[2] <= a[2] + 1 and b[3] <= a[3] + 1


def is_total(text: str) -> bool:
    return bool(_TOTAL.match(text or ""))
