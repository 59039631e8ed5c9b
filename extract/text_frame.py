"""Document frame: body-text geometry, running headers/footers, the page-1 masthead, footnote zones.

Given the visual lines of every page (extract.layout), this module decides which lines are page
furniture (running headers and footers, page numbers, job numbers, the masthead above the first
page's heavy rule, the front-matter lines under it and the main title) and which lines sit in the
footnote zone at a page foot. It also measures the body text: its font size, left edge, right edge
and line pitch. All decisions come from repetition across pages, position and relative font size.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from extract.layout import Line, Rule
from extract.models import BBox
from extract.table_settings import TableSettings
from extract.text_settings import TextSettings

PAGE_NUMBER = re.compile(r"^(?:\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|-\s*\d{1,4}\s*-|[ivxlc]{1,6})$", re.I)
JOB_NUMBER = re.compile(r"\b\d{2}-\d{5}\b")
_DEFAULT = TextSettings()
# the one margin band of text and tables (a share of the page height): its default lives there
_BAND = TableSettings().margin_band


@dataclass(slots=True)
class PageText:
    """What the text stream needs of one page."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule]
    links: list[tuple[str, BBox]] = field(default_factory=list)
    regions: list[tuple[str, BBox]] = field(default_factory=list)  # ("table"|"figure", bbox)


@dataclass(slots=True)
class Frame:
    """Document-wide measurements and the line roles decided here."""

    body_size: float = 11.0
    body_left: float = 0.0
    right: float = 0.0
    pitch: float = 0.0
    body_style: tuple = (11.0, False, False, (), False, False)  # the most common line style (Line.style)
    running: set[int] = field(default_factory=set)  # id(line) of headers/footers
    masthead: list[Line] = field(default_factory=list)  # page-1 lines above the heavy rule
    front: list[Line] = field(default_factory=list)  # small-print lines under the rule (session...)
    title: list[Line] = field(default_factory=list)
    footnote_lines: dict[int, list[Line]] = field(default_factory=dict)  # page -> lines
    running_text: list[tuple[int, str, str]] = field(default_factory=list)  # (page, "header"|"footer", text)
    # left and right pages set with different margins (mirrored margins, a wider inside margin,
    # a page style per side): the text column (left, right) of the pages of each parity (0 even,
    # 1 odd) measured apart; empty when both sides print the one column body_left/right gives
    columns: dict[int, tuple[float, float]] = field(default_factory=dict)

    def left(self, page: int) -> float:
        """The text column's left edge on page ``page``."""
        return self.columns[page % 2][0] if self.columns else self.body_left

    def right_at(self, page: int) -> float:
        """The text column's right edge on page ``page``."""
        return self.columns[page % 2][1] if self.columns else self.right


def _signature(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"\d+", "#", text))


def measure(pages: list[PageText], band: float = _BAND, settings: TextSettings = _DEFAULT) -> Frame:
    """Measure body geometry and mark running lines, masthead, title and footnote zones; ``band``
    is the share of the page height at its top and bottom that holds running lines."""
    frame = Frame()
    sizes: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[round(ln.size * 2) / 2] += len(ln.glyphs)
    if not sizes:
        return frame
    # sizes are counted in half-point buckets (sizes drift by rounding in the text matrix); the body
    # size is the commonest size printed in the winning bucket, so small print keeps its own size
    bucket = sizes.most_common(1)[0][0]
    exact: Counter[float] = Counter()
    for p in pages:
        for ln in p.lines:
            if round(ln.size * 2) / 2 == bucket:
                exact[round(ln.size, 2)] += len(ln.glyphs)
    frame.body_size = exact.most_common(1)[0][0]
    styles: Counter[tuple] = Counter()
    for p in pages:
        for ln in p.lines:
            if settings.same_size(round(ln.size * 2) / 2, frame.body_size):
                styles[ln.style] += len(ln.glyphs)
    if styles:
        frame.body_style = styles.most_common(1)[0][0]
    body = [ln for p in pages for ln in p.lines if settings.same_size(ln.size, frame.body_size)]
    frame.body_left, frame.right = _column(body)
    _sides(body, frame, settings)
    diffs: Counter[float] = Counter()
    for p in pages:
        bl = [ln for ln in p.lines if settings.same_size(ln.size, frame.body_size)]
        for a, b in itertools.pairwise(bl):
            d = b.top - a.top
            if 0.9 * frame.body_size < d < 2.2 * frame.body_size:
                diffs[round(d * 2) / 2] += 1
    frame.pitch = diffs.most_common(1)[0][0] if diffs else 1.5 * frame.body_size
    _mark_running(pages, frame, band, settings)
    _mark_masthead(pages, frame, settings)
    _mark_footnotes(pages, frame, settings)
    return frame


def _column(body: list[Line]) -> tuple[float, float]:
    """The text column's left edge (the most common start of body lines) and right edge (the end
    of the longest lines, 90 % of the body lines ending before it)."""
    lefts: Counter[float] = Counter(round(ln.x0) for ln in body)
    rights = sorted(ln.x1 for ln in body)
    return (float(lefts.most_common(1)[0][0]) if lefts else 0.0), (rights[int(len(rights) * 0.9)] if rights else 0.0)


