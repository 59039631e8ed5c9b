"""Tables from the page's own structure: regions, columns, header tree, rows, cells.

The chain (each step a pure function in extract/table_*.py):

    page chars  -> text lines/segments      table_layout.group_lines
    page graphics -> rules of both directions geometry.read_geometry / table_layout.find_rules
    rules+lines -> table regions             table_regions.find_regions
    region      -> leaf columns              table_grid.column_bands / make_slots
    region      -> header tree               table_grid.header_blocks / header_grid
    region      -> body rows and cells       table_grid.group_rows / cell_texts / row_kinds

``extract_page_tables`` wires them for one page; ``stitch_tables`` joins fragments continued
over page breaks and assigns stable keys.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

import pdfplumber

from extract.dedupe import dedupe_page
from extract.geometry import PageGeometry, read_geometry
from extract.models import BBox, HeaderCell, Table, TableFragment, TableRow
from extract.normalise import normalise_text
from extract.table_captions import attach_captions_below, caption_in_top_band
from extract.table_grid import (
    SUBTOTAL_RE,
    RawRow,
    cell_texts,
    column_bands,
    group_rows,
    header_blocks,
    header_grid,
    indent_levels,
    join_lines,
    make_slots,
    row_kinds,
    slot_of,
)
from extract.table_lattice import LatticeGrid, find_grids, is_total
from extract.table_layout import (
    PageContext,
    TextLine,
    band_rows,
    find_rules,
    group_lines,
    page_chars,
    page_context,
    split_at_gutters,
)
from extract.table_regions import (
    NOTE_RE,
    Region,
    find_regions,
    foot_captions,
    is_numeric,
    scan_above,
    scan_notes,
)
from extract.table_settings import TableSettings
from extract.table_zebra import zebra_regions

__all__ = ["RawTableRow", "TableSettings", "extract_page_tables", "fragment_from_region", "stitch_tables"]

_DEFAULT = TableSettings()


@dataclass(slots=True)
class RawTableRow(TableRow):
    """A body row whose ``cells`` are normalised (extract.normalise) and ``raw_cells`` as printed."""

    raw_cells: list[str]
    open_end: bool = False  # the row's last line ran to the column edges (may continue overleaf)
    # drawn grids: where the row label's text starts, in text sizes from the grid's left border
    # (indent levels are judged again over all the pages of the table)
    label_em: float | None = None
    # rule- and alignment-read tables: where the row label's text starts, in text sizes from the
    # table's left edge (a row overleaf takes the level of the rows above that start there)
    label_at: float | None = None


def extract_page_tables(
    page: pdfplumber.page.Page,
    page_number: int,
    settings: TableSettings = _DEFAULT,
    geometry: PageGeometry | None = None,
    deduped: list[dict] | None = None,
) -> list[TableFragment]:
    """Every table fragment printed on ``page`` (1-based ``page_number``), top to bottom.

    Glyphs printed twice at the same place (bold by overprint) are read once. Fully ruled grids
    are read as drawn (extract.table_lattice); the rest of the page by rules and alignment.
    ``geometry``: the page's rules as extract.geometry read them (read here when None);
    ``deduped``: the page's glyphs read once (``extract.dedupe.dedupe_chars`` of ``page.chars``,
    computed here when None)."""
    if geometry is None:
        geometry = read_geometry(page, settings=settings)
    page = dedupe_page(page, deduped=deduped)  # page.dedupe_chars(), in linear time
    chars = page_chars(page.chars, page.height, settings)
    if not chars:
        return []
    lines = group_lines(chars, settings)
    extra = band_rows(page.chars, page.height, lines, settings)
    if extra:
        # a table's rows printed in the margin band (no running lines found there): on this page
        # the band ends beyond them, so every step below reads them as body lines
        edge = min(min(ln.top, page.height - ln.bottom) for ln in extra) / page.height
        settings = replace(settings, margin_band=max(edge, 0.001))
        lines = sorted([*lines, *extra], key=lambda ln: ln.top)
    context = page_context(lines, settings)
    body_size = context.body_size
    # a drawn grid's cells hold table text wherever the grid stands: a row printed in the margin
    # band (a table run down to the page foot, its header repeated at the page head) is a row
    grids = find_grids(page, page_chars(page.chars, page.height, settings, bands=True), context, settings, geometry)
    inside = [g.bbox for g in grids]
    free = [ln for ln in lines if not _in_any(ln, inside)]
    out: list[TableFragment] = []
    taken: set[int] = set()
    page_rules = find_rules(geometry, page.height, body_size, settings)[0] if grids else []
    for grid in grids:
        frag, used = _lattice_fragment(grid, lines, free, page.height, body_size, page_number, settings, page_rules)
        out.append(frag)
        taken.update(id(ln) for ln in used)
    rest = [ln for ln in free if id(ln) not in taken]
    boxes = [f.bbox for f in out]
    rules, vrules = find_rules(geometry, page.height, body_size, settings, exclude=boxes)
    rest = split_at_panels(rest, rules, body_size, settings)
    regions = find_regions(rest, rules, vrules, page.height, body_size, settings, lambda: geometry.shapes)
    for r in regions:
        frag = fragment_from_region(r, page_number, settings, context)
        out.extend(split_repeated(frag, [*r.header_lines, *r.body_lines]))
    left = [ln for ln in rest if not _in_any(ln, [f.bbox for f in out])]
    for r in zebra_regions(geometry, page.height, left, left, [f.bbox for f in out], lines, body_size, settings):
        out.append(fragment_from_region(r, page_number, settings, context))
    attach_captions_below(out, lines, settings)
    caption_in_top_band(out, page.chars, page.height, lines, body_size, settings)
    feet = foot_captions(rest, [f.bbox for f in out], body_size, settings)
    out.extend(_caption_fragment(r, page_number) for r in feet)
    joined = _join_header_only(sorted(out, key=lambda f: (f.bbox[1], f.bbox[0])))
    for f in joined:
        f.closes_page = not any(_follows(ln, f, joined) and not settings.larger(body_size, ln.size) for ln in lines)
    # a run of one-cell lines (a sidebar's sections, chart labels) is no table; a short piece may
    # be the end of a table overleaf or before it, and a header naming several columns over
    # one-cell rows (paragraph rows of a table continued overleaf) is a table's
    return [
        f
        for f in joined
        if f.number is not None or f.col_edges or len(f.rows) < 4 or _filled_rows(f) >= 2 or _named_columns(f) >= 2
    ]


def _named_columns(frag: TableFragment) -> int:
    """Leaf columns of a fragment's header with a printed name over them."""
    return len({c.col for row in frag.header for c in row if c.text and c.colspan == 1})


