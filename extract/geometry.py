"""One page geometry for text and tables: a page's strokes read once into rules of both directions.

A page draws its rules as lines, as thin boxes, as the sides of boxes and as straight pieces of
paths, often one short piece per table cell. ``read_geometry`` reads those objects once: every
straight horizontal or vertical stroke is a piece; pieces drawn end to end on one line are joined
(in both directions); a box thin enough to be a rule is one rule along its long side, and two
strokes of the same extent closer than a rule's thickness (the two long edges of a thin box drawn
as lines) are one rule; every rule keeps its thickness and colour. Its filled boxes (shading,
highlight) are read in the same pass. The text side (extract.layout: underlines, separators) and
the table side (extract.table_layout: borders, column rules) both take their rules from here and
filter them by their own criteria; the joining is done once.

Lengths are in em of the page's text size (``text_size``): the knobs are
TableSettings.rule_join_em and TableSettings.rule_box_max_em.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from extract.models import BBox
from extract.table_settings import TableSettings

_DEFAULT = TableSettings()
# coordinates that differ by less than this many points are equal (a stroke's two ends on one
# line, as a PDF writes them with rounding): far below any printed size
_SAME = 0.01


@dataclass(slots=True, frozen=True)
class Rule:
    """A horizontal rule (a thin line, a thin box, or a box's top or bottom side)."""

    x0: float
    x1: float
    y: float
    width: float  # stroke thickness
    colour: tuple = ()  # () for black, grey levels near black or unknown
    outline: bool = False  # a side of a box taller than a rule (a frame or cell border), not a line

    @property
    def length(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True, frozen=True)
class VRule:
    """A vertical rule (a thin line, a thin box, or a box's left or right side)."""

    x: float
    top: float
    bottom: float
    width: float = 0.5  # stroke thickness
    colour: tuple = ()
    outline: bool = False

    @property
    def length(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True, frozen=True)
class Fill:
    """A filled rectangle of the page: shading, a highlight, a white box behind text, or a rule
    drawn as a thin box."""

    x0: float
    top: float
    x1: float
    bottom: float
    levels: tuple[float, ...]  # its fill colour's levels rounded to 0.01 (gray, RGB or CMYK); () unknown
    white: bool  # is_white: not seen on a white page
    stroked: bool  # its outline is stroked too

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def is_shade(self, size: float, settings: TableSettings = _DEFAULT) -> bool:
        """Seen shading (``size``: the text size the rule thickness is measured in): an unstroked,
        non-white fill thicker than a rule drawn as a box (is_fill's test on its record)."""
        return (
            not self.stroked
            and not self.white
            and min(self.x1 - self.x0, self.bottom - self.top) > (settings.rule_box_max_em * size)
        )


@dataclass(slots=True, frozen=True)
class PageGeometry:
    """A page's drawn rules of both directions and its filled boxes, read once."""

    size: float  # the page's text size (points) the joining was measured in
    rules: tuple[Rule, ...]  # horizontal, top to bottom, left to right
    vrules: tuple[VRule, ...]  # vertical, left to right, top to bottom
    filled: tuple[Fill, ...] = ()  # every filled rectangle, in the page's drawing order
    # boxes of what is drawn rather than ruled: rectangles wider and taller than a rule drawn as a
    # box, curves and images (charts, panels, pictures)
    shapes: tuple[BBox, ...] = ()

    @property
    def fills(self) -> tuple[BBox, ...]:
        """Filled, non-white boxes (shading, highlight, rules drawn as boxes) as (x0, top, x1, bottom)."""
        return tuple(f.bbox for f in self.filled if not f.white)

    def shades(self, size: float, settings: TableSettings = _DEFAULT) -> list[Fill]:
        """The fills seen as shading (Fill.is_shade) at text size ``size``."""
        return [f for f in self.filled if f.is_shade(size, settings)]


def colour_of(value: object) -> tuple:
    """A PDF colour as a tuple of levels rounded to 0.01; () for black, grey levels near black or
    unknown (CMYK black: a high K with no colour)."""
    if value is None or isinstance(value, str):
        return ()
    if isinstance(value, int | float):
        value = (value,)
    if not isinstance(value, list | tuple):
        return ()
    vals = tuple(round(float(v), 2) for v in value if isinstance(v, int | float))
    if len(vals) == 4:
        return () if max(vals[:3]) < 0.1 else vals
    return () if not vals or max(vals) < 0.1 else vals


def is_white(value: object) -> bool:
    """Gray or RGB all at full intensity, or CMYK all zero (not seen on a white page)."""
    values = value if isinstance(value, tuple | list) else (value,)
    try:
        levels = [float(v) for v in values if v is not None]
    except (TypeError, ValueError):
        return False
    if not levels:
        return False
    return all(v <= 0.03 for v in levels) if len(levels) == 4 else all(v >= 0.97 for v in levels)


def text_size(chars: Iterable[dict]) -> float:
    """The font size (to half a point) that carries most of the page's printed characters; 10 pt on
    a page without text. The unit the geometry's lengths are measured in."""
    weights: Counter[float] = Counter()
    for c in chars:
        if c["text"].strip():
            weights[round(float(c.get("size") or (c["bottom"] - c["top"])) * 2) / 2] += 1
    return max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0] if weights else 10.0