def _sides(body: list[Line], frame: Frame, settings: TextSettings) -> None:
    """Left and right pages: when the body lines of odd and of even pages, measured apart, give
    text columns whose right edges stand at least ``side_column_em`` apart, each parity keeps its
    own column (``Frame.columns``); body_left/right stay the document's. The right edge (where
    most full lines end) is the evidence: the commonest line start moves with the content too (a
    page of list items starts most lines at their hanging indent)."""
    sides = [[ln for ln in body if ln.page % 2 == parity] for parity in (0, 1)]
    if min(len(s) for s in sides) < settings.side_min_lines:
        return
    even, odd = (_column(s) for s in sides)
    tol = settings.side_column_em * frame.body_size
    if abs(even[1] - odd[1]) >= tol:
        frame.columns = {0: even, 1: odd}


def _in_band(ln: Line, p: PageText, band: float, edges: frozenset[int] = frozenset()) -> str | None:
    """'header'/'footer' for a line in the page's margin bands or at the top/bottom edge of its
    text (running lines can sit at any height: the page's first and last lines are candidates)."""
    if ln.bottom < band * p.height or (id(ln) in edges and ln.top < p.height / 2):
        return "header"
    if ln.top > p.height * (1 - band) or (id(ln) in edges and ln.top >= p.height / 2):
        return "footer"
    return None


def _edges(p: PageText, frame: Frame) -> frozenset[int]:
    """The page's first and last lines when set apart from the rest by more than a line step
    (a body line's pitch and half an em): candidates for running lines at any height."""
    if len(p.lines) < 2:
        return frozenset()
    by_top = sorted(p.lines, key=lambda ln: ln.top)
    step = frame.pitch + 0.5 * frame.body_size
    out = set()
    if by_top[1].top - by_top[0].top > step:
        out.add(id(by_top[0]))
    if by_top[-1].top - by_top[-2].top > step:
        out.add(id(by_top[-1]))
    return frozenset(out)


def _mark_running(pages: list[PageText], frame: Frame, band: float, settings: TextSettings) -> None:
    where: dict[str, list[tuple[int, float]]] = {}
    edges = {p.number: _edges(p, frame) for p in pages}
    for p in pages:
        for ln in p.lines:
            if _in_band(ln, p, band, edges[p.number]):
                where.setdefault(_signature(ln.text), []).append((p.number, ln.top))
    for p in pages:
        band_lines = [ln for ln in p.lines if _in_band(ln, p, band, edges[p.number])]
        for ln in band_lines:
            pos = _in_band(ln, p, band, edges[p.number])
            text = ln.text.strip()
            shift = settings.repeat_shift_em * ln.size
            others = {pg for pg, top in where.get(_signature(text), []) if pg != p.number and abs(top - ln.top) < shift}
            pattern = bool(PAGE_NUMBER.match(text)) or (bool(JOB_NUMBER.search(text)) and len(text) < 40)
            # a footer with the page number and job number: each part on its own matches
            if not pattern:
                parts = [s.text.strip() for s in ln.segments]
                pattern = all(PAGE_NUMBER.match(t) or JOB_NUMBER.fullmatch(t.split(" ")[0]) for t in parts)
            # a line at the text's top or bottom edge but inside the body area is a running line only
            # when more pages repeat it: a page's first body line can resemble the next page's
            in_margin = ln.bottom < band * p.height or ln.top > p.height * (1 - band)
            need = settings.repeat_min if in_margin else settings.repeat_min_inner
            if len(others) >= need or pattern:
                frame.running.add(id(ln))
                frame.running_text.append((p.number, pos or "", text))


def set_bold(ln: Line, frame: Frame, settings: TextSettings = _DEFAULT) -> bool:
    """A line set bold throughout in a document whose body text is not bold (at body size or
    larger): heading evidence with the same weight as a larger size."""
    return (
        not frame.body_style[1]
        and ln.bold_share >= settings.heading_bold_share
        and not settings.smaller(ln.size, frame.body_size)
    )


def _outranks(a: Line, b: Line, frame: Frame, settings: TextSettings) -> bool:
    """``a`` is set more prominently than ``b``: larger, or as large and bold where ``b`` is not."""
    if a.size > b.size and not settings.same_size(a.size, b.size):
        return True
    as_large = a.size >= b.size or settings.same_size(a.size, b.size)
    return as_large and set_bold(a, frame, settings) and not set_bold(b, frame, settings)