# two row labels of a drawn grid whose text starts closer than this share of the text size apart
# stand at the same indent level (an indent step is about one em or more)
_INDENT_STEP_EM = 0.4


def _lattice_starts(grid: LatticeGrid, size: float) -> list[float | None]:
    """Where the first cell's text of every body row of a drawn grid starts, in text sizes from
    the grid's left border; None for every row when the first column holds numbers, not labels."""
    h = grid.header_rows
    starts: dict[int, float] = {}
    labels: list[str] = []
    for c in grid.cells:
        if c.col == 0 and c.row >= h and c.lines and c.text:
            starts[c.row] = (min(ln.x0 for ln in c.lines) - grid.xs[0]) / size
            labels.append(c.text)
    if not labels or sum(not is_numeric(t) for t in labels) < 0.5 * len(labels):
        return [None] * (grid.n_rows - h)
    return [starts.get(r) for r in range(h, grid.n_rows)]


def _levels(starts: Sequence[float | None]) -> list[int]:
    """Indent level of each row label from where it starts (in text sizes): the distinct starts,
    left to right, are the levels; 0 where unknown."""
    levels: list[float] = []
    for x in sorted(x for x in starts if x is not None):
        if not levels or x - levels[-1] > _INDENT_STEP_EM:
            levels.append(x)
    return [0 if x is None else max(i for i, lv in enumerate(levels) if lv <= x + _INDENT_STEP_EM) for x in starts]


def _mark_group_rows(rows: Sequence[TableRow]) -> None:
    """A row with values whose next row is indented under it is a group subtotal."""
    for a, b in pairwise(rows):
        if a.kind == "data" and any(a.cells[1:]) and b.indent > a.indent and b.kind != "section":
            a.kind = "subtotal"


def _reindent(table: Table) -> None:
    """Indent levels of a drawn grid's rows judged over all its pages (a page may show only the
    deeper rows), then group subtotals again."""
    starts = [r.label_em if isinstance(r, RawTableRow) else None for r in table.rows]
    if table.page_first == table.page_last or all(x is None for x in starts):
        return
    for row, level, start in zip(table.rows, _levels(starts), starts, strict=True):
        if start is not None:
            row.indent = level
    _mark_group_rows(table.rows)


def _carry_levels(table: Table) -> None:
    """A row on a later page of a table read by rules and alignment takes the indent level of the
    nearest earlier row whose label starts where its label starts (a page showing few rows cannot
    tell their level by itself), then group subtotals again."""
    if table.page_first == table.page_last:
        return
    changed = False
    for i, row in enumerate(table.rows):
        if not isinstance(row, RawTableRow) or row.label_at is None or row.page == table.page_first:
            continue
        for above in reversed(table.rows[:i]):
            if (
                above.page < row.page
                and isinstance(above, RawTableRow)
                and above.label_at is not None
                and abs(above.label_at - row.label_at) <= _INDENT_STEP_EM
            ):
                changed = changed or above.indent != row.indent
                row.indent = above.indent
                break
    if changed:
        _mark_group_rows(table.rows)


def _follows(ln: TextLine, frag: TableFragment, frags: Sequence[TableFragment]) -> bool:
    """``ln`` stands below ``frag`` on the page, outside every table."""
    return ln.top > frag.bbox[3] and not _in_any(ln, [f.bbox for f in frags])


def _placed_caption(region: Region, page_number: int) -> dict[str, Any]:
    """The fields of a fragment read off its region's caption lines, with its page and box."""
    return {
        "page": page_number,
        "bbox": region.bbox(),
        "areas": region.areas(),
        "number": region.number,
        "part": normalise_text(_line_text(region.part_line) or "") or None,
        "title": _title(region),
        "unit": normalise_text(_line_text(region.unit_line) or "") or None,
    }


