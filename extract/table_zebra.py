"""Tables drawn by shading alone: rows of shaded cells (a header band, zebra stripes), no rules.

A browser or word processor prints each shaded cell as its own filled rectangle, so the page
shows bands of fills one row high, cut where the cells meet. A stack of such bands with the same
left and right ends and the same cuts is a table: the cuts are its column borders, the band edges
its row borders, and the unshaded rows sit between the bands (and under the last one). A first
band shaded in another colour than the stripes under it is the header.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from extract.geometry import PageGeometry
from extract.layout import Rule
from extract.table_layout import TextLine, VRule
from extract.table_regions import Region, scan_above
from extract.table_settings import TableSettings

__all__ = ["zebra_regions"]

# a shaded row band is at most this many body-text sizes high (a row of a few wrapped lines;
# taller shading is a panel or box)
_BAND_MAX_EM = 12.0
# fills whose edges are closer than this share of the body size meet (one band, or one cut)
_MEET_EM = 0.15
# bands stack into one table when their ends differ by less than this share of the band width
_ENDS_SHARE = 0.02
# a title line is centred on the table when its centre is off by at most this share of the width
_CENTRED_SHARE = 0.12
_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?")
# an unshaded stretch between two bands of one table is at most this many body sizes high
_GAP_MAX_EM = 10.0


@dataclass(slots=True)
class _Band:
    x0: float
    x1: float
    top: float
    bottom: float
    colour: tuple
    cuts: list[float] = field(default_factory=list)


def _bands(geometry: PageGeometry, body_size: float, settings: TableSettings) -> list[_Band]:
    meet = _MEET_EM * body_size
    cells = [
        f
        for f in geometry.filled
        # a fill (white, or shading thicker than a rule drawn as a box), unstroked
        if (f.white or f.is_shade(body_size, settings))
        and not f.stroked
        and f.bottom - f.top <= _BAND_MAX_EM * body_size
        and f.levels
        and not all(v >= 0.97 for v in f.levels)
    ]
    out: list[_Band] = []
    for o in sorted(cells, key=lambda o: (round(o.top, 1), o.x0)):
        b = out[-1] if out else None
        if (
            b is not None
            and abs(b.top - o.top) <= meet
            and abs(b.bottom - o.bottom) <= meet
            and abs(o.x0 - b.x1) <= meet
        ):
            b.cuts.append(o.x0)
            b.x1 = o.x1
        else:
            out.append(_Band(o.x0, o.x1, o.top, o.bottom, o.levels))
    return out


def _same_cuts(a: _Band, b: _Band, tol: float) -> bool:
    return len(a.cuts) == len(b.cuts) and all(abs(x - y) <= tol for x, y in zip(a.cuts, b.cuts, strict=True))


def _mid(ln: TextLine) -> float:
    return (ln.top + ln.bottom) / 2


def zebra_regions(
    geometry: PageGeometry,
    page_height: float,
    lines: Sequence[TextLine],
    free: Sequence[TextLine],
    taken: Sequence[tuple[float, ...]],
    page_lines: Sequence[TextLine],
    body_size: float,
    settings: TableSettings,
) -> list[Region]:
    """Regions of the tables drawn by shaded cells only (the fills of the page's ``geometry``):
    ``lines`` are the text lines no other table took (``free`` among them may be its caption),
    ``taken`` the boxes of the tables already read (a band inside one is that table's shading),
    ``page_lines`` all lines."""
    meet = _MEET_EM * body_size
    bx = taken
    bands = [
        b
        for b in _bands(geometry, body_size, settings)
        if b.cuts and not any(t[0] - meet <= b.x0 <= b.x1 <= t[2] + meet and t[1] - meet <= b.top <= t[3] for t in bx)
    ]
    chains: list[list[_Band]] = []
    for b in bands:
        c = chains[-1] if chains else None
        if c is not None:
            last = c[-1]
            width = last.x1 - last.x0
            between = [ln for ln in lines if last.bottom < _mid(ln) < b.top]
            size = max((ln.size for ln in lines if last.top < _mid(ln) < last.bottom), default=body_size)
            if (
                abs(b.x0 - last.x0) <= _ENDS_SHARE * width
                and abs(b.x1 - last.x1) <= _ENDS_SHARE * width
                and _same_cuts(b, last, meet + _ENDS_SHARE * width)
                and b.top - last.bottom <= _GAP_MAX_EM * body_size
                and all(not settings.larger(ln.size, size) and last.x0 <= ln.x0 <= ln.x1 <= b.x1 for ln in between)
            ):
                c.append(b)
                continue
        chains.append([b])
    out: list[Region] = []
    taken_lines: list[set[int]] = []
    for chain in chains:
        if len(chain) < 2:
            continue
        x0, x1, top = chain[0].x0, chain[0].x1, chain[0].top
        inside = [ln for ln in lines if top < _mid(ln) < chain[-1].bottom and x0 <= ln.x0 and ln.x1 <= x1 + meet]
        if not inside:
            continue
        tsize = statistics.median(ln.size for ln in inside)
        # the rows under the last band: lines of the table's size, as close as its rows are
        order = sorted(inside, key=lambda ln: ln.top)
        gaps = [b.top - a.bottom for a, b in pairwise(order)]
        step = max(gaps, default=tsize) + meet
        bottom = chain[-1].bottom
        prev = max(ln.bottom for ln in order)
        nxt = min((b.top for b in bands if b.top > bottom + meet), default=page_height)
        for ln in sorted((ln for ln in lines if _mid(ln) > bottom and ln.bottom < nxt), key=lambda ln: ln.top):
            if ln.top - prev > step or settings.larger(ln.size, tsize) or ln.x0 < x0 - meet or ln.x1 > x1 + meet:
                break
            inside.append(ln)
            prev = bottom = ln.bottom
        header = chain[0].colour != chain[1].colour
        head_bottom = chain[0].bottom if header else None
        edges = sorted({y for b in chain for y in (b.top, b.bottom)} | {bottom})
        region = Region(
            x0=x0,
            x1=x1,
            top_y=top,
            header_bottom=head_bottom,
            bottom_y=bottom,
            rules=[Rule(x0=x0, x1=x1, y=y, width=0.0) for y in edges],
            vrules=[VRule(x=x, top=top, bottom=bottom) for x in [x0, *chain[0].cuts, x1]],
            header_lines=[ln for ln in inside if head_bottom is not None and _mid(ln) < head_bottom],
            body_lines=[ln for ln in inside if head_bottom is None or _mid(ln) > head_bottom],
            problems=["no rules: rows and columns read from the shaded cells"],
        )
        # the caption is sought among the lines no table above took (a table's rows are no title)
        scan_above(region, [ln for ln in free if not any(id(ln) in used for used in taken_lines)], tsize, settings)
        taken_lines.append({id(ln) for ln in inside})
        if region.caption is None:
            # with no "表 N" caption only a line centred on the table is its title; a line set
            # flush left above it is a heading of the document and stays in the text
            centre, width = (x0 + x1) / 2, x1 - x0
            # (nor is a sentence); the title is the run of such lines right above the table
            kept: list[TextLine] = []
            for ln in sorted(region.title_lines, key=lambda ln: -ln.top):
                if abs(ln.center - centre) > _CENTRED_SHARE * width or ln.text.rstrip().endswith(_SENTENCE_ENDS):
                    break
                kept.insert(0, ln)
            region.title_lines = kept
        body_top = settings.body_span(page_height)[0]
        first_top = region.bbox()[1]
        region.at_page_top = not any(ln.bottom < first_top - 0.5 and ln.top >= body_top for ln in page_lines)
        out.append(region)
    return out