def _mark_masthead(pages: list[PageText], frame: Frame, settings: TextSettings = _DEFAULT) -> None:
    if not pages:
        return
    p = pages[0]
    width = frame.right - frame.body_left if frame.right > frame.body_left else p.width * 0.7
    # the masthead's rule: long, in the page's top part, and not a rule of a table printed there
    tables = [bb for kind, bb in p.regions if kind == "table"]
    heavy = [
        r
        for r in p.rules
        if r.length > 0.6 * width
        and r.y < p.height * 0.3
        and not any(bb[0] - 1 <= r.x0 and r.x1 <= bb[2] + 1 and bb[1] - 1 <= r.y <= bb[3] + 1 for bb in tables)
    ]
    lines = [ln for ln in p.lines if id(ln) not in frame.running]
    if heavy:
        y = heavy[0].y
        frame.masthead = [ln for ln in lines if ln.bottom <= y + 1]
        below = [ln for ln in lines if ln.top > y]
    else:
        below = lines
    # small-print front matter right under the rule (session, agenda item)
    for ln in below:
        if settings.smaller(ln.size, frame.body_size) and not ln.bold:
            frame.front.append(ln)
        else:
            break
    rest = below[len(frame.front) :]
    # the main title: page-1 lines in a font larger than anything printed on later pages
    later = max((ln.size for q in pages[1:] for ln in q.lines if id(ln) not in frame.running), default=0.0)
    top_size = max((ln.size for ln in rest[:6]), default=0.0)
    if top_size > frame.body_size * 1.15 and top_size > later and not settings.same_size(top_size, later):
        for ln in rest:
            if settings.same_size(ln.size, top_size):
                frame.title.append(ln)
            elif frame.title or (settings.smaller(ln.size, top_size) and rest.index(ln) > 3):
                break
        return
    # a title set apart by weight: the first line under the masthead's small print, or the page's
    # first line when it outranks everything printed on later pages (with its wrapped lines)
    if not rest or not set_bold(rest[0], frame, settings):
        return
    first = rest[0]
    later_lines = [ln for q in pages[1:] for ln in q.lines if id(ln) not in frame.running]
    under_masthead = bool(heavy and frame.front)
    if not under_masthead and not (later_lines and all(_outranks(first, ln, frame, settings) for ln in later_lines)):
        return
    frame.title.append(first)
    for ln in rest[1:]:
        prev = frame.title[-1]
        same = set_bold(ln, frame, settings) and settings.same_size(ln.size, first.size)
        if not same or ln.top - prev.top > 2.0 * ln.size:
            break
        frame.title.append(ln)


# a rule spanning at least this share of the text column's width runs across the column
COLUMN_RULE = 0.9


def _mark_footnotes(pages: list[PageText], frame: Frame, settings: TextSettings) -> None:
    width = frame.right - frame.body_left if frame.right > frame.body_left else 400.0
    small = frame.body_size * (1 - settings.size_smaller)
    overleaf = False  # the previous page's note zone ran to the foot of its text
    previous = None
    for p in pages:
        lines = [ln for ln in p.lines if id(ln) not in frame.running]
        # rules starting at the text's left edge: short note separators, or a rule across the
        # column above notes collected at the end of a part
        seps = [r for r in p.rules if r.length > 10 and r.x0 < frame.left(p.number) + 0.5 * frame.body_size]
        zone: list[Line] = []
        for r in sorted(seps, key=lambda r: r.y):
            below = sorted((ln for ln in lines if ln.top >= r.y - 1), key=lambda ln: ln.top)
            short = r.length < settings.separator_max * width
            # high on the page, only notes collected there (the first line cites a marker) count
            low = r.y > p.height * 0.4
            if short and below and all(ln.size < small for ln in below) and (low or _starts_with_marker(below[0])):
                zone = below
                break
            # notes collected under a short separator or a rule across the text column (at least
            # COLUMN_RULE of its width), body text possibly after them: the run of small lines right
            # below the rule (within 2.5 em), the first starting with a note marker
            across = r.length >= COLUMN_RULE * width
            under = list(itertools.takewhile(lambda ln: ln.size < small, below))
            near = bool(under) and r.y - 1 <= under[0].top <= r.y + 2.5 * frame.body_size
            if (short or across) and near and _starts_with_marker(under[0]):
                zone = under
                break
        if not zone:
            # no separator: a run of small lines at the foot, the first starting with a marker
            run: list[Line] = []
            for ln in reversed(lines):
                if ln.size < small and ln.top > p.height * 0.5:
                    run.insert(0, ln)
                else:
                    break
            if run and run[0].glyphs and _starts_with_marker(run[0]):
                zone = run
        if not zone and overleaf and previous is not None and p.number == previous + 1:
            # notes collected at the end of a part that run over a page break: the separator is
            # not repeated, the next page opens with the rest of the notes (small lines, the first
            # starting with a marker) wherever they sit on the page
            top = list(itertools.takewhile(lambda ln: ln.size < small, sorted(lines, key=lambda ln: ln.top)))
            if top and _starts_with_marker(top[0]):
                zone = top
        if zone:
            frame.footnote_lines[p.number] = zone
        overleaf = bool(zone) and max(ln.top for ln in lines) <= max(ln.top for ln in zone)
        previous = p.number


def _starts_with_marker(ln: Line) -> bool:
    solid = [g for g in ln.glyphs if not g.text.isspace()]
    return bool(solid) and solid[0].sup