def _caption_fragment(region: Region, page_number: int) -> TableFragment:
    """A caption closing the page, its table overleaf: no header, no rows yet."""
    return TableFragment(
        **_placed_caption(region, page_number),
        header=[],
        rows=[],
        n_cols=1,
        confidence=0.5,
        problems=["the caption closes the page and no table follows it"],
    )


def _filled_rows(frag: TableFragment) -> int:
    """Body rows with at least two non-empty cells."""
    return sum(1 for r in frag.rows if sum(1 for c in r.cells if c) >= 2)


def _join_header_only(frags: list[TableFragment]) -> list[TableFragment]:
    """A fragment with a header and no rows, directly above a headerless fragment of as many columns
    in the same column of the page, is that fragment's header (a rule drawn under the header)."""
    out: list[TableFragment] = []
    for f in frags:
        if f.header or not f.rows:
            out.append(f)
            continue
        above = next(
            (
                o
                for o in reversed(out)
                if o.header
                and not o.rows
                and o.n_cols == f.n_cols
                and o.page == f.page
                and min(o.bbox[2], f.bbox[2]) - max(o.bbox[0], f.bbox[0]) > 0.5 * (f.bbox[2] - f.bbox[0])
                and o.bbox[3] <= f.bbox[1] + 1
            ),
            None,
        )
        if above is None:
            out.append(f)
            continue
        above.rows = f.rows
        above.cover(*(f.areas or [f.bbox]))
        above.notes.extend(f.notes)
    return out


def _matrix(frag: TableFragment) -> list[list[str]]:
    rows: list[list[str]] = []
    if frag.header:
        n = max(c.row + c.rowspan for row in frag.header for c in row)
        rows = [[""] * frag.n_cols for _ in range(n)]
        for row in frag.header:
            for c in row:
                rows[c.row][c.col] = c.text
    return rows + [list(r.cells) for r in frag.rows]


def _pattern(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in row]


def split_repeated(frag: TableFragment, lines: Sequence[TextLine] = ()) -> list[TableFragment]:
    """Tables set side by side or stacked without rules between them, read as one grid, apart.

    The evidence is a repeated column-header pattern: a row whose label cell is text and whose
    other cells repeat the first row's (years, periods) starts a table; the same pattern repeated
    further right on one row puts two tables side by side. Each piece's first row is its header.
    Each piece's box spans its own columns and its rows, from its header line (found among the
    grid's ``lines``) down to the next piece's in the same columns."""
    matrix = _matrix(frag)
    n = frag.n_cols
    if frag.col_edges or n < 5 or len(matrix) < 4:
        return [frag]

    def heads(row: list[str], a: int, b: int) -> bool:
        label, rest = row[a], _pattern(row[a + 1 : b])
        return bool(label) and not is_numeric(label) and len(rest) >= 2 and all(rest)

    first = matrix[0]
    bands = [(0, n)]
    for j in range(3, n - 1):
        if heads(first, 0, j) and heads(first, j, n) and _pattern(first[1:j]) == _pattern(first[j + 1 :]):
            bands = [(0, j), (j, n)]
            break
    pieces: list[list[list[str]]] = []
    spans: list[tuple[int, int]] = []
    for a, b in bands:
        sub = [r[a:b] for r in matrix]
        pat = _pattern(sub[0][1:])
        if not heads(sub[0], 0, b - a):
            return [frag]
        cur: list[list[str]] = []
        for r in sub:
            if cur and heads(r, 0, b - a) and _pattern(r[1:]) == pat:
                pieces.append(cur)
                spans.append((a, b))
                cur = []
            cur.append(r)
        pieces.append(cur)
        spans.append((a, b))
    if len(pieces) < 2:
        return [frag]
    boxes = _piece_boxes(frag, pieces, spans, lines)
    out: list[TableFragment] = []
    for piece, box in zip(pieces, boxes, strict=True):
        body = [r for r in piece[1:] if any(r)]
        width = len(piece[0])
        header = [[HeaderCell(text=t, row=0, col=j) for j, t in enumerate(piece[0]) if t]]
        rows: list[TableRow] = []
        for r in body:
            label = r[0]
            kind = "total" if is_total(label) else ("section" if label and not any(r[1:]) else "data")
            rows.append(RawTableRow(kind=kind, indent=0, cells=list(r), page=frag.page, raw_cells=list(r)))
        out.append(
            TableFragment(
                page=frag.page,
                bbox=box,
                areas=[box],
                number=frag.number if not out else None,
                part=None,
                title=frag.title if not out else None,
                unit=frag.unit if not out else None,
                header=header,
                rows=rows,
                n_cols=width,
                notes=list(frag.notes) if len(out) == len(pieces) - 1 else [],
                continued=False,
                confidence=frag.confidence,
                problems=[*frag.problems, "told apart from a grid shared with other tables (repeated header)"],
            )
        )
    return out


