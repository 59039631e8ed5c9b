"""Inside one table region: leaf columns, header tree, body rows and cells.

Columns come from the page: vertical rules when the table has them, otherwise the x-bands that
body text occupies on multi-cell lines (the gaps that persist down the body), plus lowest-level
header cells over columns that happen to be empty in this fragment.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from extract.layout import Rule
from extract.models import HeaderCell
from extract.table_layout import (
    Segment,
    TextLine,
    cell_spaced,
    joins_without_space,
    merge_intervals,
    split_segment,
    word_gap,
)
from extract.table_regions import Region, is_numeric
from extract.table_settings import TableSettings

# characters that may not start a line (the previous line broke one character early)
_NO_LINE_END = set("“‘（《「『【([{")
_NO_LINE_START = set("，。、；：？！）》」』”’%)]}.,;:!?・…—")
_LEADER_END = re.compile(r"(?:[.·…]\s*){3,}$")  # leader dots at the end of a row label
_ENUM = re.compile(r"^\s*(?:\d{1,3}[.、]|[A-Z][.]|[(（]\s*(?:\d{1,3}|[a-z]|[ivx]{1,4})\s*[)）]|[a-z][.)]|[•·▪\-–])\s")
SUBTOTAL_RE = re.compile(r"^\s*(?:小计|小 计|Subtotal|Sub-total)", re.I)
_TOTAL = re.compile(r"^\s*(?:共计|总计|合计|总额|共 计|总 计|Total|Grand total)", re.I)


@dataclass(slots=True)
class Slot:
    x0: float  # slot boundaries (tile the table width)
    x1: float
    band_x0: float  # where text actually sits
    band_x1: float
    wrap_x1: float  # the right edge text wraps at
    flush_right: bool = False  # the body's lines here end together from different starts


@dataclass(slots=True)
class Block:
    segs: list[Segment]
    slots: list[int] = field(default_factory=list)
    depth: int = 0
    parent: int | None = None
    children: int = 0

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segs)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segs)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segs)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segs)

    @property
    def text(self) -> str:
        return join_lines([s.text for s in sorted(self.segs, key=lambda s: (round(s.top), s.x0))])


def join_lines(parts: Sequence[str], cjk_latin_space: bool = False) -> str:
    out = ""
    for p in parts:
        if not out:
            out = p
        elif out.endswith(" ") and p.startswith(" "):
            out += p.lstrip(" ")
        elif joins_without_space(out, p, cjk_latin_space):
            out += p
        else:
            out += " " + p
    return out.strip()


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


# -- columns -------------------------------------------------------------------------------------


def column_bands(
    body: Sequence[TextLine], header: Sequence[TextLine], region: Region, settings: TableSettings
) -> list[tuple[float, float]]:
    """x-bands of the leaf columns."""
    if region.vrules and body:
        ruled = _bands_from_vrules(region, body, settings)
        if ruled:
            return ruled
    multi = [ln for ln in body if len(ln.segs) >= 2]
    leaves = [(a, b) for a, b in merge_intervals(_leaf_cells(header))] if header and body and not multi else []
    if len(leaves) >= 2:
        # no body line shows the columns (label rows under the header, a table's first piece at a
        # page foot), its text all in a column no header cell heads (left of where the first
        # header cell's column starts, as far left of its centre as half the step to the next
        # cell's centre): the header cells that head one column each show the columns
        c0, c1 = ((a + b) / 2 for a, b in leaves[:2])
        if max(s.x1 for ln in body for s in ln.segs) < c0 - (c1 - c0) / 2:
            return [(a, b) for a, b in merge_intervals([(s.x0, s.x1) for ln in body for s in ln.segs] + leaves)]
    multi = multi or list(body)
    bands = merge_intervals([(s.x0, s.x1) for ln in multi for s in ln.segs])
    # lowest header line cells over columns with no body text in this fragment (the body has
    # fewer columns than the header names)
    if header:
        low = max(ln.bottom for ln in header)
        low_segs = [s for ln in header if low - ln.bottom <= 1.5 * ln.size for s in ln.segs]
        if len(bands) < len(low_segs):
            # a header cell beside a column whose (short, right-aligned) values it does not overlap
            # names that column when no other header cell does
            named = [any(_overlap(s.x0, s.x1, b0, b1) > 0 for s in low_segs) for b0, b1 in bands]
            extra: list[list[float]] = []
            for s in low_segs:
                if any(_overlap(s.x0, s.x1, b0, b1) > 0 for b0, b1 in bands + extra):
                    continue
                # a line under a wider header piece that names a column is that cell's wrapped
                # last line ("2019 年计划" over "数", centred over right-aligned values)
                if any(
                    t.top < s.top and t.x0 <= s.x0 and s.x1 <= t.x1 and any(_overlap(t.x0, t.x1, *b) > 0 for b in bands)
                    for t in low_segs
                ):
                    continue
                left = max((i for i, b in enumerate(bands) if b[1] <= s.x0), default=None)
                right = min((i for i, b in enumerate(bands) if b[0] >= s.x1), default=None)
                if any(i is not None and not named[i] for i in (left, right)):
                    continue
                extra.append([s.x0, s.x1])
            bands = sorted(bands + extra)
    return [(a, b) for a, b in bands]


def _leaf_cells(header: Sequence[TextLine]) -> list[tuple[float, float]]:
    """The x-extents of the header's pieces that do not stand over two or more pieces side by
    side below them (a cell spanning columns does)."""
    segs = [s for ln in header for s in ln.segs]
    out = []
    for s in segs:
        below = merge_intervals(
            [(t.x0, t.x1) for t in segs if t.top > s.bottom - 0.5 * s.size and _overlap(s.x0, s.x1, t.x0, t.x1) > 0]
        )
        if len(below) < 2:
            out.append((s.x0, s.x1))
    return out


def _bands_from_vrules(region: Region, body: Sequence[TextLine], settings: TableSettings) -> list[tuple[float, float]]:
    """Leaf columns between the region's vertical rules that run down most of its body; rules
    closer than the rule joining distance are one, rules at the region's sides (within
    x_slack_em) are its frame (em: the body text's size)."""
    y0, y1 = body[0].top, body[-1].bottom
    size = statistics.median(ln.size for ln in body)
    xs: list[float] = []
    for v in sorted(region.vrules, key=lambda v: v.x):
        cover = _overlap(v.top, v.bottom, y0, y1) / max(1.0, y1 - y0)
        if cover < 0.6:
            continue
        if xs and abs(v.x - xs[-1]) < settings.rule_join_em * size:
            continue
        xs.append(v.x)
    slack = settings.x_slack_em * size
    inner = [x for x in xs if region.x0 + slack < x < region.x1 - slack]
    if not inner:
        return []
    cuts = [region.x0, *inner, region.x1]
    # a drawn rule bounds columns, but the text between two rules may stand in several columns (a
    # rule between groups of columns): there the text's own bands, as read without rules
    multi = [ln for ln in body if len(ln.segs) >= 2] or list(body)
    out: list[tuple[float, float]] = []
    for a, b in pairwise(cuts):
        inside = merge_intervals([(s.x0, s.x1) for ln in multi for s in ln.segs if a < s.center < b])
        if len(inside) < 2:
            out.append((a + 1, b - 1))
            continue
        inside[0][0], inside[-1][1] = a + 1, b - 1
        out.extend((x0, x1) for x0, x1 in inside)
    return out


def make_slots(bands: Sequence[tuple[float, float]], region: Region, body: Sequence[TextLine]) -> list[Slot]:
    slots: list[Slot] = []
    for i, (b0, b1) in enumerate(bands):
        left = min(region.x0, b0) if i == 0 else (bands[i - 1][1] + b0) / 2
        right = max(region.x1, b1) if i == len(bands) - 1 else (b1 + bands[i + 1][0]) / 2
        slots.append(Slot(left, right, b0, b1, right))
    ends: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(slots))}
    starts: dict[int, list[float]] = {i: [] for i in range(len(slots))}
    for ln in body:
        for s in ln.segs:
            ends[slot_of(s, slots)].append((s.x1, s.size))
            starts[slot_of(s, slots)].append(s.x0)
    for i, sl in enumerate(slots):
        # three or more lines ending within a tenth of an em of each other, starting over a
        # quarter em apart: text set flush right (that it reaches the edge says nothing of a wrap)
        size = min((z for _, z in ends[i]), default=0.0)
        sl.flush_right = (
            len(ends[i]) >= 3
            and max(x for x, _ in ends[i]) - min(x for x, _ in ends[i]) <= 0.1 * size
            and max(starts[i]) - min(starts[i]) > 0.25 * size
        )
        e = sorted(ends[i], reverse=True)
        if len(e) >= 2 and e[0][0] - e[1][0] <= e[0][1]:
            sl.wrap_x1 = e[0][0]  # several lines end here: the cell's right edge
        elif e:
            sl.wrap_x1 = e[0][0] + 0.5 * e[0][1]
    return slots


