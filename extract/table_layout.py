"""Page layout for the table extractor: characters -> text lines -> segments; the page's rules.

Pure functions over plain pdfplumber dictionaries; nothing here knows about tables yet.
A *segment* is a run of characters on one text line with no column-sized gap inside it, so a
number printed with a space as thousands separator ("21 466.8") is always one segment.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from extract.geometry import PageGeometry, Rule, VRule
from extract.layout import glyph_order, is_bold, is_cjk, spaced_lines
from extract.table_settings import TableSettings

_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


@dataclass(slots=True)
class Segment:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str  # raw text as printed; inner and trailing spaces kept, leading spaces dropped
    size: float
    bold: bool = False
    first_w: float = 0.0  # width of the first printed character
    second: str = ""  # the second printed character (line-breaking rules)
    chars: tuple[tuple[float, float, str], ...] = ()  # (x0, x1, text) of the pieces, spaces included
    lead_space: bool = False  # the line starts with a printed space before this segment (a wrap's space)
    # on a line set with a space after every character: that space's width (0 on other lines); a
    # word space there is printed as three spaces, two of them letter spacing
    letter_space: float = 0.0

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class TextLine:
    top: float
    bottom: float
    segs: list[Segment] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.segs[0].x0

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segs)

    @property
    def size(self) -> float:
        return max(s.size for s in self.segs)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segs)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def page_chars(chars: Iterable[dict], height: float, settings: TableSettings, bands: bool = False) -> list[dict]:
    """Upright printed characters outside the running header/footer bands (``bands``: in them too)."""
    lo, hi = settings.body_span(height) if not bands else (float("-inf"), float("inf"))
    out = []
    for c in chars:
        if not c.get("upright", True):
            continue
        mid = (c["top"] + c["bottom"]) / 2
        if lo <= mid <= hi and c["text"] not in ("\n", "\r"):
            out.append(c)
    return out


def band_rows(
    chars: Iterable[dict], height: float, lines: Sequence[TextLine], settings: TableSettings
) -> list[TextLine]:
    """Lines of the page's margin bands that carry on a table of the body (``lines``: the body's).

    With no running lines found by repetition (a one-page document, say), tables are read inside a
    fixed margin band; a table printed from the very top or down to the very foot of the page has
    rows in it. A band line is the table's when, working out from the body line nearest the band,
    each next line stands at the table's own line spacing (``band_row_slack_em``) and carries on
    its columns (``_carries_columns``); the first line that does not ends the run."""
    lo, hi = settings.body_span(height)
    body = sorted(lines, key=lambda ln: ln.top)
    if not body:
        return []
    out: list[TextLine] = []
    sides = [side for side, found in (("top", settings.body_top), ("bottom", settings.body_bottom)) if found is None]
    printed = [c for c in chars if c.get("upright", True) and c["text"] not in ("\n", "\r")]
    for side in sides:
        above = side == "top"
        band = [
            c for c in printed if ((c["top"] + c["bottom"]) / 2 < lo if above else (c["top"] + c["bottom"]) / 2 > hi)
        ]
        if not band:
            continue
        near = body[: settings.band_ref_lines] if above else body[::-1][: settings.band_ref_lines]
        if len(near[0].segs) < 3:
            continue  # the body starts with no row of columns: nothing to carry on
        steps = [(b.top - a.bottom) if above else (a.top - b.bottom) for a, b in pairwise(near)]
        spacing = max([0.0, *steps])
        anchor = near[0]
        for ln in sorted(group_lines(band, settings), key=lambda ln: -ln.top if above else ln.top):
            gap = anchor.top - ln.bottom if above else ln.top - anchor.bottom
            if not 0 <= gap <= spacing + settings.band_row_slack_em * ln.size or not _carries_columns(ln, near):
                break
            out.append(ln)
            anchor = ln
    return out


def _mid(c: dict) -> float:
    return (c["top"] + c["bottom"]) / 2


def _carries_columns(ln: TextLine, near: Sequence[TextLine]) -> bool:
    """Does ``ln`` print in the columns of the table lines ``near``: three or more pieces, at least
    half as many as the nearest line has, each over a piece of those lines, over three or more
    different pieces of the nearest line?"""
    if len(ln.segs) < 3 or 2 * len(ln.segs) < len(near[0].segs):
        return False
    pieces = [s for n in near for s in n.segs]
    if not all(any(min(s.x1, p.x1) > max(s.x0, p.x0) for p in pieces) for s in ln.segs):
        return False
    hit = {k for k, p in enumerate(near[0].segs) for s in ln.segs if min(s.x1, p.x1) > max(s.x0, p.x0)}
    return len(hit) >= 3


def group_lines(chars: Sequence[dict], settings: TableSettings) -> list[TextLine]:
    """Cluster characters into text lines by vertical centre, then cut each line into segments."""
    printed = sorted((c for c in chars if c["text"].strip()), key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    spaces = [c for c in chars if not c["text"].strip()]
    rows: list[list[dict]] = []
    centre = -1e9
    for c in printed:
        mid = (c["top"] + c["bottom"]) / 2
        size = c.get("size") or (c["bottom"] - c["top"])
        if rows and abs(mid - centre) <= settings.line_tolerance * size:
            rows[-1].append(c)
        else:
            rows.append([c])
            centre = mid
    rows = _marks_into_lines(_nearest_rows(rows))
    lines = []
    space_x = sorted(((s["x0"] + s["x1"]) / 2, (s["top"] + s["bottom"]) / 2) for s in spaces)
    spaced = _spaced_rows(rows, spaces)
    for row, sp in zip(rows, spaced, strict=True):
        row[:] = glyph_order(row)
        lines.append(
            TextLine(
                top=min(c["top"] for c in row),
                bottom=max(c["bottom"] for c in row),
                segs=_segments(row, space_x, settings, sp),
            )
        )
    return lines


def _nearest_rows(rows: list[list[dict]]) -> list[list[dict]]:
    """Each character to the line whose middle (the median of its characters' centres) is nearest.

    Lines are first cut where the centre jumps; a run of glyphs whose boxes sit a little lower (CJK
    beside Latin glyphs in another font) can then land on the line beside it, in a table printed
    next to it with its rows slightly offset."""
    if len(rows) < 2:
        return rows
    mids = [statistics.median((c["top"] + c["bottom"]) / 2 for c in row) for row in rows]
    order = sorted(range(len(rows)), key=lambda i: mids[i])
    keys = [mids[i] for i in order]
    out: list[list[dict]] = [[] for _ in rows]
    for i, row in enumerate(rows):
        for c in row:
            mid = (c["top"] + c["bottom"]) / 2
            k = bisect.bisect_left(keys, mid)
            near = [order[j] for j in (k - 1, k) if 0 <= j < len(order)]
            best = min(near, key=lambda j: abs(mids[j] - mid))
            out[best if abs(mids[best] - mid) < abs(mids[i] - mid) else i].append(c)
    return [r for r in out if r]


# a footnote mark is at most this many glyphs, set at most this share of the text's size
_MARK_GLYPHS = 4
_MARK_SIZE = 0.8


def _size(c: dict) -> float:
    return c.get("size") or (c["bottom"] - c["top"])


def _marks_into_lines(rows: list[list[dict]]) -> list[list[dict]]:
    """A footnote mark printed small and raised (or lowered) against a word, "Others⁽¹⁾", has its own
    vertical centre: it joins the line of the word it touches (within a quarter em on either side)."""
    out = [r for r in rows]
    for row in rows:
        if len(row) > _MARK_GLYPHS:
            continue
        top, bottom = min(c["top"] for c in row), max(c["bottom"] for c in row)
        x0, x1 = min(c["x0"] for c in row), max(c["x1"] for c in row)
        small = max(_size(c) for c in row)
        for other in out:
            if other is row or not other:
                continue
            big = statistics.median(_size(c) for c in other)
            if small > _MARK_SIZE * big:
                continue
            o_top, o_bottom = min(c["top"] for c in other), max(c["bottom"] for c in other)
            if min(bottom, o_bottom) - max(top, o_top) <= 0:
                continue
            if any(
                -0.25 * big <= x0 - c["x1"] <= 0.25 * big or -0.25 * big <= c["x0"] - x1 <= 0.25 * big
                for c in other
                if min(bottom, c["bottom"]) - max(top, c["top"]) > 0
            ):
                other.extend(row)
                row.clear()
                break
    return [r for r in out if r]


def _spaced_rows(rows: Sequence[list[dict]], spaces: Sequence[dict]) -> list[float]:
    """Per row: the width of one interleaved space when the row is set with a space after every
    character (older PDFs; detected as the text side does, extract.layout.spaced_lines), else 0."""
    if not spaces:
        return [0.0] * len(rows)
    groups: list[list[dict]] = [list(r) for r in rows]
    spans = [(min(c["top"] for c in r), max(c["bottom"] for c in r), min(c["x0"] for c in r), max(c["x1"] for c in r))
             for r in rows]  # fmt: skip
    for c in spaces:
        cy = (c["top"] + c["bottom"]) / 2
        size = c.get("size") or (c["bottom"] - c["top"])
        for i, (top, bottom, x0, x1) in enumerate(spans):
            if top - 0.5 <= cy <= bottom + 0.5 and x0 - size < c["x0"] < x1 + size:
                groups[i].append(c)
                break
    out = []
    for g, is_spaced in zip(groups, spaced_lines(groups), strict=True):
        widths = [c["x1"] - c["x0"] for c in g if not c["text"].strip()]
        out.append(statistics.median(widths) if is_spaced and widths else 0.0)
    return out


def _has_space_between(space_x: list[tuple[float, float]], x0: float, x1: float, top: float, bottom: float) -> int:
    import bisect

    i = bisect.bisect_left(space_x, (x0 - 0.5, -1e9))
    n = 0
    while i < len(space_x) and space_x[i][0] <= x1 + 0.5:
        if top - 1 <= space_x[i][1] <= bottom + 1:
            n += 1
        i += 1
    return n


# the last token of a segment's text: a number (with its decimal part) or a dash standing for none
_LAST_VALUE = re.compile(r"(?:^|\s)(?:[-−]?\d[\d,]*(\.\d+)?%?|[—–-])$")
_VALUE_START = set("0123456789—–−-")


def _numbers_apart(text: str, row: list[dict], i: int, settings: TableSettings) -> bool:
    """Two values of neighbouring columns set closer than a column gap: a number or dash, an
    unprinted gap, and a number or dash that cannot continue it (after a decimal part or a dash
    nothing continues a number; a digit group after a gap continues it only as a thousands group
    of exactly three digits)."""
    m = _LAST_VALUE.search(text)
    if m is None or row[i]["text"] not in _VALUE_START:
        return False
    if m.group(1) or not text[-1].isdigit() or not row[i]["text"].isdigit():
        return True
    run, j = 0, i
    while j < len(row) and row[j]["text"].isdigit():
        size = row[j].get("size") or (row[j]["bottom"] - row[j]["top"])
        if j > i and row[j]["x0"] - row[j - 1]["x1"] > settings.space_gap * size:
            break
        run += 1
        j += 1
    return run != 3


def _segments(
    row: list[dict], space_x: list[tuple[float, float]], settings: TableSettings, spaced: float = 0.0
) -> list[Segment]:
    """Cut a line into segments at column-sized gaps. ``spaced``: the width of the space printed
    after every character of a spaced line (0 if not spaced): k spaces in a row then stand for
    k // 2 (as on the text side), and the gap they leave is measured without the dropped ones."""
    segs: list[Segment] = []
    cur: list[dict] = []
    text: list[str] = []
    pieces: list[tuple[float, float, str]] = []

    def flush(trailing: bool) -> None:
        if not cur:
            return
        sizes = [c.get("size") or (c["bottom"] - c["top"]) for c in cur]
        t = "".join(text) + (" " if trailing else "")
        first = cur[0]
        lead = (
            not segs
            and not spaced
            and _has_space_between(
                space_x, first["x0"] - 0.5 * max(sizes), first["x0"] + 0.01, first["top"], first["bottom"]
            )
            >= 1
        )
        segs.append(
            Segment(
                x0=cur[0]["x0"],
                x1=max(c["x1"] for c in cur),
                top=min(c["top"] for c in cur),
                bottom=max(c["bottom"] for c in cur),
                text=t,
                size=max(sizes),
                bold=sum(is_bold(c.get("fontname", "")) for c in cur) * 2 > len(cur),
                first_w=cur[0]["x1"] - cur[0]["x0"],
                second=cur[1]["text"] if len(cur) > 1 else "",
                chars=tuple(pieces),
                lead_space=lead,
                letter_space=spaced,
            )
        )

    for i, c in enumerate(row):
        if not cur:
            cur, text, pieces = [c], [c["text"]], [(c["x0"], c["x1"], c["text"])]
            continue
        prev = cur[-1]
        size = max(c.get("size") or 0, prev.get("size") or 0) or (c["bottom"] - c["top"])
        gap = c["x0"] - prev["x1"]
        top, bottom = min(c["top"], prev["top"]), max(c["bottom"], prev["bottom"])
        n_sp = _has_space_between(space_x, prev["x1"] - 0.01, c["x0"] + 0.01, top, bottom) if gap > 0.5 else 0
        placed = False
        if spaced:
            # a spaced line prints every space of its text (k spaces for k // 2), so its glyphs
            # touch their spaces: a gap left unprinted wider than a space is where text was set
            # apart (the next column), however narrow next to the spaced-out letters
            placed = gap - n_sp * spaced > settings.space_gap * size
            gap -= (n_sp - n_sp // 2) * spaced
            n_sp //= 2
        wide = gap > settings.space_gap * size and not n_sp and not spaced
        if (
            gap > settings.segment_gap * size
            or n_sp >= 2
            or placed
            or (wide and _numbers_apart("".join(text), row, i, settings))
        ):
            flush(
                trailing=n_sp >= 1
                and _has_space_between(space_x, prev["x1"] - 0.01, prev["x1"] + 0.5 * size, top, bottom) >= 1
            )
            cur, text, pieces = [c], [c["text"]], [(c["x0"], c["x1"], c["text"])]
            continue
        if n_sp >= 1 or (
            not spaced and gap > settings.space_gap * size and not (is_cjk(prev["text"][-1]) and is_cjk(c["text"][0]))
        ):
            text.append(" ")
            pieces.append((prev["x1"], prev["x1"], " "))
        cur.append(c)
        text.append(c["text"])
        pieces.append((c["x0"], c["x1"], c["text"]))
    # a printed space right after the last character of the line is kept (cell text keeps it)
    if cur:
        last = cur[-1]
        if spaced:
            # a spaced line prints a space after every character: k spaces after the last one
            # stand for k // 2 (a word space kept at the end of a wrapped line is three)
            after = _has_space_between(
                space_x, last["x1"] - 0.01, last["x1"] + 3.5 * spaced, last["top"], last["bottom"]
            )
            trailing = after // 2 >= 1
        else:
            trailing = (
                _has_space_between(
                    space_x, last["x1"] - 0.01, last["x1"] + (last.get("size") or 9) * 0.5, last["top"], last["bottom"]
                )
                >= 1
            )
        flush(trailing)
    return segs


def body_font_size(lines: Sequence[TextLine]) -> float:
    """The font size that carries most characters on the page (prose size)."""
    weights: dict[float, int] = {}
    for ln in lines:
        for s in ln.segs:
            k = round(s.size * 2) / 2
            weights[k] = weights.get(k, 0) + len(s.text)
    if not weights:
        return 10.0
    return max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_rules(
    geometry: PageGeometry,
    height: float,
    body_size: float,
    settings: TableSettings,
    exclude: Sequence[tuple[float, ...]] = (),
) -> tuple[list[Rule], list[VRule]]:
    """The table side's rules: the page's rules (extract.geometry, joined there) of the page body,
    horizontal ones of table size (``rule_min_em``), vertical ones taller than a dash or a tick, on a
    page whose body text is ``body_size`` points; none inside the ``exclude`` boxes (tables read
    already). A vertical rule running out of the body is cut at its edge (a grid may close just
    under the body)."""
    min_width = settings.rule_min_em * body_size
    lo, hi = settings.body_span(height)
    v_hi = hi + 2 * body_size
    # a rule within the joining distance of a box's edge is the box's own (its border)
    slack = settings.rule_join_em * body_size
    rules = [
        r
        for r in geometry.rules
        if lo <= r.y <= hi and r.length >= min_width and not _in_any(r.x0, r.x1, r.y, r.y, exclude, slack)
    ]
    vs: list[VRule] = []
    for v in geometry.vrules:
        if v.bottom < lo or v.top > v_hi:
            continue
        cut = replace(v, top=max(v.top, lo), bottom=min(v.bottom, v_hi))
        if cut.length >= 0.4 * body_size and not _in_any(cut.x, cut.x, cut.top, cut.bottom, exclude, slack):
            vs.append(cut)
    return rules, vs


def _in_any(x0: float, x1: float, top: float, bottom: float, boxes: Sequence[tuple[float, ...]], slack: float) -> bool:
    return any(
        b[0] - slack <= x0 and x1 <= b[2] + slack and b[1] - slack <= top and bottom <= b[3] + slack for b in boxes
    )


def joins_without_space(prev: str, nxt: str, cjk_latin_space: bool = False) -> bool:
    """Wrapped text joins with nothing unless two Latin words meet, or (``cjk_latin_space``: the
    page prints a space between ideographs and Latin letters or digits) an ideograph meets a Latin
    letter or digit: the space the line broke at was not printed."""
    if not prev or not nxt:
        return True
    if prev.endswith(" ") or nxt.startswith(" "):
        return True
    if cjk_latin_space and _IDEO_LATIN.match(prev[-1] + nxt[0]):
        return False
    return not (_ASCII_WORD.match(prev[-1]) and nxt[0].isalpha() and nxt[0].isascii() and prev[-1].isalpha())


_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# an ideograph and a Latin letter or digit side by side, either way round
_IDEO_LATIN = re.compile(f"[{_IDEO}][0-9A-Za-z]|[0-9A-Za-z][{_IDEO}]")
_IDEO_LATIN_SPACED = re.compile(f"(?=([{_IDEO}] [0-9A-Za-z]|[0-9A-Za-z] [{_IDEO}]))")
_IDEO_LATIN_TIGHT = re.compile(f"(?=([{_IDEO}][0-9A-Za-z]|[0-9A-Za-z][{_IDEO}]))")


def _boundaries(texts: Iterable[str]) -> tuple[int, int]:
    """Where an ideograph meets a Latin letter or digit in ``texts``: (with a space, without)."""
    spaced = tight = 0
    for t in texts:
        spaced += len(_IDEO_LATIN_SPACED.findall(t))
        tight += len(_IDEO_LATIN_TIGHT.findall(t))
    return spaced, tight


def cell_spaced(texts: Iterable[str], page_spaced: bool) -> bool:
    """The convention for one cell's wrapped lines: the cell's own lines where they show it (more
    of its boundaries spaced than not), else the page's."""
    spaced, tight = _boundaries(texts)
    return spaced > tight if spaced + tight else page_spaced


def cjk_latin_spaced(lines: Sequence[TextLine], settings: TableSettings) -> bool:
    """Does the page print a space where an ideograph meets a Latin letter or digit ("第 29 段",
    "2019 年")? Judged from the boundaries inside its text lines, where the printed space is seen:
    a line wrapped at such a boundary then lost a space the page's own convention puts there."""
    spaced, tight = _boundaries(s.text for ln in lines for s in ln.segs)
    total = spaced + tight
    return total >= settings.wrap_space_min and spaced >= settings.wrap_space_share * total


@dataclass(slots=True, frozen=True)
class PageContext:
    """Facts of one page that its tables are read by: measured on the page, never set by hand."""

    body_size: float  # the font size that carries most of the page's characters (body_font_size)
    # the page prints a space where an ideograph meets a Latin letter or digit (cjk_latin_spaced)
    cjk_latin_space: bool = False


def page_context(lines: Sequence[TextLine], settings: TableSettings) -> PageContext:
    """The page context of a page whose text lines are ``lines``."""
    return PageContext(body_size=body_font_size(lines), cjk_latin_space=cjk_latin_spaced(lines, settings))


def word_gap(seg: Segment, x1: float, x0: float) -> float:
    """The gap between two printed pieces of ``seg`` (one ends at ``x1``, the next starts at ``x0``)
    as on a line without letter spacing: a spaced line's letter spacing either side taken out."""
    gap = x0 - x1
    return gap - 2 * seg.letter_space if seg.letter_space and gap > 1.5 * seg.letter_space else gap


def split_segment(seg: Segment, cut: float, min_gap: float) -> tuple[Segment, Segment] | None:
    """Cut ``seg`` at a visible gap that contains x = ``cut`` (a column boundary): at least
    ``min_gap`` wide once the letter spacing of a spaced line is taken out."""
    pcs = [p for p in seg.chars if p[2].strip()]
    for a, b in pairwise(pcs):
        if a[1] - 1 <= cut <= b[0] + 1 and word_gap(seg, a[1], b[0]) >= min_gap:
            left = [p for p in seg.chars if p[1] <= a[1] + 0.01]
            right = [p for p in seg.chars if p[0] >= b[0] - 0.01]
            mk = lambda ps: Segment(  # noqa: E731
                x0=ps[0][0],
                x1=max(p[1] for p in ps),
                top=seg.top,
                bottom=seg.bottom,
                text="".join(p[2] for p in ps).lstrip(),
                size=seg.size,
                bold=seg.bold,
                first_w=ps[0][1] - ps[0][0],
                second=ps[1][2] if len(ps) > 1 else "",
                chars=tuple(ps),
                letter_space=seg.letter_space,
            )
            a_seg, b_seg = mk(left), mk(right)
            a_seg.lead_space = seg.lead_space
            return a_seg, b_seg
    return None


def merge_intervals(intervals: Sequence[tuple[float, float]], gap: float = 0.5) -> list[list[float]]:
    """Sorted x-intervals merged where they overlap or come within ``gap`` points of each other
    (the x-bands that text occupies: candidate columns)."""
    bands: list[list[float]] = []
    for a, b in sorted(intervals):
        if bands and a <= bands[-1][1] + gap:
            bands[-1][1] = max(bands[-1][1], b)
        else:
            bands.append([a, b])
    return bands


def _glued_gaps(seg: Segment, min_gap: float) -> list[tuple[float, float]]:
    """Gaps of at least ``min_gap`` points between two printed characters of ``seg`` with no
    space between them, printed or read (so CJK characters set apart: word spaces never count; on
    a line with a space printed after every character, every gap holds one)."""
    if seg.letter_space:
        return []
    return [(a[1], b[0]) for a, b in pairwise(seg.chars) if a[2].strip() and b[2].strip() and b[0] - a[1] >= min_gap]


def split_at_gutters(lines: Sequence[TextLine], settings: TableSettings) -> None:
    """Cut segments that run over a column gutter the other lines of a table show.

    Two columns set close together (less than the segment gap apart) glue into one segment on a
    line where both hold text right up to the gutter; where the other lines of the table break
    at that x (their segments end before it and start after it), the glued segment is cut at its
    gap there. Edits ``lines`` in place."""
    multi = [ln for ln in lines if len(ln.segs) >= 2]
    pieces: list[tuple[float, float]] = []
    glued: dict[int, list[tuple[float, float]]] = {}
    for ln in lines:
        for s in ln.segs:
            gaps = _glued_gaps(s, settings.gutter_gap_em * s.size)
            if gaps:
                glued[id(s)] = gaps
            elif len(ln.segs) < 2:
                continue  # a line of one run (a section label) says nothing of the columns
            xs = [s.x0, *(x for g in gaps for x in g), s.x1]
            pieces.extend((xs[i], xs[i + 1]) for i in range(0, len(xs), 2))
    if not glued:
        return
    bands = merge_intervals(pieces)
    for (_, g0), (g1, _) in pairwise(bands):
        cut_lines = [ln for ln in lines if any(s.x0 < g0 and s.x1 > g1 and id(s) in glued for s in ln.segs)]
        natural = sum(
            1 for ln in multi if any(s.x1 <= g0 + 0.5 for s in ln.segs) and any(s.x0 >= g1 - 0.5 for s in ln.segs)
        )
        if not cut_lines or natural < max(2, 2 * len(cut_lines)):
            continue
        for ln in cut_lines:
            out: list[Segment] = []
            for s in ln.segs:
                bridges = s.x0 < g0 and s.x1 > g1
                parts = split_segment(s, (g0 + g1) / 2, settings.gutter_gap_em * s.size) if bridges else None
                if parts:
                    glued[id(parts[0])] = glued[id(parts[1])] = []
                out.extend(parts or (s,))
            ln.segs = out