def _piece_boxes(
    frag: TableFragment, pieces: list[list[list[str]]], spans: list[tuple[int, int]], lines: Sequence[TextLine]
) -> list[BBox]:
    """The box of each piece of a grid told apart: its columns' extent (the grid's where its columns'
    text extents are unknown) and the rows from its header line to the next piece's header line in
    the same columns (the grid's top for the first piece: the caption stays with it)."""
    x0, top, x1, bottom = frag.bbox
    tops: list[float] = []
    for k, (piece, (a, b)) in enumerate(zip(pieces, spans, strict=True)):
        px0, px1 = (frag.col_bands[a][0], frag.col_bands[b - 1][1]) if len(frag.col_bands) == frag.n_cols else (x0, x1)
        label = _pattern(piece[0][:1])[0]
        first_of_band = k == 0 or spans[k - 1] != (a, b)
        found = [
            ln.top
            for ln in lines
            if ln.x1 > px0
            and ln.x0 < px1
            and any(_pattern([sg.text])[0] == label and px0 - 1 <= sg.x0 <= px1 for sg in ln.segs)
        ]
        earlier = tops[-1] if not first_of_band else top
        later = [t for t in found if t > earlier + 0.5]
        tops.append(top if first_of_band or not later else min(later))
    boxes: list[BBox] = []
    for k, (a, b) in enumerate(spans):
        px0, px1 = (frag.col_bands[a][0], frag.col_bands[b - 1][1]) if len(frag.col_bands) == frag.n_cols else (x0, x1)
        nxt = next((tops[j] for j in range(k + 1, len(spans)) if spans[j] == (a, b)), None)
        boxes.append((min(px0, x0) if a == 0 else px0, tops[k], max(px1, x1) if b == frag.n_cols else px1,
                      bottom if nxt is None else nxt - 0.5))  # fmt: skip
    return boxes