def slot_of(seg: Segment, slots: Sequence[Slot]) -> int:
    best, best_ov = 0, -1.0
    for i, sl in enumerate(slots):
        ov = _overlap(seg.x0, seg.x1, sl.x0, sl.x1)
        if ov > best_ov:
            best, best_ov = i, ov
    width = max(0.1, seg.x1 - seg.x0)
    if best_ov >= 0.6 * width:
        return best
    for i, sl in enumerate(slots):
        if sl.x0 <= seg.x0 + 0.5 < sl.x1:
            return i
    return best


# -- header --------------------------------------------------------------------------------------


def header_blocks(
    header: Sequence[TextLine], slots: Sequence[Slot], rules: Sequence[Rule], settings: TableSettings
) -> list[Block]:
    """Group header segments into cells; find each cell's leaf columns and its parent."""
    segs = sorted(_split_at_slots([s for ln in header for s in ln.segs], slots), key=lambda s: (s.top, s.x0))
    if not segs:
        return []
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(segs):
        for j in range(i + 1, len(segs)):
            b = segs[j]
            gap = b.top - a.bottom
            if gap > 0.8 * max(a.size, b.size):
                continue
            if gap < -0.5 * a.size:  # same text line: separate cells
                continue
            same = _centre_slot(a.center, slots) == _centre_slot(b.center, slots)
            if not same and _overlap(a.x0, a.x1, b.x0, b.x1) < 0.5 * min(a.x1 - a.x0, b.x1 - b.x0):
                continue
            if same and _overlap(a.x0 - a.size, a.x1 + a.size, b.x0, b.x1) <= 0:
                continue
            if any(a.bottom - 1 <= r.y <= b.top + 1 and _overlap(r.x0, r.x1, a.x0, a.x1) > 0 for r in rules):
                continue
            if not _aligned(a, b):  # the lines of one cell share their left edge, centre or right edge
                continue
            parent[find(j)] = find(i)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    blocks = [Block(g) for g in _split_stacked(list(groups.values()), slots, rules)]
    for block in blocks:
        block.slots = _block_slots(block, slots, settings)
    _spans(blocks, slots, rules)
    _hierarchy(blocks)
    return blocks


def _centre_slot(x: float, slots: Sequence[Slot]) -> int:
    for i, sl in enumerate(slots):
        if sl.x0 <= x < sl.x1:
            return i
    return 0 if x < slots[0].x0 else len(slots) - 1


def _split_at_slots(segs: list[Segment], slots: Sequence[Slot]) -> list[Segment]:
    """Cut header segments at a visible gap whose two sides sit over different columns."""
    out: list[Segment] = []
    work = list(segs)
    while work:
        s = work.pop()
        pcs = [p for p in s.chars if p[2].strip()]
        done = False
        for a, b in pairwise(pcs):
            if word_gap(s, a[1], b[0]) < 0.3 * s.size:
                continue
            left_c = (s.x0 + a[1]) / 2
            right_c = (b[0] + s.x1) / 2
            if _centre_slot(left_c, slots) != _centre_slot(right_c, slots):
                parts = split_segment(s, (a[1] + b[0]) / 2, 0.3 * s.size)
                if parts:
                    work.extend(parts)
                    done = True
                    break
        if not done:
            out.append(s)
    return out