def is_fill(obj: dict, size: float, settings: TableSettings = _DEFAULT) -> bool:
    """A filled rectangle with no stroke, thicker than a rule (or white, so not seen at all): a
    fill, whose edges are no borders (``size``: the page's text size)."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return False
    if is_white(obj.get("non_stroking_color")):
        return True
    return min(obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]) > settings.rule_box_max_em * size


# a piece of a rule: (position across, start, end, thickness, colour, outline)
_Piece = tuple[float, float, float, float, tuple, bool]


def _pieces(page, size: float, settings: TableSettings) -> tuple[list[_Piece], list[_Piece]]:
    """Every straight horizontal and vertical stroke of the page (fills left out)."""
    thin = settings.rule_box_max_em * size
    hs: list[_Piece] = []
    vs: list[_Piece] = []

    def stroke(x0: float, top: float, x1: float, bottom: float, width: float, colour: tuple, outline: bool) -> None:
        w, h = x1 - x0, bottom - top
        if h <= thin and w > h:
            hs.append(((top + bottom) / 2, x0, x1, width, colour, outline))
        elif w <= thin and h > w:
            vs.append(((x0 + x1) / 2, top, bottom, width, colour, outline))

    for ln in page.lines:
        width = float(ln.get("linewidth") or 0.5)
        stroke(ln["x0"], ln["top"], ln["x1"], ln["bottom"], width, colour_of(ln.get("stroking_color")), False)
    for r in page.rects:
        if is_fill(r, size, settings):
            continue
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        if min(x1 - x0, bottom - top) <= thin:
            # a box drawn as a rule: one rule along its long side, as thick as the box
            key = "non_stroking_color" if r.get("fill") else "stroking_color"
            thick = max(min(x1 - x0, bottom - top), 0.5)
            stroke(x0, top, x1, bottom, thick, colour_of(r.get(key)), False)
            continue
        width = float(r.get("linewidth") or 0.5)
        colour = colour_of(r.get("stroking_color") if r.get("stroke") else r.get("non_stroking_color"))
        for side in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
            stroke(*side, width, colour, True)
    for cv in page.curves:
        pts = cv.get("pts") or []
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        # a closed shape wider and taller than a rule draws a box: its straight sides are outlines
        boxed = bool(pts) and min(max(xs) - min(xs), max(ys) - min(ys)) > thin
        width = float(cv.get("linewidth") or 0.5)
        colour = colour_of(cv.get("stroking_color"))
        for (ax, ay), (bx, by) in pairwise(pts):
            if abs(ay - by) < _SAME or abs(ax - bx) < _SAME:
                stroke(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), width, colour, boxed)
    return hs, vs


def join_pieces(pieces: Sequence[_Piece], join: float, box: float) -> list[_Piece]:
    """Pieces of one rule joined: on (almost) the same line (positions within ``join`` of the
    line's first piece), each starting at most ``join`` after the last one ends; then two rules of
    the same extent less than ``box`` apart (a thin box's two long edges) are one rule, as thick
    as they stand apart. Works for either direction (position across, start, end along)."""
    groups: list[list[_Piece]] = []
    for p in sorted(pieces):
        if groups and abs(p[0] - groups[-1][0][0]) <= join:
            groups[-1].append(p)
        else:
            groups.append([p])
    joined: list[_Piece] = []
    for g in groups:
        g.sort(key=lambda p: p[1])
        run, end = [g[0]], g[0][2]
        for p in g[1:]:
            if p[1] <= end + join:
                run.append(p)
                end = max(end, p[2])
            else:
                joined.append(_merge(run))
                run, end = [p], p[2]
        joined.append(_merge(run))
    joined.sort(key=lambda p: (p[0], p[1]))
    out: list[_Piece] = []
    for p in joined:
        m = out[-1] if out else None
        if m and p[0] - m[0] < box and abs(p[1] - m[1]) < join and abs(p[2] - m[2]) < join:
            width = max(m[3], p[3], p[0] - m[0])
            out[-1] = ((m[0] + p[0]) / 2, min(m[1], p[1]), max(m[2], p[2]), width, m[4] or p[4], m[5] and p[5])
        else:
            out.append(p)
    return out


def _merge(run: Sequence[_Piece]) -> _Piece:
    """One rule from pieces drawn end to end: the mean position, the union extent, the thickest
    stroke, the colour most of its length has; an outline when every piece is one."""
    colours: dict[tuple, float] = {}
    for p in run:
        colours[p[4]] = colours.get(p[4], 0.0) + p[2] - p[1]
    pos = sum(p[0] for p in run) / len(run)
    return (
        pos,
        min(p[1] for p in run),
        max(p[2] for p in run),
        max(p[3] for p in run),
        max(colours, key=lambda c: colours[c]),
        all(p[5] for p in run),
    )


def _levels(value: object) -> tuple[float, ...]:
    values = value if isinstance(value, tuple | list) else (value,)
    return tuple(round(float(v), 2) for v in values if isinstance(v, int | float))


def filled_rects(page) -> list[Fill]:
    """Every filled rectangle of a page, with its colour."""
    return [
        Fill(
            r["x0"],
            r["top"],
            r["x1"],
            r["bottom"],
            _levels(r.get("non_stroking_color")),
            is_white(r.get("non_stroking_color")),
            bool(r.get("stroke")),
        )
        for r in page.rects
        if r.get("fill")
    ]


def read_geometry(page, size: float | None = None, settings: TableSettings = _DEFAULT) -> PageGeometry:
    """The page's rules of both directions, joined, and its filled boxes (``size``: the page's text
    size, measured from its characters when None)."""
    size = text_size(page.chars) if size is None else size
    join, box = settings.rule_join_em * size, settings.rule_box_max_em * size
    hs, vs = _pieces(page, size, settings)
    rules = tuple(Rule(p[1], p[2], p[0], p[3], p[4], p[5]) for p in join_pieces(hs, join, box))
    vrules = tuple(VRule(p[0], p[1], p[2], p[3], p[4], p[5]) for p in join_pieces(vs, join, box))
    shapes = [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects if min(r["width"], r["height"]) > box]
    shapes.extend((o["x0"], o["top"], o["x1"], o["bottom"]) for kind in (page.curves, page.images) for o in kind)
    return PageGeometry(size, rules, vrules, tuple(filled_rects(page)), tuple(shapes))