def split_at_panels(lines: list[TextLine], rules: list, body_size: float, settings: TableSettings) -> list[TextLine]:
    """Text lines cut where a panel of rules ends and another column of text goes on beside it.

    Where at least three horizontal rules end at the same x (a box of rules narrower than the text
    beside it: a sidebar, two boxes side by side) and no text crosses that x on the lines the box
    spans, each such line is two lines, one per side, so neither table takes the other's cells."""
    if not rules or not lines:
        return lines
    ends: dict[float, list] = {}
    for r in rules:
        for x in (r.x0, r.x1):
            key = next((k for k in ends if abs(k - x) <= settings.rule_join_em * body_size), x)
            ends.setdefault(key, []).append(r)
    out = list(lines)
    # the text column's left edge (where most lines start): rules that end there frame a box as
    # wide as the column, and what stands left of it is the margin's (hanging paragraph numbers),
    # not a column of text beside the box
    starts = Counter(round(ln.x0) for ln in lines)
    column_left = max(starts.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    for x, rs in ends.items():
        if len(rs) < 3 or abs(x - column_left) <= settings.x_slack_em * body_size:
            continue
        size = statistics.median([ln.size for ln in out])
        top = min(r.y for r in rs) - settings.caption_gap * size
        bottom = max(r.y for r in rs) + settings.row_gap * size
        order = sorted(out, key=lambda ln: ln.top)
        inside = [i for i, ln in enumerate(order) if top <= ln.top and ln.bottom <= bottom]
        if not inside or any(_crosses(order[i], x) for i in inside):
            continue
        # the gutter goes on above and below the box while no text crosses it
        lo, hi = inside[0], inside[-1]
        while lo > 0 and not _crosses(order[lo - 1], x):
            lo -= 1
        while hi + 1 < len(order) and not _crosses(order[hi + 1], x):
            hi += 1
        band = order[lo : hi + 1]
        both = [ln for ln in band if any(_ink_x1(s) <= x for s in ln.segs) and any(s.x0 >= x for s in ln.segs)]
        if not both:
            continue
        split: list[TextLine] = []
        for ln in out:
            if ln in both:
                split.append(TextLine(top=ln.top, bottom=ln.bottom, segs=[s for s in ln.segs if _ink_x1(s) <= x]))
                split.append(TextLine(top=ln.top, bottom=ln.bottom, segs=[s for s in ln.segs if s.x0 >= x]))
            else:
                split.append(ln)
        out = split
    return sorted(out, key=lambda ln: (ln.top, ln.x0))


def _crosses(ln: TextLine, x: float) -> bool:
    return any(s.x0 < x < _ink_x1(s) for s in ln.segs)


def _ink_x1(seg) -> float:
    """Right end of a segment's last printed character (a trailing space is no ink)."""
    inked = [c[1] for c in seg.chars if c[2].strip()]
    return max(inked) if inked else seg.x1


def _in_any(ln: TextLine, boxes: Sequence[tuple[float, ...]]) -> bool:
    cx, cy = (ln.x0 + ln.x1) / 2, (ln.top + ln.bottom) / 2
    return any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


def _lattice_fragment(
    grid: LatticeGrid,
    lines: list[TextLine],
    free: list[TextLine],
    page_height: float,
    body_size: float,
    page_number: int,
    settings: TableSettings,
    rules: Sequence = (),
) -> tuple[TableFragment, list[TextLine]]:
    """A fragment from a drawn grid: header cells with their spans, body rows, caption and notes
    (down to a rule under the grid: ``rules``, the page's horizontal rules)."""
    x0, top, x1, bottom = grid.bbox
    inner = [ln for ln in lines if _in_any(ln, [grid.bbox])]
    region = Region(x0=x0, x1=x1, top_y=top, header_bottom=None, bottom_y=bottom, body_lines=inner)
    tsize = statistics.median([ln.size for ln in inner]) if inner else body_size
    scan_above(region, free, tsize, settings)
    scan_notes(region, free, tsize, settings, rules)
    body_top = settings.body_span(page_height)[0]
    first_top = region.bbox()[1]
    at_top = not any(ln.bottom < first_top - 0.5 and ln.top >= body_top for ln in lines)
    h = grid.header_rows
    header: list[list[HeaderCell]] = [[] for _ in range(h)]
    for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        if c.row < h:
            header[c.row].append(
                HeaderCell(
                    text=normalise_text(c.text),
                    row=c.row,
                    col=c.col,
                    colspan=c.colspan,
                    rowspan=min(c.rowspan, h - c.row),
                )
            )
    matrix = grid.matrix()
    body = matrix[h:]
    starts = _lattice_starts(grid, tsize)
    indents = _levels(starts)
    kinds: list[str] = []
    for raw in body:
        label = next((t for t in raw if t), "")
        # a row with its first cell alone filled (no values) heads the rows under it
        section = bool(raw) and bool(raw[0]) and not any(t for t in raw[1:]) and not is_total(label)
        subtotal = bool(raw) and bool(SUBTOTAL_RE.match(raw[0]))
        kinds.append("subtotal" if subtotal else "total" if is_total(label) else "section" if section else "data")
    rows: list[TableRow] = [
        RawTableRow(
            kind=kind,
            indent=indent,
            cells=[normalise_text(t) for t in raw],
            page=page_number,
            raw_cells=list(raw),
            label_em=start,
        )
        for raw, kind, indent, start in zip(body, kinds, indents, starts, strict=True)
    ]
    _mark_group_rows(rows)
    problems: list[str] = []
    confidence = 1.0
    if h == 0 and not at_top:
        problems.append("no header found")
        confidence -= 0.2
    frag = TableFragment(
        **_placed_caption(region, page_number),
        header=[r for r in header if r],
        rows=rows,
        n_cols=grid.n_cols,
        notes=_notes(region.note_lines),
        continued=region.caption is None and not region.title_lines and region.part_line is None and at_top,
        leads_page=region.caption is None and at_top,
        confidence=round(confidence, 3),
        problems=problems,
        col_edges=list(grid.xs),
    )
    if grid.drawn:
        frag.areas = [*grid.drawn, *region.areas()[1:]]
    used = [
        ln for ln in [region.caption, region.unit_line, region.part_line, *region.title_lines, *region.note_lines] if ln
    ]
    return frag, used


def _line_text(ln: TextLine | None, drop_small: bool = False) -> str | None:
    if ln is None:
        return None
    size = ln.size
    segs = [s for s in ln.segs if not drop_small or s.size >= 0.8 * size]
    return join_lines([s.text for s in segs]).strip() or None


def _title(region: Region) -> str | None:
    if not region.title_lines and not region.caption_title:
        return None
    parts = [_line_text(ln, drop_small=True) or "" for ln in region.title_lines]
    if region.caption_title:
        parts.insert(0, region.caption_title)
    text = join_lines(parts)
    # a table-footnote marker printed after the title ("员额变动 a") is not part of it
    text = re.sub(r"\s+[a-z*†‡]$", "", text)
    return normalise_text(text) or None


def _notes(lines: list[TextLine]) -> list[str]:
    notes: list[str] = []
    for ln in lines:
        t = join_lines([s.text for s in ln.segs])
        if not notes or NOTE_RE.match(t):
            notes.append(t)
        else:
            notes[-1] = join_lines([notes[-1], t])
    return [normalise_text(n) for n in notes]


def fragment_from_region(
    region: Region, page_number: int, settings: TableSettings = _DEFAULT, context: PageContext | None = None
) -> TableFragment:
    """Cells, header and rows of one region (the thin wiring of the grid functions); ``context``: what
    the region's page shows (extract.table_layout.page_context; none measured: no space is put
    where a wrapped cell line broke between an ideograph and a Latin letter)."""
    problems = list(region.problems)
    confidence = 1.0
    header, body = region.header_lines, region.body_lines
    inner_rules = [r for r in region.rules if region.top_y + 0.5 < r.y]
    split_at_gutters(body, settings)
    bands = column_bands(body, header, region, settings)
    if not bands:
        bands = [(region.x0, region.x1)]
    slots = make_slots(bands, region, body)
    n_cols = len(slots)
    blocks = header_blocks(
        header,
        slots,
        [r for r in region.rules if region.top_y + 0.5 < r.y < (region.header_bottom or region.top_y) - 0.5],
        settings,
    )
    header_rows, labels, hp = header_grid(blocks, n_cols)
    problems.extend(hp)
    # the first column is a row-label column when it holds text that is not a number
    label_segs = [ln.segs[0] for ln in body if ln.segs and slot_of(ln.segs[0], slots) == 0]
    has_label = (
        n_cols > 1 and bool(label_segs) and sum(not is_numeric(s.text) for s in label_segs) >= 0.5 * len(label_segs)
    )
    raw_rows = group_rows(body, slots, inner_rules, has_label)
    cjk_latin_space = context.cjk_latin_space if context is not None else False
    texts = [cell_texts(r, n_cols, cjk_latin_space) for r in raw_rows]
    keep = [i for i, t in enumerate(texts) if any(t)]
    raw_rows = [raw_rows[i] for i in keep]
    texts = [texts[i] for i in keep]
    ref_x0 = None
    if blocks:
        first = [b for b in blocks if b.slots and b.slots[0] == 0 and len(b.slots) == 1]
        if first:
            ref_x0 = first[0].x0
    body_size = statistics.median(ln.size for ln in body) if body else 0.0
    indents = indent_levels(raw_rows, ref_x0 if has_label else None, settings.indent_em * body_size)
    if not has_label:
        indents = [0] * len(raw_rows)
    kinds = row_kinds(texts, raw_rows, indents, has_label)
    rows: list[TableRow] = [
        RawTableRow(
            kind=k,
            indent=i,
            cells=[normalise_text(c) for c in t],
            page=page_number,
            raw_cells=t,
            open_end=r.open_end,
            label_at=_label_at(r, region) if has_label else None,
        )
        for k, i, t, r in zip(kinds, indents, texts, raw_rows, strict=True)
    ]
    # confidence: what could not be recovered with certainty
    if n_cols < 2:
        confidence -= 0.5
        problems.append("fewer than two columns found")
    if not rows:
        confidence -= 0.5
        problems.append("no body rows found")
    if header_rows:
        leaves = sum(1 for s in range(n_cols) if labels[s])
        unlabeled = n_cols - leaves - (1 if has_label else 0)
        if unlabeled > 0:
            confidence -= 0.15 * unlabeled
            problems.append(f"{unlabeled} column(s) without a header label")
    elif not region.at_page_top:
        confidence -= 0.2
        problems.append("no header found")
    if hp:
        confidence -= 0.2
    if not region.ruled:
        confidence -= 0.1
    return TableFragment(
        **_placed_caption(region, page_number),
        header=header_rows,
        rows=rows,
        n_cols=n_cols,
        notes=_notes(region.note_lines),
        continued=region.caption is None and not region.title_lines and region.part_line is None and region.at_page_top,
        leads_page=region.caption is None and region.at_page_top,
        confidence=max(0.0, round(confidence, 3)),
        problems=problems,
        col_bands=[(s.band_x0, s.band_x1) for s in slots],
    )


def _label_at(row: RawRow, region: Region) -> float | None:
    """Where a body row's label starts, in text sizes from the region's left edge."""
    segs = row.cells.get(0)
    if not segs:
        return None
    first = min(segs, key=lambda s: (s.top, s.x0))
    return (first.x0 - region.x0) / first.size


def _column_labels(fragment: TableFragment) -> list[str]:
    paths: list[list[tuple[int, str]]] = [[] for _ in range(fragment.n_cols)]
    for row in fragment.header:
        for cell in row:
            for c in range(cell.col, min(fragment.n_cols, cell.col + cell.colspan)):
                if cell.text:
                    paths[c].append((cell.row, cell.text))
    return [" / ".join(t for _, t in sorted(p)) for p in paths]


def _part_key(part: str | None) -> str:
    if not part:
        return ""
    m = re.match(r"^\s*([(（]\s*[^)）]{1,4}\s*[)）])", part)
    return re.sub(r"\s+", "", m.group(1)).replace("（", "(").replace("）", ")") if m else f"({part})"


def _continues(row: TableRow) -> bool:
    """The first row overleaf finishes the last row of the previous page (no label of its own)."""
    label = row.cells[0] if row.cells else ""
    return (
        row.kind == "data"
        and not any(is_numeric(c) for c in row.cells[1:] if c)
        and not (label and re.match(r"^\s*(?:\d{1,3}[.、]|[A-Z][.]|[(（]\d{1,3}[)）])\s", label))
    )


def _heads_overleaf(last: RawTableRow, first: TableRow) -> bool:
    """A label-only row closing a page's piece of a table (read there as an ordinary row: no
    values followed it on its page) heads the rows overleaf when the first of them carries values
    under a label starting at least an indent step further right: a section row."""
    return (
        last.kind == "data"
        and bool(last.cells and last.cells[0])
        and not any(last.cells[1:])
        and not last.open_end
        and isinstance(first, RawTableRow)
        and last.label_at is not None
        and first.label_at is not None
        and first.label_at >= last.label_at + _INDENT_STEP_EM
        and any(first.cells[1:])
    )


def _merge_row(into: TableRow, other: TableRow) -> None:
    into.cells = [join_lines([a, b]) if a and b else (a or b) for a, b in zip(into.cells, other.cells, strict=True)]
    if isinstance(into, RawTableRow) and isinstance(other, RawTableRow):
        into.raw_cells = [
            join_lines([a, b]) if a and b else (a or b) for a, b in zip(into.raw_cells, other.raw_cells, strict=True)
        ]
        into.open_end = other.open_end


def stitch_tables(fragments: list[TableFragment]) -> list[Table]:
    """Join fragments continued on the next page; give every table a unique, stable key."""
    tables: list[Table] = []
    last_numbered: TableFragment | None = None
    per_page: dict[int, int] = {}
    keys: set[str] = set()
    edges_of: dict[int, list[float]] = {}
    closes: dict[int, bool] = {}  # id(table) -> its last fragment closes its page
    bands_of: dict[int, list[tuple[float, float]]] = {}  # id(table) -> x extent of its columns' text
    for frag in sorted(fragments, key=lambda f: (f.page, f.bbox[1])):
        per_page[frag.page] = per_page.get(frag.page, 0) + 1
        prev = tables[-1] if tables else None
        # a table goes on overleaf only from a table that closes its page
        if frag.continued and prev is not None and not closes.get(id(prev), True):
            frag.continued = False
        if frag.continued and prev is not None and prev.page_last == frag.page - 1 and _opens_overleaf(prev, frag):
            _adopt(prev, frag)
            edges_of[id(prev)] = list(frag.col_edges)
            bands_of[id(prev)] = list(frag.col_bands)
            closes[id(prev)] = frag.closes_page
            continue
        if prev is not None and _finishes_caption(prev, frag, closes.get(id(prev), False)):
            _adopt(prev, frag)
            prev.title = join_lines([prev.title, frag.title]) if prev.title and frag.title else prev.title or frag.title
            prev.unit = prev.unit or frag.unit
            if frag.part and not prev.part:
                keys.discard(prev.table_key)
                prev.part = frag.part
                prev.table_key = _unique(f"{prev.number}{_part_key(frag.part)}", keys)
            edges_of[id(prev)] = list(frag.col_edges)
            bands_of[id(prev)] = list(frag.col_bands)
            closes[id(prev)] = frag.closes_page
            continue
        if frag.continued and prev is not None and prev.page_last == frag.page - 1:
            mapping = _column_map(edges_of.get(id(prev), []), frag.col_edges, prev.n_cols, frag.n_cols)
            if mapping is None and not frag.col_edges:
                mapping = _band_map(bands_of.get(id(prev), []), frag.col_bands, prev.n_cols)
            if mapping is not None:
                rows = _continued_rows(frag, prev, mapping)
                last = prev.rows[-1] if prev.rows else None
                if rows and isinstance(last, RawTableRow) and last.open_end and _continues(rows[0]):
                    _merge_row(last, rows.pop(0))
                if rows and isinstance(last, RawTableRow) and _heads_overleaf(last, rows[0]):
                    last.kind = "section"
                prev.rows.extend(rows)
                _caption_from_end(prev, frag, keys)
                prev.notes.extend(frag.notes)
                prev.page_last = frag.page
                closes[id(prev)] = frag.closes_page
                prev.confidence = min(prev.confidence, frag.confidence)
                prev.problems.extend(frag.problems)
                continue
            prev.problems.append(f"page {frag.page}: continuation has {frag.n_cols} columns, table has {prev.n_cols}")
            prev.confidence = min(prev.confidence, 0.5)
        number, title, unit = frag.number, frag.title, frag.unit
        if number is None and frag.part and last_numbered is not None:
            number = last_numbered.number
            title = title or last_numbered.title
            unit = unit or last_numbered.unit
        if frag.number is not None:
            last_numbered = frag
        own = f"{number}{_part_key(frag.part)}" if number is not None else f"p{frag.page}-t{per_page[frag.page]}"
        key = _unique(own, keys)
        problems = list(frag.problems)
        confidence = frag.confidence
        if frag.continued:
            problems.append("continuation without a table on the previous page")
            confidence = min(confidence, 0.5)
        tables.append(
            Table(
                table_key=key,
                number=number,
                part=frag.part,
                title=title,
                unit=unit,
                page_first=frag.page,
                page_last=frag.page,
                n_cols=frag.n_cols,
                header=frag.header,
                column_labels=_column_labels(frag),
                rows=list(frag.rows),
                notes=list(frag.notes),
                confidence=confidence,
                problems=problems,
            )
        )
        edges_of[id(tables[-1])] = list(frag.col_edges)
        bands_of[id(tables[-1])] = list(frag.col_bands)
        closes[id(tables[-1])] = frag.closes_page
    for table in tables:
        _reindent(table)
        _carry_levels(table)
    return tables


def _caption_from_end(table: Table, frag: TableFragment, keys: set[str]) -> None:
    """A table without a caption whose continuation carries one (printed under the table's last
    rows, overleaf) takes that caption's number and title, and its key from the number."""
    if table.number is not None or frag.number is None:
        return
    keys.discard(table.table_key)
    table.number, table.title = frag.number, frag.title or table.title
    table.unit = table.unit or frag.unit
    table.table_key = _unique(f"{frag.number}{_part_key(table.part)}", keys)


def _unique(key: str, keys: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3``… when taken; recorded in ``keys``."""
    base, n = key, 2
    while key in keys:
        key = f"{base}-{n}"
        n += 1
    keys.add(key)
    return key


def _finishes_caption(prev: Table, frag: TableFragment, prev_closes: bool) -> bool:
    """``prev`` is a numbered caption alone closing its page (nothing read under it) and ``frag``
    opens the next page under caption lines without a number of their own (the title, the part):
    a caption broken over the page, its number at the foot, the rest and the table overleaf."""
    return (
        prev_closes
        and prev.number is not None
        and not prev.rows
        and not prev.header
        and prev.page_first == prev.page_last == frag.page - 1
        and frag.number is None
        and frag.leads_page
        and bool(frag.rows)
        and bool(frag.title or frag.part)
        and not (frag.part and prev.part)
    )


def _glyphs(texts: list[str]) -> list[str]:
    return sorted("".join(re.sub(r"\s+", "", t) for t in texts))


def _opens_overleaf(prev: Table, frag: TableFragment) -> bool:
    """``prev`` is only a caption, or a caption and a header, closing its page, and ``frag`` is its
    table at the top of the next page: no rows were read under the caption, or all that was read
    there is the header that ``frag`` repeats (a header alone cannot tell its columns apart)."""
    if prev.page_first != prev.page_last or not frag.rows:
        return False
    if not prev.rows:
        return True
    read = [c.text for row in prev.header for c in row] + [c for r in prev.rows for c in r.cells]
    repeated = [c.text for row in frag.header for c in row]
    return bool(repeated) and _glyphs(read) == _glyphs(repeated)


def _adopt(table: Table, frag: TableFragment) -> None:
    """The table named by a caption at a page foot takes its header and rows from overleaf."""
    table.header = frag.header if frag.header else table.header
    if not frag.header and table.n_cols != frag.n_cols:
        table.header = []
    table.n_cols = frag.n_cols
    table.column_labels = _column_labels(frag) if frag.header else table.column_labels[: frag.n_cols]
    table.rows = list(frag.rows)
    table.notes.extend(frag.notes)
    table.unit = table.unit or frag.unit  # the unit line printed overleaf, above the table
    table.page_last = frag.page
    table.problems = list(frag.problems)  # what was read at the page foot is replaced
    table.confidence = frag.confidence


def _column_map(prev_edges: list[float], edges: list[float], prev_cols: int, n_cols: int) -> list[int] | None:
    """Leaf column of the table for each column of a continuation, or None when they do not line up.

    Same count: one to one. A ruled continuation with fewer columns lines up when each of its
    drawn borders is one of the table's (cells spanning columns on that page hide the others)."""
    if n_cols == prev_cols:
        return list(range(n_cols))
    if not prev_edges or not edges or n_cols > prev_cols:
        return None
    tol = 0.01 * (prev_edges[-1] - prev_edges[0])
    out: list[int] = []
    for x in edges:
        near = [i for i, p in enumerate(prev_edges) if abs(p - x) <= tol]
        if not near:
            return None
        out.append(near[0])
    if out[0] != 0 or out[-1] != len(prev_edges) - 1:
        return None
    return out[:-1]


def _band_map(bands: list[tuple[float, float]], cont: list[tuple[float, float]], n_cols: int) -> list[int] | None:
    """Leaf column of the table for each column of an unruled continuation with fewer columns (a
    short piece whose empty cells leave some columns unseen): the table column whose text overlaps
    the continuation column's text most, nearest by centre where none overlaps; None unless the
    columns keep their order."""
    if len(bands) != n_cols or not cont or len(cont) >= n_cols:
        return None
    out: list[int] = []
    for a0, a1 in cont:
        overlaps = [max(0.0, min(a1, b1) - max(a0, b0)) for b0, b1 in bands]
        if max(overlaps) > 0:
            best = overlaps.index(max(overlaps))
        else:
            best = min(range(n_cols), key=lambda i: abs((bands[i][0] + bands[i][1]) - (a0 + a1)))
        if out and best <= out[-1]:
            return None
        out.append(best)
    return out


def _header_strings(header: list[list[HeaderCell]]) -> list[str]:
    return [c.text for row in header for c in row if c.text]


def _continued_rows(frag: TableFragment, prev: Table, mapping: list[int]) -> list[TableRow]:
    """A continuation's rows on the table's leaf columns; its header rows become body rows unless
    they repeat the table's header (a repeated header is dropped). A short piece whose empty
    cells leave some columns unseen reads the repeated header over fewer columns (cells run
    together): the same header glyphs are still the same header."""
    rows: list[TableRow] = []
    same = _glyphs(_header_strings(frag.header)) == _glyphs(_header_strings(prev.header))
    if frag.header and not same:
        n = max(c.row + c.rowspan for row in frag.header for c in row)
        grid = [[""] * frag.n_cols for _ in range(n)]
        for row in frag.header:
            for c in row:
                grid[c.row][c.col] = c.text
        rows.extend(RawTableRow(kind="data", indent=0, cells=list(g), page=frag.page, raw_cells=list(g)) for g in grid)
    rows.extend(frag.rows)
    if len(mapping) == prev.n_cols:
        return rows
    out: list[TableRow] = []
    for r in rows:
        cells = [""] * prev.n_cols
        raw = [""] * prev.n_cols
        for j, text in enumerate(r.cells):
            cells[mapping[j]] = text
            raw[mapping[j]] = r.raw_cells[j] if isinstance(r, RawTableRow) else text
        start = r.label_em if isinstance(r, RawTableRow) else None
        at = r.label_at if isinstance(r, RawTableRow) else None
        out.append(
            RawTableRow(
                kind=r.kind, indent=r.indent, cells=cells, page=r.page, raw_cells=raw, label_em=start, label_at=at
            )
        )
    return out