def _block_slots(b: Block, slots: Sequence[Slot], settings: TableSettings) -> list[int]:
    c = (b.x0 + b.x1) / 2
    centre = next((i for i, s in enumerate(slots) if s.x0 <= c < s.x1), 0 if c < slots[0].x0 else len(slots) - 1)
    out = {centre}
    for i, s in enumerate(slots):
        if (
            _overlap(b.x0, b.x1, s.band_x0, s.band_x1) >= settings.slot_cover * max(0.1, s.band_x1 - s.band_x0)
            and _overlap(b.x0, b.x1, s.x0, s.x1) >= settings.slot_cover * (s.x1 - s.x0) * 0.5
        ):
            out.add(i)
    lo, hi = min(out), max(out)
    return list(range(lo, hi + 1))


def _aligned(a: Segment, b: Segment) -> bool:
    """Two stacked lines of one cell share their left edge, centre or right edge."""
    tol = 0.5 * max(a.size, b.size)
    return abs(a.x0 - b.x0) <= tol or abs(a.center - b.center) <= tol or abs(a.x1 - b.x1) <= tol


def _text_lines(segs: Sequence[Segment]) -> list[list[Segment]]:
    out: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: (s.top, s.x0)):
        if out and s.top - out[-1][0].top < 0.5 * s.size:
            out[-1].append(s)
        else:
            out.append([s])
    return out


def _split_stacked(groups: list[list[Segment]], slots: Sequence[Slot], rules: Sequence[Rule]) -> list[list[Segment]]:
    """Cut a stack of aligned lines where the upper lines head a run of columns of their own.

    A spanning cell centred over an odd number of columns shares its centre with the middle child
    below it; with no rule between them the two read as one wrapped cell. They are two cells when
    (1) the step between them is wider than the usual line pitch inside the header's cells,
    (2) the upper line did not end because the column was full (the next word would have fitted),
    (3) the upper lines sit centred over a run of columns that all have header text below them and
    none beside them, with no rule in between (which would belong to another spanning cell)."""
    pitches = sorted(b[0].top - a[0].top for g in groups for a, b in pairwise(_text_lines(g)))
    if len(pitches) < 2:
        return groups
    pitch = pitches[len(pitches) // 2]
    out: list[list[Segment]] = []
    for g in groups:
        out.extend(_split_group(g, groups, slots, rules, pitch))
    return out


def _split_group(
    g: list[Segment], groups: list[list[Segment]], slots: Sequence[Slot], rules: Sequence[Rule], pitch: float
) -> list[list[Segment]]:
    lines = _text_lines(g)
    for k in range(1, len(lines)):
        size = max(s.size for s in g)
        if min(s.top for s in lines[k]) - min(s.top for s in lines[k - 1]) < pitch + 0.25 * size:
            continue
        upper = [s for ln in lines[:k] for s in ln]
        if _heads_run(upper, lines[k - 1], lines[k], g, groups, slots, rules):
            lower = [s for ln in lines[k:] for s in ln]
            return [upper, *_split_group(lower, groups, slots, rules, pitch)]
    return [g]


def _heads_run(
    upper: list[Segment],
    last: list[Segment],
    nxt: list[Segment],
    g: list[Segment],
    groups: list[list[Segment]],
    slots: Sequence[Slot],
    rules: Sequence[Rule],
) -> bool:
    size = max(s.size for s in upper)
    u_top, u_bot = min(s.top for s in upper), max(s.bottom for s in upper)
    x0, x1 = min(s.x0 for s in upper), max(s.x1 for s in upper)
    c = (x0 + x1) / 2
    home = _centre_slot(c, slots)
    mine = {id(s) for s in g}
    others = [s for grp in groups for s in grp if id(s) not in mine]
    below = [s for s in others if s.top >= u_bot - 0.5]
    beside = [s for s in others if s.top < u_bot - 0.5 and s.bottom > u_top + 0.5]
    kid_slots = {_centre_slot(s.center, slots) for s in below}
    edges = _column_edges(slots, [s for s in (*below, *g) if s.top >= u_bot - 0.5])
    # the next line's first character would have fitted after the last line: not a wrap
    width = max(s.x1 for s in last) - min(s.x0 for s in last)
    if width + nxt[0].first_w > edges[home][1] - edges[home][0] - 0.5 * size:
        return False
    for lo in range(home + 1):
        for hi in range(max(home, lo + 1), len(slots)):
            rx0, rx1 = slots[lo].x0, slots[hi].x1
            if any(lo <= _centre_slot(s.center, slots) <= hi for s in beside):
                continue
            if any(i != home and i not in kid_slots for i in range(lo, hi + 1)):
                continue
            deepest = max(s.top for s in below if lo <= _centre_slot(s.center, slots) <= hi)
            if any(u_bot - 1 <= r.y <= deepest + 1 and _overlap(r.x0, r.x1, rx0, rx1) > 0 for r in rules):
                continue
            e0, e1 = edges[lo][0], edges[hi][1]
            if abs((e0 + e1) / 2 - c) <= 0.1 * (e1 - e0) + 0.5 * size:
                return True
    return False


def _column_edges(slots: Sequence[Slot], leaf_segs: Sequence[Segment]) -> list[tuple[float, float]]:
    """Estimated column edges: the middle of the gutter between what is printed in neighbouring
    columns (body text and the lowest header cells), the table edges outside."""
    ext = [[sl.band_x0, sl.band_x1] for sl in slots]
    for s in leaf_segs:
        i = _centre_slot(s.center, slots)
        if slots[i].x0 - 1 <= s.x0 and s.x1 <= slots[i].x1 + 1:
            ext[i][0] = min(ext[i][0], s.x0)
            ext[i][1] = max(ext[i][1], s.x1)
    cuts = [slots[0].x0, *((a[1] + b[0]) / 2 for a, b in pairwise(ext)), slots[-1].x1]
    return [(cuts[i], cuts[i + 1]) for i in range(len(slots))]


def _spans(blocks: list[Block], slots: Sequence[Slot], rules: Sequence[Rule]) -> None:
    """Widen spanning cells: to the rule printed under them, else over the columns they are centred on.

    Top-down, so a cell with no rule under it stays inside the spanning cell above it."""
    leaf_blocks = [
        b
        for b in blocks
        if not any(o is not b and o.top >= b.bottom - 0.5 and _overlap(o.x0, o.x1, b.x0, b.x1) > 0 for o in blocks)
    ]
    edges = _column_edges(slots, [s for b in leaf_blocks for s in b.segs])
    # column centres: the centre of the column's lowest header cell (header cells are set centred),
    # else of what is printed in the column
    centres = [(e0 + e1) / 2 for e0, e1 in edges]
    for i in range(len(slots)):
        own = [b for b in leaf_blocks if b.slots == [i]]
        if own:
            low = max(own, key=lambda b: b.bottom)
            centres[i] = (low.x0 + low.x1) / 2
    for b in sorted(blocks, key=lambda b: (b.top, b.x0)):
        below = [o for o in blocks if o is not b and o.top >= b.bottom - 0.5]
        if not below:
            continue
        size = max(s.size for s in b.segs)
        under = [
            r
            for r in rules
            if b.bottom - 1 <= r.y <= b.bottom + 1.8 * size
            and _overlap(r.x0, r.x1, b.x0, b.x1) > 0
            and r.length > (b.x1 - b.x0) + size
        ]
        if under:
            r = min(under, key=lambda r: r.y)
            span = [
                i
                for i, s in enumerate(slots)
                if _overlap(r.x0, r.x1, s.x0, s.x1) >= 0.5 * (s.x1 - s.x0)
                or _overlap(r.x0, r.x1, s.band_x0, s.band_x1) >= 0.8 * max(0.1, s.band_x1 - s.band_x0)
            ]
            # one rule drawn under several cells of the same header line (a broken rule printed
            # whole): each cell takes the columns of the rule nearest its own centre
            sharing = [
                o
                for o in blocks
                if abs(o.top - b.top) < 0.5 * size and _overlap(r.x0, r.x1, o.x0, o.x1) > 0 and o.bottom <= r.y + 1
            ]
            if span and len(sharing) > 1:
                mids = [(o.x0 + o.x1) / 2 for o in sharing]
                me = sharing.index(b) if b in sharing else 0
                span = [
                    i
                    for i in span
                    if min(range(len(mids)), key=lambda k: abs(mids[k] - (slots[i].x0 + slots[i].x1) / 2)) == me
                ] or span
            if span:
                b.slots = list(range(min(span), max(span) + 1))
            continue
        # no rule: the run of columns, each with cells below, that the cell is best centred on,
        # within the spanning cell above it and clear of the cells beside it
        n = len(slots)
        bound_lo, bound_hi = 0, n - 1
        holders = [
            p
            for p in blocks
            if p is not b and len(p.slots) > 1 and p.bottom <= b.top + 0.5 and p.slots[0] <= b.slots[0] <= p.slots[-1]
        ]
        if holders:
            holder = max(holders, key=lambda p: p.bottom)
            bound_lo, bound_hi = holder.slots[0], holder.slots[-1]
        occupied_at_level = {i for o in blocks if o is not b and abs(o.top - b.top) < 0.5 * size for i in o.slots}
        with_child = {i for o in below for i in o.slots}
        c = (b.x0 + b.x1) / 2
        best, best_d = b.slots, float("inf")
        for lo in range(bound_lo, b.slots[0] + 1):
            for hi in range(max(b.slots[-1], lo + 1), bound_hi + 1):
                rng = range(lo, hi + 1)
                if any(i in occupied_at_level or i not in with_child for i in rng):
                    continue
                kids = [o for o in below if o.slots and lo <= o.slots[0] and o.slots[-1] <= hi]
                if len(kids) < 2 or {i for o in kids for i in o.slots} != set(rng):
                    continue
                if any(o.slots[0] < lo <= o.slots[-1] or o.slots[0] <= hi < o.slots[-1] for o in below):
                    continue  # a cell below straddles the run's edge
                # centred on the run by both estimates: its edges (gutter middles, poor next to a
                # ragged label column or the table edge) and its outer columns' centres (poor when the
                # two columns differ in width)
                e0, e1 = edges[lo][0], edges[hi][1]
                d = max(abs((e0 + e1) / 2 - c), abs((centres[lo] + centres[hi]) / 2 - c))
                if d > 0.2 * (e1 - e0) + 2:
                    continue
                if d < best_d - 0.5 * size or (d <= best_d + 0.5 * size and hi - lo + 1 > len(best)):
                    best, best_d = list(rng), min(d, best_d)
        b.slots = best


def _hierarchy(blocks: list[Block]) -> None:
    for i, b in enumerate(blocks):
        cands = [
            (len(p.slots), j)
            for j, p in enumerate(blocks)
            if j != i and p.bottom <= b.top + 0.5 and set(b.slots) <= set(p.slots) and len(p.slots) > len(b.slots)
        ]
        if cands:
            b.parent = min(cands)[1]
    for b in blocks:
        d, p, seen = 0, b.parent, set()
        while p is not None and p not in seen:
            seen.add(p)
            d += 1
            p = blocks[p].parent
        b.depth = d
        if b.parent is not None:
            blocks[b.parent].children += 1


def header_grid(blocks: list[Block], n_cols: int) -> tuple[list[list[HeaderCell]], list[str], list[str]]:
    """Header rows (HeaderCell), one label per leaf column (" / "-joined path), problems."""
    problems: list[str] = []
    if not blocks:
        return [], [""] * n_cols, problems
    # cells of the same column at the same depth are one cell (a wrapped header split by a gap)
    merged: dict[tuple[int, tuple[int, ...]], list[Block]] = {}
    for b in blocks:
        merged.setdefault((b.depth, tuple(b.slots)), []).append(b)
    cells = []
    for (depth, slots), bs in merged.items():
        bs.sort(key=lambda b: b.top)
        text = join_lines([b.text for b in bs])
        cells.append((depth, slots, text, any(b.children for b in bs)))
    n_rows = max(c[0] for c in cells) + 1
    rows: list[list[HeaderCell]] = [[] for _ in range(n_rows)]
    covered: dict[int, list[tuple[int, str]]] = {i: [] for i in range(n_cols)}
    leaf_rows: dict[int, int] = {}
    for depth, slots, text, is_parent in cells:
        rowspan = 1 if is_parent else n_rows - depth
        rows[depth].append(HeaderCell(text=text, row=depth, col=slots[0], colspan=len(slots), rowspan=rowspan))
        for s in slots:
            if 0 <= s < n_cols:
                covered[s].append((depth, text))
                if not is_parent:
                    leaf_rows[s] = leaf_rows.get(s, 0) + 1
    for s in range(n_cols):
        if s not in leaf_rows:
            depth = max((d for d, _ in covered[s]), default=-1) + 1
            if depth < n_rows:
                rows[depth].append(HeaderCell(text="", row=depth, col=s, colspan=1, rowspan=n_rows - depth))
        elif leaf_rows[s] > 1:
            problems.append(f"column {s} has {leaf_rows[s]} leaf header cells")
    for r in rows:
        r.sort(key=lambda c: c.col)
    labels = [" / ".join(t for _, t in sorted(covered[s]) if t) for s in range(n_cols)]
    return rows, labels, problems


# -- body rows -----------------------------------------------------------------------------------


@dataclass(slots=True)
class RawRow:
    cells: dict[int, list[Segment]] = field(default_factory=dict)
    breaks: set[tuple[int, int]] = field(default_factory=set)  # (col, seg index) after a paragraph break
    lines: int = 0
    top: float = 0.0
    closed: bool = False  # values arrived on a later line: the row ends there (bottom-aligned)
    open_end: bool = False  # every cell of the last line runs to the column edge (row may go on)


# a number broken over two lines of a narrow cell: it ends at its decimal point or separator
# ("2 198." / "0"), or in a thousands group shorter than three digits ("21 4" / "66.8")
_CUT_NUMBER = re.compile(r"\d[.,]$|\d \d{1,2}$")


def _number_cut(text: str) -> bool:
    return bool(_CUT_NUMBER.search(text.strip()))


# the rest of a number broken before its decimal point ("23 089" / ".8"): a value does not start
# with a decimal separator
_CUT_FRACTION = re.compile(r"^[.,]\d")


def _number_goes_on(prev: str, nxt: str) -> bool:
    """``nxt`` (the next line's text in the same cell) finishes the number ``prev`` ends with."""
    return _number_cut(prev) or (prev.strip()[-1:].isdigit() and bool(_CUT_FRACTION.match(nxt.strip())))


# a figure broken at its thousands separator, as word processors break a line at any space
# ("21" / "466.8"): whole digit groups (the first not led by a zero), then a line opening with a
# group of exactly three digits (which may itself be cut after its decimal point, "466." / "8",
# where the rest of the figure is wider than the column)
_LEADING_GROUPS = re.compile(r"^[-−]?[1-9]\d{0,2}(?: \d{3})*$")
_GROUPS_ON = re.compile(r"^\d{3}(?: \d{3})*(?:[.,]\d*)?%?$")


def _separator_break(prev: str, nxt: str) -> bool:
    """``prev`` and ``nxt`` read as one figure broken at a separator space. The text alone does not
    tell it from two values ("21" over "466", "0" over "107"): callers take it only for a line with
    no row label under a line of values, in a table whose rows all have labels."""
    return bool(_LEADING_GROUPS.match(prev.strip()) and _GROUPS_ON.match(nxt.strip()))


def _alone_at_edge(seg: Segment, ends: Sequence[float]) -> bool:
    """No other label line ends as far right as ``seg``: the column's edge is where this one label
    ends, so that it "ran to the edge" says nothing of a wrap (labels wrapped at the column's width
    end there together)."""
    return sum(1 for x in ends if x >= seg.x1 - 0.5 * seg.size) <= 1


def _values_start(cur: RawRow, placed: dict[int, list[Segment]]) -> bool:
    """The row so far holds no value and the new line brings some (a label row, then a row)."""
    had = any(is_numeric(x.text) for c, v in cur.cells.items() if c > 0 for x in v)
    return not had and any(is_numeric(x.text) for c, v in placed.items() if c > 0 for x in v)


def _deeper_label(prev: Sequence[Segment], seg: Segment, at_level: bool = False) -> bool:
    """A row label starting further right than the label line above it, which carries no list
    label (so no hanging indent) and is not centred over it (a centred label wrapped), is a new
    row one level down, not the wrapped end of that label. Starting where rows certainly start
    (``at_level``), it is left-aligned at that indent, whatever its centre."""
    if seg.x0 <= prev[-1].x0 + 0.5 * seg.size:
        return False
    if not at_level and abs(seg.center - prev[-1].center) <= seg.size:
        return False
    first = min(prev, key=lambda s: (s.top, s.x0))
    return not _ENUM.match(first.text) and not _ENUM_GLUED.match(first.text)


def _row_levels(ordered: Sequence[TextLine], slots: Sequence[Slot]) -> list[Segment]:
    """Label starts that certainly begin a row: a label line printing values right after a line
    that printed values too (a number meeting a number starts a row, so neither line is the
    other's wrapped end). A wrapped label's hanging continuation never starts a row this way."""
    out: list[Segment] = []
    prev_values = False
    for ln in ordered:
        labels = [s for s in ln.segs if slot_of(s, slots) == 0]
        values = any(is_numeric(s.text) for s in ln.segs if slot_of(s, slots) > 0)
        if labels and values and prev_values:
            out.append(labels[0])
        prev_values = values
    return out


def _at_row_level(seg: Segment, levels: Sequence[Segment]) -> bool:
    """``seg`` starts where a row certainly starts (within a quarter em: the same indent)."""
    return any(abs(seg.x0 - lv.x0) <= 0.25 * seg.size for lv in levels)


# a list label printed without a space after it ("1.气候变化", "A.决策机关")
_ENUM_GLUED = re.compile(r"^\s*(?:\d{1,3}[.、]|[A-Z][.]|[(（]\s*(?:\d{1,3}|[a-z]|[ivx]{1,4})\s*[)）])")


def _full(seg: Segment, nxt: Segment | None, slot: Slot, cell: Sequence[Segment] = ()) -> bool:
    """Did ``seg`` end because the cell was full (so ``nxt`` continues it)? ``cell``: the lines
    of the cell read so far (``seg`` the last)."""
    if nxt is None:
        if slot.flush_right:
            return False
        if seg.x1 - seg.x0 < 0.5 * (slot.x1 - slot.x0) and abs(seg.x1 - slot.wrap_x1) < 0.3 * seg.size:
            # a short value set flush right ends at the edge because every line there does
            return _number_cut(seg.text)
        last = seg.text.rstrip()[-1:]
        if last.isascii():
            return seg.x1 + seg.size >= slot.x1 - seg.size
        return seg.x1 + seg.size >= slot.wrap_x1 - 0.3 * seg.size
    # two lines set flush right, the first over less than half the column: short values aligned
    # right, each a line of its own (a line wrapped at the cell's edge fills the cell)
    flush_right = abs(nxt.x1 - seg.x1) < 0.3 * seg.size
    w = nxt.first_w
    first = nxt.text.lstrip()[:1]
    paired = (nxt.second and nxt.second in _NO_LINE_START) or first in _NO_LINE_END
    if (
        flush_right
        and seg.x1 - seg.x0 < 0.5 * (slot.x1 - slot.x0)
        and not _number_goes_on(seg.text, nxt.text)
        # (unless the next line opens with characters that could only move down together and
        # would not have fitted beside this line within the column's widest line)
        and not _unit_overflows(seg, nxt, slot, paired)
    ):
        return False
    if paired:
        # the first characters could only move down together (the second may not start a line,
        # or the first may not end one): the line ended short of all of them
        w = _pair_width(nxt)
    t = nxt.text.lstrip()
    if t[:1].isascii() and t[:1].isalnum():
        # Latin text wraps at words: the next word would not have fitted before the column edge
        word = t.split(" ", 1)[0]
        w = (nxt.x1 - nxt.x0) * len(word) / max(1, len(t.rstrip())) + 0.25 * seg.size
        if seg.x1 + w >= slot.x1 - seg.size:
            return True
        # text set flush right, ragged left, over half the column or more (shorter lines are
        # values, above): it also wrapped if the next word did not fit in the column's width
        return (
            flush_right
            and abs(seg.x1 - slot.wrap_x1) < 0.3 * seg.size
            and abs(nxt.x0 - seg.x0) > 0.3 * seg.size
            and seg.x1 - seg.x0 + w >= slot.wrap_x1 - slot.band_x0 - seg.size
        )
    reach = seg.x1 + w  # where the next character would have ended on this line
    # a character free to start a line, and an earlier line of the same cell ends as far right as
    # it would have (within a tenth of an em; a line ending in punctuation may hang it past the
    # edge): the cell had room there, so the line ended by choice (its row or paragraph ends)
    if not paired and any(
        s.x1 >= reach - 0.1 * seg.size and s.text.rstrip()[-1:] not in _NO_LINE_START for s in cell[:-1]
    ):
        return False
    return reach >= slot.wrap_x1 - 0.3 * seg.size


def _pair_width(seg: Segment) -> float:
    """The width of the characters ``seg`` opens with that could only move down to its line
    together: the first, the marks after it that may not start a line ("段)。"), the character
    after a mark that may not end one ("(评"), and the rest of a Latin word or figure so begun
    ("(A/72/789，"). Twice the first's where its pieces are not known."""
    pieces = list(seg.chars)
    if len([c for c in pieces if c[2].strip()]) < 2:
        return 2 * seg.first_w
    k = 1
    while k < len(pieces) and pieces[k][2].strip():
        cur, prev = pieces[k][2], pieces[k - 1][2]
        latin = cur.isascii() and prev.isascii()  # (no space between: a space piece stops the run)
        if not (cur in _NO_LINE_START or prev in _NO_LINE_END or latin):
            break
        k += 1
    return pieces[k - 1][1] - pieces[0][0]


def _unit_overflows(seg: Segment, nxt: Segment, slot: Slot, paired: bool) -> bool:
    """The characters ``nxt`` opens with that could only move down together (a pair a
    line-breaking rule keeps together; a Latin word or figure after a space the line above broke
    at, printed at its end) would not have fitted at the end of ``seg`` within the column's
    widest line (from where that starts to the column's edge). Not when ``seg`` is itself about as
    wide as that line (short values make the column's width)."""
    room = slot.wrap_x1 - min(slot.band_x0, seg.x0) - (seg.x1 - seg.x0) - 0.3 * seg.size
    if room <= 0:
        return False
    t = nxt.text.lstrip()
    if seg.text.endswith(" ") and t[:1].isascii() and t[:1].isalnum():
        pieces = list(nxt.chars)
        end = next((i for i, c in enumerate(pieces) if not c[2].strip()), len(pieces))
        return end > 0 and pieces[end - 1][1] - pieces[0][0] + 0.25 * seg.size >= room
    return paired and _pair_width(nxt) >= room


def full_line(seg: Segment, nxt: Segment, slot: Slot) -> bool:
    """Did ``seg`` end because its cell was full, so that ``nxt`` goes on with it (the wrap test
    of the alignment reading, for other readers of cell lines: the drawn grids)?"""
    return _full(seg, nxt, slot)


def _continues_after_values(
    a: dict[int, list[Segment]], b: dict[int, list[Segment]], slots: Sequence[Slot]
) -> bool | None:
    """Line ``a`` holds a row label and values, ``b`` is the next line: True when ``b`` goes on
    with ``a``'s row below its values (the label wrapped at the column's edge, or the numbers cut
    short), False when ``b`` opens a row, None when ``a`` is no label-and-values line."""
    if 0 not in a or not any(is_numeric(x.text) for c, v in a.items() if c > 0 for x in v):
        return None
    if any(is_numeric(x.text) for c, v in b.items() if c > 0 for x in v):
        # only the rest of numbers cut at the cell's edge (or at a separator space: the line has
        # no label), under the numbers they finish
        return 0 not in b and all(
            c in a
            and is_numeric(a[c][-1].text)
            and (_number_goes_on(a[c][-1].text, v[0].text) or _separator_break(a[c][-1].text, v[0].text))
            for c, v in b.items()
        )
    if set(b) != {0}:
        return False
    label, nxt = a[0][-1], b[0][0]
    same_start = abs(nxt.x0 - a[0][0].x0) <= 0.5 * nxt.size
    return same_start and not _ENUM.match(nxt.text) and _full(label, nxt, slots[0])


def _label_then_values(a: dict[int, list[Segment]], b: dict[int, list[Segment]], slots: Sequence[Slot]) -> bool:
    """Line ``a`` is a label alone that ran to the column's edge and ``b``, the next line, carries
    values under a label that starts where ``a``'s does: ``a`` may be the first line of ``b``'s
    row (values set on a row's last line)."""
    if set(a) != {0} or 0 not in b or not any(is_numeric(x.text) for c, v in b.items() if c > 0 for x in v):
        return False
    label, nxt = a[0][-1], b[0][0]
    same_start = abs(nxt.x0 - a[0][0].x0) <= 0.5 * nxt.size
    return same_start and not _ENUM.match(nxt.text) and _full(label, nxt, slots[0])


def _placed(ln: TextLine, slots: Sequence[Slot]) -> dict[int, list[Segment]]:
    """A line's segments by the column (slot) each falls in."""
    cells: dict[int, list[Segment]] = {}
    for s in ln.segs:
        cells.setdefault(slot_of(s, slots), []).append(s)
    return cells


def _values_on_first_line(
    ordered: Sequence[TextLine], slots: Sequence[Slot], rules: Sequence[Rule], pitch: float
) -> bool:
    """The table sets a row's values on its first line (cells aligned to the top): more rows go
    on under the line of their values (a label wrapped, a number cut) than labels run to the
    edge over a line of values, the one pattern a table with values on the last line shows."""
    placed = [_placed(ln, slots) for ln in ordered]
    top = bottom = 0
    for (la, a), (lb, b) in pairwise(zip(ordered, placed, strict=True)):
        if (pitch and lb.top - la.top > 1.3 * pitch) or any(la.bottom - 1 < r.y < lb.top + 1 for r in rules):
            continue
        top += bool(_continues_after_values(a, b, slots))
        bottom += _label_then_values(a, b, slots)
    return top > bottom


def _list_label_kind(text: str) -> str | None:
    """The kind of list label ``text`` opens with ("A.", "1.", "(a)"), letters and numbers
    generalised; None without one."""
    m = _ENUM.match(text) or _ENUM_GLUED.match(text)
    if m is None:
        return None
    return re.sub(r"[a-z]+", "a", re.sub(r"[A-Z]+", "A", re.sub(r"\d+", "1", m.group(0).strip())))


def _sections_alike(
    ordered: Sequence[TextLine], slots: Sequence[Slot], rules: Sequence[Rule], pitch: float
) -> set[int]:
    """Lines (indices into ``ordered``) after which a row ends: a label alone on its line, opened
    by a list label, that ran to the column's edge over a line it could wrap into (or at the foot
    of the table's piece, where it might go on overleaf), in a table of
    values whose other labels of that kind at that start (its sibling section rows) each stand
    alone on one line. Sections of one table are set alike; that one label happens to be long
    enough to reach the edge says nothing of a wrap."""
    placed = [_placed(ln, slots) for ln in ordered]
    if not any(is_numeric(x.text) for p in placed for c, v in p.items() if c > 0 for x in v):
        return set()
    groups: dict[tuple[str, int], list[tuple[int, bool]]] = {}
    for i, p in enumerate(placed):
        if set(p) != {0}:
            continue
        label = p[0][0]
        kind = _list_label_kind(label.text)
        if kind is None:
            continue
        # the table's last line (a page's foot: the row may go on overleaf) when it ran to the edge
        ambiguous = i + 1 == len(ordered) and _full(p[0][-1], None, slots[0])
        if i + 1 < len(ordered):
            a, b, nxt = ordered[i], ordered[i + 1], placed[i + 1]
            apart = (pitch and b.top - a.top > 1.3 * pitch) or any(a.bottom - 1 < r.y < b.top + 1 for r in rules)
            if not apart and 0 in nxt:
                head = nxt[0][0]
                ambiguous = (
                    abs(head.x0 - label.x0) <= 0.5 * label.size
                    and _list_label_kind(head.text) is None
                    and _full(p[0][-1], head, slots[0])
                )
        key = next((k for k in groups if k[0] == kind and abs(k[1] - label.x0) <= 0.5 * label.size), None)
        groups.setdefault(key or (kind, round(label.x0)), []).append((i, ambiguous))
    out: set[int] = set()
    for members in groups.values():
        if any(not amb for _, amb in members):
            out.update(i for i, amb in members if amb)
    return out


def _cell_ended(prev: Sequence[Segment], last_top: float, ln: TextLine) -> bool:
    """A cell whose text stopped while the row went on (the row's previous line has nothing in
    it) has ended: its new text starts the next row, however full its last line was. The lines
    of one cell follow each other at the row's pitch (a gap between rows splits them already)."""
    return prev[-1].top < last_top - 0.5 * ln.size


def group_rows(
    body: Sequence[TextLine], slots: Sequence[Slot], rules: Sequence[Rule], has_label: bool = True
) -> list[RawRow]:
    """Body lines -> rows: a row ends at a rule, when a cell that already ended gets new text,
    when a number meets a number, or after values printed on a row's last line."""
    rows: list[RawRow] = []
    cur: RawRow | None = None
    last_bottom = -1e9
    last_top = -1e9
    ordered = sorted(body, key=lambda ln: ln.top)
    pitches = sorted(b.top - a.top for a, b in pairwise(ordered) if b.top - a.top > 1)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    label_ends = [s.x1 for ln in ordered for s in ln.segs if slot_of(s, slots) == 0]
    top_aligned = has_label and _values_on_first_line(ordered, slots, rules, pitch)
    alone = _sections_alike(ordered, slots, rules, pitch) if has_label else set()
    levels = _row_levels(ordered, slots)
    for k, ln in enumerate(ordered):
        placed = _placed(ln, slots)
        new = cur is None or cur.closed
        para: set[int] = set()
        if not new and any(last_bottom - 1 < r.y < ln.top + 1 for r in rules):
            new = True
        if not new and pitch and ln.top - last_top > 1.3 * pitch:
            new = True  # extra space between rows
        if not new and top_aligned and cur is not None and _values_start(cur, placed):
            new = True  # values stand on their row's first line: the label lines above are a row
        if not new and k - 1 in alone:
            new = True  # a section label set like its siblings: a row of one line
        if not new and cur is not None:
            for c, segs in placed.items():
                prev = cur.cells.get(c)
                if not prev:
                    continue
                # a line with no row label (in a table whose rows have labels) finishing a figure
                # broken at its separator space: the cell goes on
                separator = has_label and 0 not in placed and _separator_break(prev[-1].text, segs[0].text)
                if (
                    is_numeric(prev[-1].text)
                    and is_numeric(segs[0].text)
                    and not separator
                    and not _number_goes_on(prev[-1].text, segs[0].text)
                ):
                    new = True
                    break
                if prev[-1].bold != segs[0].bold:
                    new = True
                    break
                if _cell_ended(prev, last_top, ln):
                    new = True
                    break
                if c == 0 and _ENUM.match(segs[0].text) and segs[0].x0 <= cur.cells[0][0].x0 + 1:
                    new = True
                    break
                if c == 0 and _LEADER_END.search(prev[-1].text):
                    new = True  # leader dots end a label: it led to its values and is complete
                    break
                # a line starting at an indent where rows certainly start begins a row one level
                # down; else the label above must have ended at the column's edge alone (labels
                # ending there together may be wrapped there)
                at_level = c == 0 and _at_row_level(segs[0], levels)
                if (
                    c == 0
                    and _deeper_label(prev, segs[0], at_level)
                    and _values_start(cur, placed)
                    and (at_level or _alone_at_edge(prev[-1], label_ends))
                    # a line closer than the usual row step is the same row's next line
                    and ln.top - last_top >= pitch - 0.1 * ln.size
                ):
                    new = True
                    break
                if not separator and not _full(prev[-1], segs[0], slots[c], prev):
                    if has_label and c != 0 and 0 not in placed and cur.lines > 1 and not is_numeric(segs[0].text):
                        para.add(c)  # a new paragraph inside a multi-line cell
                        continue
                    new = True
                    break
        if new or cur is None:
            cur = RawRow(top=ln.top)
            rows.append(cur)
        had_values = any(is_numeric(x.text) for c, v in cur.cells.items() if c > 0 for x in v)
        for c, segs in placed.items():
            if c in para:
                cur.breaks.add((c, len(cur.cells.get(c, []))))
            cur.cells.setdefault(c, []).extend(segs)
        cur.lines += 1
        brings_values = any(is_numeric(x.text) for c, v in placed.items() if c > 0 for x in v)
        if has_label and cur.lines > 1 and brings_values and not had_values:
            cur.closed = True
        # (a section label set like its siblings ends its row, at a page's foot too)
        cur.open_end = (
            all(_full(v[-1], None, slots[c]) for c, v in placed.items()) and not brings_values and k not in alone
        )
        last_bottom = ln.bottom
        last_top = ln.top
    return rows


def cell_texts(row: RawRow, n_cols: int, cjk_latin_space: bool = False) -> list[str]:
    """Each column's text: a cell's lines joined as wrapped (a space where the page printed one at
    the break, or where its convention puts one; see joins_without_space), paragraphs by "\\n"."""
    out = []
    for c in range(n_cols):
        segs = row.cells.get(c, [])
        spaced = cell_spaced((s.text for s in segs), cjk_latin_space)
        parts: list[str] = []
        last_top = None
        text = ""
        for k, s in enumerate(segs):
            if last_top is not None and abs(s.top - last_top) < 0.5 * s.size and parts:
                text = text.rstrip() + " " + s.text
            elif (c, k) in row.breaks:
                text = text.rstrip() + "\n" + s.text.lstrip()
            elif (
                text
                and not segs[k - 1].letter_space
                and (
                    s.lead_space
                    or not joins_without_space(text, s.text, spaced)
                    # the separator space a figure broke at, where the line does not print it
                    or _separator_break(text, s.text)
                )
            ):
                # (a spaced line prints every space it has, one kept at its end too: none there
                # means the line broke inside a word)
                text = text.rstrip() + " " + s.text
            else:
                text = text + s.text
            last_top = s.top
            parts.append(s.text)
        out.append(text.strip())
    return out


def indent_levels(rows: Sequence[RawRow], ref_x0: float | None, tol: float) -> list[int]:
    xs = [r.cells[0][0].x0 if r.cells.get(0) else None for r in rows]
    known = sorted({round(x, 1) for x in xs if x is not None} | ({round(ref_x0, 1)} if ref_x0 is not None else set()))
    levels: list[float] = []
    for level in known:
        if not levels or level - levels[-1] > tol:
            levels.append(level)
    out = []
    for x in xs:
        if x is None:
            out.append(0)
            continue
        out.append(max(i for i, lv in enumerate(levels) if lv <= x + tol))
    return out


def row_kinds(
    texts: Sequence[Sequence[str]], rows: Sequence[RawRow], indents: Sequence[int], has_label_col: bool
) -> list[str]:
    kinds = []
    label_only = [bool(c and c[0]) and not any(c[1:]) for c in texts]
    bold_sections = any(
        lo and r.cells.get(0) and all(s.bold for s in r.cells[0]) for lo, r in zip(label_only, rows, strict=True)
    )
    for cells, raw in zip(texts, rows, strict=True):
        label = cells[0] if cells else ""
        others = any(c for c in cells[1:])
        if has_label_col and SUBTOTAL_RE.match(label):
            kinds.append("subtotal")
        elif has_label_col and _TOTAL.match(label):
            kinds.append("total")
        elif (
            has_label_col
            and label
            and not others
            and len(cells) > 1
            and (all(s.bold for s in raw.cells.get(0, [])) if bold_sections else raw.lines == 1)
        ):
            kinds.append("section")
        else:
            kinds.append("data")
    # a section heads rows with values below it; a label-only row at the end is an ordinary row
    later_values = False
    for i in range(len(kinds) - 1, -1, -1):
        if kinds[i] == "section" and not later_values and not bold_sections:
            kinds[i] = "data"
        if any(texts[i][1:]):
            later_values = True
    # a row with values whose next row is indented under it is a group subtotal
    for i in range(len(kinds) - 1):
        if (
            kinds[i] == "data"
            and has_label_col
            and any(texts[i][1:])
            and indents[i + 1] > indents[i]
            and kinds[i + 1] != "section"
        ):
            kinds[i] = "subtotal"
    return kinds
