"""Find table regions on a page: rule stacks (ruled tables) or caption-led column blocks (unruled).

A region carries everything the text extractor must not read as prose: the caption ("表 14.13"),
title lines, unit line ("(千美元)"), part caption ("(1) 经常预算"), header, body and notes.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from extract.layout import Rule
from extract.table_layout import Segment, TextLine, VRule, merge_intervals
from extract.table_settings import TableSettings

_NUM = r"[0-9A-Za-z一二三四五六七八九十百]+"
# the label, and a colon between it and a number ("Table: 5"; "Table: Summary" names no number)
_LABEL = r"^(?:表|Table|TABLE)\s*(?:[:：]\s*(?=[0-9一二三四五六七八九十]))?"
CAPTION_RE = re.compile(rf"{_LABEL}({_NUM}(?:[.\-–]{_NUM})*)\s*$")
# a caption followed by the title on the same line ("表 14.21  行政领导和管理…", "Table 3: Posts"):
# the number ends at a space or a colon, the title is no sentence (a sentence citing a table is prose)
CAPTION_TITLE_RE = re.compile(rf"{_LABEL}({_NUM}(?:[.\-–]{_NUM})*)(?:\s*[:：.]\s*|\s+)(\S.*?)\s*$")
# a figure caption: "图" / "Figure" and its number ("图 14.十九", "Figure 3"), alone on the line; a
# wrapped cell line that happens to start with 图 ("图的出版物") is no caption
FIGURE_RE = re.compile(rf"^(?:图|Figure|FIGURE|Chart)\s*{_NUM}(?:[.\-–]{_NUM})*[:：.]?$")
PART_RE = re.compile(r"^[(（]\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})\s*[)）]\s*\S")
UNIT_RE = re.compile(r"^[(（][^()（）]{1,40}[)）]$|^(?:单位|金额单位|Unit|Units)\s*[：:]\s*\S.{0,20}$")
NOTE_RE = re.compile(
    r"^(?:[a-z*†‡§]\s|[a-z*†‡§]$|\d{1,2}\s|注[：:]|注\s|资料来源|来源[：:]|Notes?[:.]|Sources?[:.]|Abbreviations)"
)


BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class Region:
    x0: float
    x1: float
    top_y: float  # first rule (or first header line top) of the grid
    header_bottom: float | None  # y of the rule under the header, None if unknown
    bottom_y: float  # last rule or last body line bottom
    rules: list[Rule] = field(default_factory=list)
    vrules: list[VRule] = field(default_factory=list)
    header_lines: list[TextLine] = field(default_factory=list)
    body_lines: list[TextLine] = field(default_factory=list)
    note_lines: list[TextLine] = field(default_factory=list)
    caption: TextLine | None = None
    number: str | None = None
    caption_title: str | None = None  # the title printed on the caption's own line
    title_lines: list[TextLine] = field(default_factory=list)
    unit_line: TextLine | None = None
    part_line: TextLine | None = None
    ruled: bool = True
    at_page_top: bool = False
    problems: list[str] = field(default_factory=list)

    def bbox(self) -> tuple[float, float, float, float]:
        xs0 = [self.x0]
        xs1 = [self.x1]
        tops = [self.top_y]
        bottoms = [self.bottom_y]
        for ln in [
            self.caption,
            self.unit_line,
            self.part_line,
            *self.title_lines,
            *self.header_lines,
            *self.body_lines,
            *self.note_lines,
        ]:
            if ln is None:
                continue
            xs0.append(ln.x0)
            xs1.append(ln.x1)
            tops.append(ln.top)
            bottoms.append(ln.bottom)
        return (min(xs0), min(tops), max(xs1), max(bottoms))

    def areas(self) -> list[tuple[float, float, float, float]]:
        """The boxes the table's parts cover: the grid (header and body lines with it), and each
        caption, unit, part, title and note line on its own. Their union is ``bbox()``; a caption
        wider than its table leaves the page beside the table to the text."""
        grid = [self.x0], [self.top_y], [self.x1], [self.bottom_y]
        for ln in [*self.header_lines, *self.body_lines]:
            grid[0].append(ln.x0)
            grid[1].append(ln.top)
            grid[2].append(ln.x1)
            grid[3].append(ln.bottom)
        out = [(min(grid[0]), min(grid[1]), max(grid[2]), max(grid[3]))]
        parts = [self.caption, self.unit_line, self.part_line, *self.title_lines, *self.note_lines]
        out.extend((p.x0, p.top, p.x1, p.bottom) for p in parts if p is not None)
        return out


def _x_overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _inside(line: TextLine, x0: float, x1: float, slack: float) -> bool:
    return line.x0 >= x0 - slack and line.x1 <= x1 + slack


def parse_caption(line: TextLine) -> tuple[str, str | None] | None:
    """(number, title printed on the same line or None) when ``line`` is a table caption:
    "表 N" alone, or "表 N" followed by the title (after a gap, a space or a colon)."""
    t = line.text.strip()
    m = CAPTION_RE.match(t)
    if m and len(line.segs) <= 2:
        return m.group(1), None
    m = CAPTION_TITLE_RE.match(t)
    if m is None or SENTENCE_END_RE.search(t) or _CITES.match(m.group(2)):
        return None
    return m.group(1), m.group(2)


# the first line of a headnote: an opening bracket that does not close on the line
HEADNOTE_RE = re.compile(r"^\s*\[[^\]]*$")
# a line that goes on about the table it names ("表 3 列出…", "表 3 和表 4"): prose, not a caption
_CITES = re.compile(r"^(?:和|与|及|至|、|列|显示|所示|说明|反映|概述|载有|汇总|shows|lists|and|to)")


def _is_caption(line: TextLine) -> bool:
    t = line.text.strip()
    return parse_caption(line) is not None or (bool(FIGURE_RE.match(t)) and len(line.segs) <= 2)


def group_rules(
    rules: Sequence[Rule],
    lines: Sequence[TextLine],
    body_size: float,
    settings: TableSettings,
    drawings: Callable[[], Sequence[BBox]] = tuple,
) -> list[list[Rule]]:
    """Stacks of horizontal rules whose in-between text is table text (one stack per table).

    Rules are first split into panels that share no horizontal extent (boxes side by side), so the
    rules of two tables printed beside each other do not interrupt each other's stack."""
    panels: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.x0):
        for pnl in panels:
            if any(_x_overlap(q.x0, q.x1, r.x0, r.x1) > 0 for q in pnl):
                pnl.append(r)
                break
        else:
            panels.append([r])
    if len(panels) > 1:
        stacks = [st for pnl in panels for st in _stack_rules(pnl, lines, body_size, settings, drawings)]
        return sorted(stacks, key=lambda st: (st[0].y, st[0].x0))
    return _stack_rules(rules, lines, body_size, settings, drawings)


def _stack_rules(
    rules: Sequence[Rule],
    lines: Sequence[TextLine],
    body_size: float,
    settings: TableSettings,
    drawings: Callable[[], Sequence[BBox]] = tuple,
) -> list[list[Rule]]:
    stacks: list[list[Rule]] = []
    cur: list[Rule] = []
    cx0 = cx1 = 0.0
    tsize: float | None = None
    for r in sorted(rules, key=lambda r: (r.y, r.x0)):
        if cur:
            ok = _x_overlap(cx0, cx1, r.x0, r.x1) >= 0.5 * min(r.length, cx1 - cx0)
            between = [
                ln
                for ln in lines
                if cur[-1].y < (ln.top + ln.bottom) / 2 < r.y and _x_overlap(ln.x0, ln.x1, cx0, cx1) > 0
            ]
            if ok:
                ref_size = tsize if tsize is not None else body_size
                for ln in between:
                    part_caption = (
                        len(ln.segs) == 1 and PART_RE.match(ln.text.strip()) and ln.top - cur[-1].y > 1.2 * ln.size
                    )
                    # text larger than the first band's is a heading or prose, unless it is a row of
                    # three or more cells (body rows set larger than the header)
                    if (
                        not _inside(ln, cx0, cx1, settings.x_slack_em * ln.size)
                        or _is_caption(ln)
                        or (settings.larger(ln.size, ref_size) and len(ln.segs) < 3)
                        or part_caption
                    ):
                        ok = False
                        break
            if ok and not between and r.y - cur[-1].y > 6 * body_size:
                ok = False
            # an empty band between two full rules under table text: one table ends, the next begins
            full = settings.full_rule_ratio * (cx1 - cx0)
            if (
                ok
                and not between
                and tsize is not None
                and min(r.length, cur[-1].length) >= full
                and r.y - cur[-1].y > settings.table_gap_em * tsize
            ):
                ok = False
            # a chart (curves, images) between two rules: the rules frame panels, not table rows
            if ok and r.y - cur[-1].y > 6 * body_size:
                y0, y1 = cur[-1].y, r.y
                if any(
                    b[1] >= y0 - 1
                    and b[3] <= y1 + 1
                    and b[3] - b[1] > 2 * body_size
                    and _x_overlap(b[0], b[2], cx0, cx1) > 0
                    for b in drawings()
                ):
                    ok = False
            if ok:
                cur.append(r)
                if r.length >= settings.full_rule_ratio * (cx1 - cx0):
                    cx0, cx1 = min(cx0, r.x0), max(cx1, r.x1)
                if between and tsize is None:
                    # the largest text of the first band (a footnote mark's small line beside the
                    # labels must not lower the limit for the rows below)
                    tsize = max(ln.size for ln in between)
                continue
            stacks.append(cur)
        cur, cx0, cx1, tsize = [r], r.x0, r.x1, None
    if cur:
        stacks.append(cur)
    return stacks


def _scan_caption(region: Region, lines: Sequence[TextLine], rules: Sequence[Rule], settings: TableSettings) -> bool:
    """Attach caption/title/unit/part lines printed above the grid. False if it is a figure."""
    inside = {id(ln) for ln in (*region.header_lines, *region.body_lines)}
    above = sorted(
        (
            ln
            for ln in lines
            if ln.bottom <= region.top_y + max(1.0, settings.caption_overlap_em * ln.size)
            and _x_overlap(ln.x0, ln.x1, region.x0, region.x1) > 0
            and id(ln) not in inside
        ),
        key=lambda ln: -ln.top,
    )
    width = region.x1 - region.x0
    centre = (region.x0 + region.x1) / 2
    prev_top = region.top_y
    titles: list[TextLine] = []
    pending: list[TextLine] = []
    for ln in above:
        if prev_top - ln.bottom > settings.caption_gap * ln.size:
            break
        if any(
            ln.bottom - 1 < r.y < prev_top - 0.5 and _x_overlap(r.x0, r.x1, region.x0, region.x1) > 0 for r in rules
        ):
            break
        t = ln.text.strip()
        if FIGURE_RE.match(t) and len(ln.segs) <= 2:
            return False
        caption = parse_caption(ln)
        if caption is not None:
            region.caption = ln
            region.number, region.caption_title = caption
            # lines between the caption and the grid that are neither unit nor part: the title
            # (wrapped, or set flush left under a caption alone on its line)
            titles = sorted([*pending, *titles], key=lambda t: t.top)
            # a bracketed headnote under the title ("[In thousands. Based on …]") is a note on
            # the table, not more title
            head = next((k for k, t in enumerate(titles) if HEADNOTE_RE.match(t.text)), None)
            if head is not None:
                region.note_lines = [*titles[head:], *region.note_lines]
                titles = titles[:head]
            break
        centred = abs(ln.center - centre) <= 0.12 * width and ln.x1 - ln.x0 < 0.97 * width
        # a part caption ("(1) 经常预算") flush left or centred, under the unit line or above it
        if (
            not titles
            and not pending
            and region.part_line is None
            and PART_RE.match(t)
            and len(ln.segs) == 1
            and (ln.x0 < region.x0 + 0.25 * width or centred)
        ):
            region.part_line = ln
        elif not titles and not pending and region.unit_line is None and UNIT_RE.match(t) and len(ln.segs) == 1:
            region.unit_line = ln
        elif centred and len(ln.segs) == 1 and not pending:
            titles.insert(0, ln)
        elif len(ln.segs) == 1 and len(pending) < settings.caption_title_lines and not SENTENCE_END_RE.search(t):
            pending.insert(0, ln)  # a title line only if a caption stands above it
        else:
            break
        prev_top = ln.top
    region.title_lines = titles
    return True


def body_like_break(ln: TextLine, prev_bottom: float) -> bool:
    """A part caption ("(2) 预算外") set off from the rows above starts a new grid."""
    return len(ln.segs) == 1 and bool(PART_RE.match(ln.text.strip())) and ln.top - prev_bottom > 1.2 * ln.size


def _absorb_after(
    region: Region,
    lines: Sequence[TextLine],
    tsize: float,
    stop_y: float,
    settings: TableSettings,
    rules: Sequence[Rule] = (),
) -> None:
    """Body rows below the last rule (a table continued or closed without a rule), then notes."""
    after = sorted(
        (
            ln
            for ln in lines
            if ln.top >= region.bottom_y - 1
            and ln.bottom <= stop_y
            and _x_overlap(ln.x0, ln.x1, region.x0, region.x1) > 0
        ),
        key=lambda ln: ln.top,
    )
    prev = region.bottom_y
    taking_notes = False
    closed = len(region.body_lines)  # rows printed above the last rule
    for ln in after:
        if ln.top - prev > settings.row_gap * ln.size or _is_caption(ln):
            break
        if not _inside(ln, region.x0, region.x1, settings.x_slack_em * ln.size) or settings.larger(ln.size, tsize):
            break
        if body_like_break(ln, prev):
            break
        if _rule_between(rules, prev, ln.top, region):
            break  # a rule below the table's last one (a footnote separator) ends it
        if not taking_notes and NOTE_RE.match(ln.text.strip()) and _marker_apart(ln, region.x1 - region.x0):
            # a note set with a hanging marker under a table that runs to the page's foot is no
            # row; it may be the page's footnote: the text stream reads it (nothing is lost)
            break
        if (
            not taking_notes
            and NOTE_RE.match(ln.text.strip())
            and len(ln.segs) == 1
            and ln.x0 <= region.x0 + 0.1 * (region.x1 - region.x0)
        ):
            taking_notes = True
        if taking_notes:
            region.note_lines.append(ln)
        else:
            region.body_lines.append(ln)
        prev = ln.bottom
    # the last rule closed rows printed above it, and under it, right before the notes, lines run in
    # one piece over more than half the table's width with no row after them: a legend of symbols
    # ("– nil. x not applicable."), the first of the notes, not rows (a row's label keeps
    # to its column and its figures to theirs; a full-width text row has rows after it)
    if closed and region.note_lines:
        width = region.x1 - region.x0
        while len(region.body_lines) > closed and _one_wide_piece(region.body_lines[-1], region.x0, width):
            region.note_lines.insert(0, region.body_lines.pop())
    if region.body_lines:
        region.bottom_y = max(region.bottom_y, region.body_lines[-1].bottom)


def _marker_apart(ln: TextLine, width: float) -> bool:
    """A note whose marker stands apart from its text ("5" then the note in one piece over more
    than half the table's ``width``): a hanging marker, not a row's label and its cells."""
    return len(ln.segs) == 2 and len(ln.segs[0].text.strip()) <= 2 and ln.segs[1].x1 - ln.segs[1].x0 > 0.5 * width


def _one_wide_piece(ln: TextLine, x0: float, width: float) -> bool:
    return len(ln.segs) == 1 and ln.x1 - ln.x0 > 0.5 * width and ln.x0 <= x0 + 0.1 * width


def _text_above(lines: Sequence[TextLine], top: float, body_top: float) -> bool:
    """A line of the page body stands above a table whose text starts at ``top``: its middle lies
    above it (a title set close over the table's header may reach down to it)."""
    return any((ln.top + ln.bottom) / 2 < top - 0.5 and ln.top >= body_top for ln in lines)


def _rule_between(rules: Sequence[Rule], y0: float, y1: float, region: Region) -> bool:
    return any(y0 + 0.5 < r.y < y1 - 0.5 and _x_overlap(r.x0, r.x1, region.x0, region.x1) > 0 for r in rules)


def find_regions(
    lines: Sequence[TextLine],
    rules: Sequence[Rule],
    vrules: Sequence[VRule],
    page_height: float,
    body_size: float,
    settings: TableSettings,
    drawings: Callable[[], Sequence[BBox]] = tuple,
) -> list[Region]:
    """All table regions on the page, top to bottom.

    ``drawings``: gives the boxes of the page's filled shapes, curves and images (charts), asked
    only when a caption-less column block is found; one with drawings inside is not a table."""
    regions: list[Region] = []
    stacks = group_rules(rules, lines, body_size, settings, drawings)
    body_top, footer_y = settings.body_span(page_height)
    for i, stack in enumerate(stacks):
        longest = max(r.length for r in stack)
        full = [r for r in stack if r.length >= settings.full_rule_ratio * longest]
        x0, x1 = min(r.x0 for r in full), max(r.x1 for r in full)
        # a last rule under the table's closing one with no text between them (a note separator
        # across the column, the second line of a double rule) does not extend the table
        while len(full) >= 3 and not any(
            full[-2].y < (ln.top + ln.bottom) / 2 < full[-1].y and _x_overlap(ln.x0, ln.x1, x0, x1) > 0 for ln in lines
        ):
            full.pop()
        top = full[0].y
        header_bottom = full[1].y if len(full) >= 2 else None
        bottom = full[-1].y
        inner = [ln for ln in lines if top < (ln.top + ln.bottom) / 2 < bottom and _x_overlap(ln.x0, ln.x1, x0, x1) > 0]
        # a lone rule is a table only when table-like text follows it directly
        if len(full) < 2 and not inner:
            region = Region(x0=x0, x1=x1, top_y=top, header_bottom=None, bottom_y=bottom, rules=list(stack))
        else:
            region = Region(x0=x0, x1=x1, top_y=top, header_bottom=header_bottom, bottom_y=bottom, rules=list(stack))
        if header_bottom is not None:
            region.header_lines = [ln for ln in inner if (ln.top + ln.bottom) / 2 < header_bottom]
            region.body_lines = [ln for ln in inner if (ln.top + ln.bottom) / 2 > header_bottom]
            # a first ruled row carrying values (not years) is the first data row, not a header
            if region.header_lines and all(_data_line(ln) for ln in region.header_lines):
                region.body_lines = region.header_lines + region.body_lines
                region.header_lines = []
                # the column labels then stand right above the top rule, if anywhere
                label_line = _labels_above(lines, top, x0, x1, settings)
                if label_line is not None:
                    region.header_lines = [label_line]
                    region.header_bottom = top
                    region.top_y = label_line.top
        else:
            region.body_lines = list(inner)
        tsize = statistics.median([ln.size for ln in inner]) if inner else body_size
        next_top = stacks[i + 1][0].y if i + 1 < len(stacks) else footer_y
        _absorb_after(region, lines, tsize, min(next_top, footer_y), settings, rules)
        if not _scan_caption(region, lines, rules, settings):
            continue
        if header_bottom is None and len(full) < 2:
            # one rule: header is the first line band above the first body line with numbers
            if not region.body_lines or region.caption is None:
                continue
            region.ruled = False
        if not region.body_lines and not (
            region.caption is not None and _at_page_foot(region, lines, body_size, settings)
        ):
            continue
        # the table's own column rules: from its top rule (within the rule joining distance) down
        # to at most vrule_overrun_em under its last rule, within its width (x_slack_em)
        join, slack = settings.rule_join_em * tsize, settings.x_slack_em * tsize
        region.vrules = [
            v
            for v in vrules
            if v.top >= top - join
            and v.bottom <= region.bottom_y + settings.vrule_overrun_em * tsize
            and x0 - slack <= v.x <= x1 + slack
        ]
        # two rules with no caption, no drawn column borders and no columns of text between or under
        # them frame a band of the page (a masthead between two rules), not a table
        if (
            len(full) == 2
            and region.caption is None
            and not region.vrules
            and not has_columns(region.header_lines + region.body_lines)
        ):
            continue
        first_top = region.bbox()[1]
        region.at_page_top = not _text_above(lines, first_top, body_top)
        regions.append(region)
    regions.extend(_unruled_regions(lines, regions, body_size, footer_y, settings))
    for region in _uncaptioned_regions(lines, regions, drawings, body_size, body_top, footer_y, settings):
        # short rules inside (under a spanning header cell, above a total) still tell the structure
        region.rules = [
            r
            for r in rules
            if region.top_y - 1 <= r.y <= region.bottom_y + 1 and _x_overlap(r.x0, r.x1, region.x0, region.x1) > 0
        ]
        first_top = region.bbox()[1]
        region.at_page_top = not _text_above(lines, first_top, body_top)
        regions.append(region)
    regions.sort(key=lambda r: r.bbox()[1])
    return regions


def _at_page_foot(region: Region, lines: Sequence[TextLine], body_size: float, settings: TableSettings) -> bool:
    """Nothing of the body text's size below the region on its page: a table whose caption and
    header close the page, its rows printed overleaf (smaller footnotes and folios may follow)."""
    return not any(ln.top > region.bottom_y and not settings.larger(body_size, ln.size) for ln in lines)


def foot_captions(
    lines: Sequence[TextLine], taken: Sequence[BBox], body_size: float, settings: TableSettings
) -> list[Region]:
    """A caption ("表 N", with its title, unit and part lines) that closes a page with no grid under
    it: the table is printed overleaf. A region with the caption and no grid (joined to the table
    on the next page by extract.tables.stitch_tables)."""

    def inside(ln: TextLine, b: BBox) -> bool:
        return b[0] - 1 <= ln.center <= b[2] + 1 and b[1] - 1 <= (ln.top + ln.bottom) / 2 <= b[3] + 1

    free = [ln for ln in lines if not any(inside(ln, b) for b in taken)]
    free.sort(key=lambda ln: ln.top)
    for i, ln in enumerate(free):
        if parse_caption(ln) is None:
            continue
        # the caption's own lines follow it at most caption_gap em apart, one piece each
        chain = [ln]
        for nxt in free[i + 1 :]:
            if nxt.top - chain[-1].bottom > settings.caption_gap * nxt.size or len(nxt.segs) != 1:
                break
            chain.append(nxt)
        if len(chain) > settings.caption_title_lines + 3:
            continue
        x0, x1 = min(f.x0 for f in free), max(f.x1 for f in free)
        region = Region(x0=x0, x1=x1, top_y=chain[-1].bottom + 0.5, header_bottom=None, bottom_y=chain[-1].bottom + 0.5)
        if not _at_page_foot(region, free, body_size, settings):
            continue
        _scan_caption(region, chain, [], settings)
        if region.caption is ln:
            return [region]
    return []


def _unruled_regions(
    lines: Sequence[TextLine], taken: Sequence[Region], body_size: float, footer_y: float, settings: TableSettings
) -> list[Region]:
    """Tables without any rule: a caption, then lines in columns until prose resumes."""
    out: list[Region] = []
    boxes = [r.bbox() for r in taken]
    ordered = sorted(lines, key=lambda ln: ln.top)
    for idx, ln in enumerate(ordered):
        caption = parse_caption(ln)
        if caption is None:
            continue
        if any(b[1] - 1 <= ln.top <= b[3] + 1 for b in boxes):
            continue
        j = idx + 1
        titles: list[TextLine] = []
        unit = part = None
        centre = ln.center
        while j < len(ordered):
            nxt = ordered[j]
            s = nxt.text.strip()
            if (
                len(nxt.segs) == 1
                and abs(nxt.center - centre) < 6 * nxt.size
                and not unit
                and not part
                and not UNIT_RE.match(s)
            ):
                titles.append(nxt)
            elif UNIT_RE.match(s) and len(nxt.segs) == 1 and not part:
                unit = nxt
            elif PART_RE.match(s) and len(nxt.segs) == 1:
                part = nxt
            else:
                break
            j += 1
        chain_bottom = ordered[j - 1].bottom
        grid: list[TextLine] = []
        prev_bottom = chain_bottom
        while j < len(ordered):
            nxt = ordered[j]
            if nxt.top >= footer_y or nxt.top - prev_bottom > settings.row_gap * nxt.size or _is_caption(nxt):
                break
            if settings.larger(nxt.size, body_size) and len(nxt.segs) == 1:
                break
            # print larger than the rows read so far (table print smaller than the body's): prose
            # or a heading resumes after a table whose columns span the text width
            if len(grid) >= 2 and settings.larger(nxt.size, statistics.median(g.size for g in grid)):
                break
            grid.append(nxt)
            prev_bottom = nxt.bottom
            j += 1
        # a caption printed under its table: the rows right above it, nearer than any rows under
        # its own lines (a caption over the next table stands nearer that table)
        above = _grid_above(ordered, idx, [*boxes, *(r.bbox() for r in out)], body_size, settings)
        below_gap = grid[0].top - chain_bottom if grid else None
        if above and (below_gap is None or ln.top - above[-1].bottom < below_gap or _columns(grid) < 2):
            grid = above
        # prose resumes with a single-segment line at the body size wider than the grid's columns
        multi = [g for g in grid if len(g.segs) >= 2]
        if len(multi) < 2:
            continue
        gx0 = min(g.x0 for g in multi)
        gx1 = max(g.x1 for g in multi)
        while (
            grid
            and len(grid[-1].segs) == 1
            and (
                grid[-1].x1 > gx1 + settings.x_slack_em * grid[-1].size
                or grid[-1].x0 < gx0 - settings.x_slack_em * grid[-1].size
            )
        ):
            grid.pop()
        notes: list[TextLine] = []
        for k, g in enumerate(grid):
            if NOTE_RE.match(g.text.strip()) and len(g.segs) == 1 and k > 0:
                notes = grid[k:]
                grid = grid[:k]
                break
        header, body = split_unruled_header(grid)
        if not body:
            continue
        region = Region(
            x0=gx0,
            x1=gx1,
            top_y=grid[0].top,
            header_bottom=None,
            bottom_y=body[-1].bottom,
            header_lines=header,
            body_lines=body,
            note_lines=notes,
            caption=ln,
            number=caption[0],
            caption_title=caption[1],
            title_lines=titles,
            unit_line=unit,
            part_line=part,
            ruled=False,
        )
        out.append(region)
    return out


def _columns(grid: Sequence[TextLine]) -> int:
    """How many lines of ``grid`` are printed in two or more pieces (rows of cells)."""
    return sum(1 for g in grid if len(g.segs) >= 2)


def _grid_above(
    ordered: Sequence[TextLine], idx: int, taken: Sequence[BBox], body_size: float, settings: TableSettings
) -> list[TextLine]:
    """The rows of an unruled table printed right above the caption ``ordered[idx]`` (a caption
    under its table), top to bottom: lines no table took, each at most ``row_gap`` em above the
    next, at most ``caption_gap`` em above the caption, up to prose, a heading or another caption.
    Empty unless two of them are rows of cells."""
    cap = ordered[idx]
    rows: list[TextLine] = []
    next_top = cap.top
    for ln in reversed(ordered[:idx]):
        if ln.bottom > cap.top - 0.5:
            continue  # beside the caption, not above it
        gap = next_top - ln.bottom
        limit = (settings.caption_gap if not rows else settings.row_gap) * ln.size
        if gap > limit or _is_caption(ln) or _in_box(ln, taken):
            break
        if settings.larger(ln.size, body_size) and len(ln.segs) == 1:
            break
        # print larger than the rows read so far (rows set smaller than the body): prose above
        if len(rows) >= 2 and settings.larger(ln.size, statistics.median(g.size for g in rows)):
            break
        rows.insert(0, ln)
        next_top = ln.top
    multi = [g for g in rows if len(g.segs) >= 2]
    if len(multi) < 2:
        return []
    gx0, gx1 = min(g.x0 for g in multi), max(g.x1 for g in multi)
    half = 0.5 * (gx1 - gx0)
    # prose above the table: a single-piece line reaching past the rows' columns, or a line with
    # a piece over half the rows' width beside another (a paragraph number in a hanging margin
    # beside its text). The table is what stands under the lowest such line (a paragraph
    # between a list and the caption leaves no rows)
    prose = [
        k
        for k, g in enumerate(rows)
        if (
            len(g.segs) == 1
            and (g.x1 > gx1 + settings.x_slack_em * g.size or g.x0 < gx0 - settings.x_slack_em * g.size)
        )
        or (len(g.segs) >= 2 and max(sg.x1 - sg.x0 for sg in g.segs) > half)
    ]
    if prose:
        rows = rows[prose[-1] + 1 :]
    return rows if _columns(rows) >= 2 else []


def _in_box(ln: TextLine, boxes: Sequence[BBox]) -> bool:
    cy = (ln.top + ln.bottom) / 2
    return any(b[0] - 1 <= ln.center <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)


_NUMERIC = re.compile(r"^[\s(（]*[-−–—―+]?[\d\s.,%]*\d[\d\s.,%]*[)）]?\s*$|^[—―–-]$")


def is_numeric(text: str) -> bool:
    t = text.strip()
    return bool(t) and bool(_NUMERIC.match(t))


def split_unruled_header(grid: Sequence[TextLine]) -> tuple[list[TextLine], list[TextLine]]:
    """Header = the lines above the first line that carries a number in a non-first column (years
    and periods are column labels, not values), or (when no number appears) the lines set in a
    different weight than the body, else the first line."""
    for k, ln in enumerate(grid):
        if _data_line(ln):
            header = list(grid[:k])
            # a label-only line directly above the first numeric row can be a section row
            while (
                header
                and len(header[-1].segs) == 1
                and header[-1].segs[0].x0 <= grid[k].segs[0].x0 + 1
                and not header[-1].segs[0].bold
            ):
                header.pop()
            return header, list(grid[len(header) :])
    bold = [ln for ln in grid if all(s.bold for s in ln.segs)]
    k = 0
    while k < len(grid) and grid[k] in bold:
        k += 1
    if k == 0:
        k = 1
    return list(grid[:k]), list(grid[k:])


# -- tables with neither caption nor rules -------------------------------------------------------------

# a line that ends a sentence (full stop, exclamation or question mark, semicolon): prose, no title
SENTENCE_END_RE = re.compile(r"[。！？；!?;]\s*$")
_HEADING_NO = re.compile(  # headings and list items are no table titles
    r"^\s*(?:附件|附录|目录|Annex|Appendix|Contents"
    r"|[一二三四五六七八九十]+[、.]|第\s*[一二三四五六七八九十百\d]+\s*[章节部分编条]"
    r"|\d{1,3}(?:\.\d{1,3})*[.、]?\s|[A-Z][.]\s|[(（]\s*(?:\d{1,3}|[a-z]|[ivx]{1,4})\s*[)）])"
)
_LEADERS = re.compile(r"[.·…‥]{4,}|(?:[.·]\s){3,}|…{2,}")
_PLAIN_INT = re.compile(r"^\d{1,4}$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _values(ln: TextLine) -> list[Segment]:
    """The numeric cells of a line after its first segment (the first is a label or a row number)."""
    return [s for s in ln.segs[1:] if is_numeric(s.text)]


_PERIOD = re.compile(r"^(?:19|20)\d\d[A-Z]?$")  # a year, or a year marked estimate/forecast ("2024E")


def _labels_above(
    lines: Sequence[TextLine], top: float, x0: float, x1: float, settings: TableSettings
) -> TextLine | None:
    """A line of three or more column labels printed right above a table's top rule."""
    above = [
        ln
        for ln in lines
        if ln.bottom <= top + 1
        and top - ln.bottom <= settings.caption_gap * ln.size
        and _x_overlap(ln.x0, ln.x1, x0, x1) > 0
    ]
    if not above:
        return None
    ln = max(above, key=lambda ln: ln.bottom)
    if len(ln.segs) < 3 or _is_caption(ln) or _data_line(ln) or not _inside(ln, x0, x1, settings.x_slack_em * ln.size):
        return None
    return ln


def has_columns(lines: Sequence[TextLine]) -> bool:
    """Column structure: two lines of two or more pieces whose pieces stand over each other in at
    least two places (pieces overlapping horizontally), i.e. aligned columns over two rows."""
    multi = [ln for ln in lines if len(ln.segs) >= 2]
    for a, b in pairwise(multi):
        shared = sum(1 for s in a.segs if any(_x_overlap(s.x0, s.x1, t.x0, t.x1) > 0 for t in b.segs))
        if shared >= 2:
            return True
    return False


def _data_line(ln: TextLine) -> bool:
    """A line whose cells after the first hold values (numbers that are not years)."""
    rest = [sg.text.strip() for sg in ln.segs[1:]]
    return bool(rest) and any(is_numeric(t) and not _PERIOD.match(t) for t in rest)


def _years_only(ln: TextLine) -> bool:
    """A header line of years ("类别 2019 2020 2021"): every cell after the first is a year."""
    return len(ln.segs) >= 3 and all(_YEAR.match(s.text.strip()) for s in ln.segs[1:])


def _value_line(ln: TextLine) -> bool:
    return len(_values(ln)) >= 2 and not _years_only(ln)


def _value_columns(value_lines: Sequence[TextLine]) -> list[list[Segment]]:
    """Columns of numbers shared by the value lines: numbers aligned on their right edge (or centre)
    down at least three lines and half of them. Empty unless two such columns hold 80% of the numbers."""
    cells = [(k, s) for k, ln in enumerate(value_lines) for s in _values(ln)]
    if not cells:
        return []
    need = max(3, (len(value_lines) + 1) // 2)
    best: list[list[Segment]] = []
    best_cover = 0.0
    for edge in (lambda s: s.x1, lambda s: s.center):
        clusters: list[list[tuple[int, Segment]]] = []
        for k, s in sorted(cells, key=lambda c: edge(c[1])):
            if clusters and edge(s) - edge(clusters[-1][-1][1]) <= 0.5 * s.size:
                clusters[-1].append((k, s))
            else:
                clusters.append([(k, s)])
        cols = [c for c in clusters if len({k for k, _ in c}) == len(c) and len(c) >= need]
        cover = sum(len(c) for c in cols) / len(cells)
        if len(cols) >= 2 and cover > best_cover:
            best, best_cover = [[s for _, s in c] for c in cols], cover
    return best if best_cover >= 0.8 else []


def _uncaptioned_regions(
    lines: Sequence[TextLine],
    taken: Sequence[Region],
    drawings: Callable[[], Sequence[BBox]],
    body_size: float,
    body_top: float,
    footer_y: float,
    settings: TableSettings,
) -> list[Region]:
    """Tables printed with neither a "表 N" caption nor rules, found from their columns of numbers.

    A run of lines is a table when at least three of its lines carry two or more numbers after their
    first cell and those numbers stand in at least two columns aligned down the run. Prose, a numbered
    list with a number at the line end (one column), a list of names (no numbers), a table of
    contents (leader dots, or paragraph and page numbers that only grow) and chart labels (drawings
    among them) are not tables."""
    boxes = [r.bbox() for r in taken]
    free = [
        ln
        for ln in sorted(lines, key=lambda ln: ln.top)
        # in the body as page_chars takes characters: by the line's middle (a line straddling the
        # band's edge is the body's when its characters are)
        if body_top <= (ln.top + ln.bottom) / 2 <= footer_y
        and not any(
            b[1] - 1 <= (ln.top + ln.bottom) / 2 <= b[3] + 1 and _x_overlap(ln.x0, ln.x1, b[0], b[2]) > 0 for b in boxes
        )
    ]
    runs: list[list[TextLine]] = []
    for ln in free:
        # a heading (a larger line of one or two pieces; a row of three or more is a header row)
        if settings.larger(ln.size, body_size) and len(ln.segs) < 3:
            runs.append([])
            continue
        if runs and runs[-1] and ln.top - runs[-1][-1].bottom <= settings.row_gap * ln.size:
            runs[-1].append(ln)
        else:
            runs.append([ln])
    out: list[Region] = []
    for run in runs:
        value = [ln for ln in run if _value_line(ln)]
        if len(value) < 3:
            continue
        cols = _value_columns(value)
        if not cols:
            continue
        num_left = min(s.x0 for c in cols for s in c)
        num_right = max(s.x1 for c in cols for s in c)
        # prose ends a table: a sentence, or one piece of text from the label side across all the numbers
        stretches: list[list[TextLine]] = [[]]
        for ln in run:
            prose = len(ln.segs) == 1 and (
                bool(SENTENCE_END_RE.search(ln.text))
                or (ln.x0 < num_left - 0.5 * ln.size and ln.x1 >= num_right - 2 * ln.size)
            )
            if prose:
                stretches.append([])
            else:
                stretches[-1].append(ln)
        for st in stretches:
            region = _stretch_region(st, free, drawings, settings)
            if region is not None:
                out.append(region)
    for run in runs:
        if any(r.top_y - 1 <= ln.top <= r.bottom_y + 1 for r in out for ln in run):
            continue
        region = _text_grid_region(run, drawings, settings)
        if region is not None:
            out.append(region)
    return out


# a table of words only (no numbers) needs this many columns, so that a list of names or a numbered
# list (two columns: number or name, text) is not one
_TEXT_GRID_COLS = 3


def _text_grid_region(
    run: Sequence[TextLine], drawings: Callable[[], Sequence[BBox]], settings: TableSettings
) -> Region | None:
    """A block of words in columns (no numbers needed): at least three consecutive lines at a steady
    pitch, each of two or more pieces, whose pieces stand in at least three columns (x-bands no piece
    crosses), each column printed on at least two of the lines. Prose (a sentence or one piece
    across the columns), a table of contents (leader dots, growing whole numbers) and chart labels
    end or reject the block."""
    best: list[TextLine] = []
    cur: list[TextLine] = []
    for ln in run:
        if len(ln.segs) >= 2 and not SENTENCE_END_RE.search(ln.text) and not _LEADERS.search(ln.text):
            # a step over 1.6 times the block's line pitch (a blank line) ends the block
            if cur and ln.top - cur[-1].top > 1.6 * max(1.0, _pitch(cur, ln)):
                cur = []
            cur.append(ln)
            if len(cur) > len(best):
                best = list(cur)
        else:
            cur = []
    if len(best) < 3:
        return None
    bands = merge_intervals([(sg.x0, sg.x1) for ln in best for sg in ln.segs])
    used = [sum(1 for ln in best if any(b0 <= sg.center <= b1 for sg in ln.segs)) for b0, b1 in bands]
    if len(bands) < _TEXT_GRID_COLS or sum(1 for u in used if u >= 2) < _TEXT_GRID_COLS:
        return None
    # two or more columns of long lines are columns of prose (page layout), not cells
    long = 0
    for b0, b1 in bands:
        widths = [sg.x1 - sg.x0 for ln in best for sg in ln.segs if b0 <= sg.center <= b1]
        size = statistics.median(sg.size for ln in best for sg in ln.segs)
        if widths and statistics.median(widths) > settings.layout_line_em * size:
            long += 1
    if long >= 2:
        return None
    # mostly numbers: the columns-of-numbers test above judged (and refused) this block
    pieces = [sg for ln in best for sg in ln.segs]
    if sum(1 for sg in pieces if is_numeric(sg.text)) >= 0.25 * len(pieces):
        return None
    # a table of contents: a column whose whole numbers (under a label) only grow
    for b0, b1 in bands:
        col = [sg.text.strip() for ln in best for sg in ln.segs if b0 <= sg.center <= b1]
        ints = [int(t) for t in col if _PLAIN_INT.match(t)]
        if len(ints) >= 3 and len(ints) >= len(col) - 1 and all(a <= b for a, b in pairwise(ints)):
            return None
    x0, x1 = min(ln.x0 for ln in best), max(ln.x1 for ln in best)
    top_y, bottom_y = best[0].top, best[-1].bottom
    tsize = statistics.median(ln.size for ln in best)
    pad = 0.5 * tsize
    for d in drawings():
        if d[2] - d[0] >= 0.9 * (x1 - x0):
            continue
        area = max(0.1, (d[2] - d[0]) * (d[3] - d[1]))
        if (
            _x_overlap(d[0], d[2], x0 - pad, x1 + pad) * _x_overlap(d[1], d[3], top_y - pad, bottom_y + pad)
            >= 0.5 * area
        ):
            return None

    # a list set in columns (names flowing across or down) fills every column on every line but the
    # last, which fills from the left: a table shows a header set apart (weight, size) or rows that
    # leave a column empty
    def cols(ln: TextLine) -> set[int]:
        return {k for k, (b0, b1) in enumerate(bands) if any(b0 <= sg.center <= b1 for sg in ln.segs)}

    every = set(range(len(bands)))
    first = best[0]
    rest = best[1:]
    set_apart = (all(sg.bold for sg in first.segs) and not all(sg.bold for ln in rest for sg in ln.segs)) or (
        settings.larger(first.size, max(ln.size for ln in rest))
    )
    last = cols(best[-1])
    sparse = any(cols(ln) != every for ln in best[:-1]) or last != set(range(len(last)))
    if not (set_apart or sparse or _kinds_differ(best[1:], bands)):
        return None
    # the first line is the header when it names every column and holds no numbers
    named = all(any(b0 <= sg.center <= b1 for sg in first.segs) for b0, b1 in bands)
    header = [first] if named and not any(is_numeric(sg.text) for sg in first.segs) else []
    body = best[len(header) :]
    return _unruled_region(x0, x1, top_y, bottom_y, header, list(body), "words")


def _digit_share(texts: Sequence[str]) -> float:
    chars = [ch for t in texts for ch in t if not ch.isspace()]
    return sum(ch.isdigit() for ch in chars) / len(chars) if chars else 0.0


def _kinds_differ(lines: Sequence[TextLine], bands: Sequence[Sequence[float]]) -> bool:
    """Columns holding different kinds of content: one mostly digits (dates, identifiers, amounts)
    beside one of words. A list flowing across columns (names, terms) holds one kind in every
    column; a table's columns are fields of different kinds."""
    shares = [_digit_share([sg.text for ln in lines for sg in ln.segs if b0 <= sg.center <= b1]) for b0, b1 in bands]
    return bool(shares) and max(shares) >= 0.5 and min(shares) <= 0.1


def _pitch(cur: Sequence[TextLine], nxt: TextLine) -> float:
    """The usual step between the lines of ``cur`` (the first step when there is one line)."""
    steps = sorted(b.top - a.top for a, b in pairwise(cur))
    if not steps:
        return 1.5 * nxt.size
    return steps[len(steps) // 2]


def _stretch_region(
    st: Sequence[TextLine], free: Sequence[TextLine], drawings: Callable[[], Sequence[BBox]], settings: TableSettings
) -> Region | None:
    idx = [i for i, ln in enumerate(st) if _value_line(ln)]
    if len(idx) < 3:
        return None
    cols = _value_columns([st[i] for i in idx])
    if not cols:
        return None
    num_left = min(s.x0 for c in cols for s in c)
    i0, i1 = idx[0], idx[-1]
    left, right = min(ln.x0 for ln in st[i0 : i1 + 1]), max(ln.x1 for ln in st[i0 : i1 + 1])
    steps = sorted(b.top - a.top for a, b in zip(st[i0:i1], st[i0 + 1 : i1 + 1], strict=True) if b.top - a.top > 1)
    pitch = steps[len(steps) // 2]
    tsize = statistics.median(ln.size for ln in st[i0 : i1 + 1])
    # upwards: section rows (label only, at row pitch), then header lines: several cells without
    # numbers, or one cell over some of the columns of numbers (a title or unit line is centred on
    # the whole table instead)
    k, header_seen, first_row = i0, False, i0
    while k > 0:
        ln, nxt = st[k - 1], st[k]
        close = nxt.top - ln.top <= 1.5 * pitch
        if (settings.larger(ln.size, tsize) and len(ln.segs) < 3) or SENTENCE_END_RE.search(ln.text):
            break
        if len(ln.segs) >= 2 and (not _values(ln) or _years_only(ln)):
            header_seen = True
        elif len(ln.segs) >= 2 and not header_seen and close:
            first_row = k - 1  # a row with a single value
        else:
            one_cell = len(ln.segs) == 1 and close
            section_row = one_cell and not header_seen and ln.x1 <= num_left
            spanning_head = (
                one_cell
                and header_seen
                and ln.x0 >= num_left - ln.size
                and not UNIT_RE.match(ln.text.strip())
                and abs(ln.center - (left + right) / 2) > 0.05 * (right - left)
            )
            if not (section_row or spanning_head):
                break
        k -= 1
    top = k
    # downwards: the last label's wrapped lines and rows with a single value, at row pitch
    k = i1 + 1
    while k < len(st):
        ln = st[k]
        if ln.top - st[k - 1].top > 1.5 * pitch or NOTE_RE.match(ln.text.strip()):
            break
        if len(ln.segs) == 1 and not (ln.x1 <= num_left and not SENTENCE_END_RE.search(ln.text)):
            break
        k += 1
    grid = list(st[top:k])
    # the header ends above the first row of values, or above the section rows that precede it
    h = first_row - top
    while h > 0 and len(grid[h - 1].segs) == 1 and grid[h - 1].x1 <= num_left and not grid[h - 1].segs[0].bold:
        h -= 1
    header, body = grid[:h], grid[h:]
    if len(body) < 3:
        return None
    x0 = min(ln.x0 for ln in grid)
    x1 = max(ln.x1 for ln in grid)
    top_y, bottom_y = grid[0].top, body[-1].bottom
    # a table of contents: leader dots, or entries (a title first) whose whole numbers (paragraphs,
    # pages) grow down every column; a grid of numbers alone, with no title in any row, is a table
    if any(_LEADERS.search(ln.text) for ln in grid):
        return None
    titled = sum(1 for ln in body if not is_numeric(ln.segs[0].text.strip()))
    if (
        2 * titled >= len(body)
        and all(_PLAIN_INT.match(s.text.strip()) for c in cols for s in c)
        and all(all(int(a.text) <= int(b.text) for a, b in pairwise(sorted(c, key=lambda s: s.top))) for c in cols)
    ):
        return None
    # chart labels: drawings inside the block (a band as wide as the block is shading, not a chart)
    pad = 0.5 * tsize
    for d in drawings():
        if d[2] - d[0] >= 0.9 * (x1 - x0):
            continue
        area = max(0.1, (d[2] - d[0]) * (d[3] - d[1]))
        inside = _x_overlap(d[0], d[2], x0 - pad, x1 + pad) * _x_overlap(d[1], d[3], top_y - pad, bottom_y + pad)
        if inside >= 0.5 * area:
            return None
    region = _unruled_region(x0, x1, top_y, bottom_y, header, body, "numbers")
    _notes_below(region, free, tsize, settings)
    _title_above(region, free, tsize, settings)
    return region


def _notes_below(
    region: Region, free: Sequence[TextLine], tsize: float, settings: TableSettings, rules: Sequence[Rule] = ()
) -> None:
    prev = region.bottom_y
    for ln in (ln for ln in free if ln.top >= region.bottom_y - 0.5):
        if ln.top - prev > settings.caption_gap * ln.size or settings.larger(ln.size, tsize):
            break
        if _rule_between(rules, prev, ln.top, region):
            break  # a rule under the table's own border (a note separator) ends it
        note = NOTE_RE.match(ln.text.strip()) and ln.x0 <= region.x0 + 2 * ln.size
        # a note, or the next line of one (no paragraph space, one piece)
        if not note and (not region.note_lines or len(ln.segs) != 1 or ln.top - prev > 0.6 * ln.size):
            break
        region.note_lines.append(ln)
        prev = ln.bottom


def _title_above(region: Region, free: Sequence[TextLine], tsize: float, settings: TableSettings) -> None:
    """A unit line and up to two title lines right above: centred on the table, larger or bold,
    not a sentence, not a numbered heading."""
    width = region.x1 - region.x0
    centre = (region.x0 + region.x1) / 2
    prev = region.top_y
    for ln in sorted((ln for ln in free if ln.bottom <= region.top_y + 0.5), key=lambda ln: -ln.top):
        t = ln.text.strip()
        if prev - ln.bottom > settings.caption_gap * ln.size or len(ln.segs) != 1:
            break
        if not region.title_lines and region.unit_line is None and UNIT_RE.match(t):
            region.unit_line = ln
        elif (
            len(region.title_lines) < 2
            and not SENTENCE_END_RE.search(t)
            and not _HEADING_NO.match(t)
            and not NOTE_RE.match(t)
            and ln.x1 - ln.x0 < 0.97 * width
            and (
                abs(ln.center - centre) <= 0.12 * width
                or settings.larger(ln.size, tsize)
                or all(s.bold for s in ln.segs)
            )
        ):
            region.title_lines.insert(0, ln)
        else:
            break
        prev = ln.top


def scan_above(region: Region, free: Sequence[TextLine], tsize: float, settings: TableSettings) -> None:
    """Caption ("表 N"), part, unit and title lines printed right above a drawn grid."""
    _scan_caption(region, free, [], settings)
    if region.caption is None and not region.title_lines and region.unit_line is None:
        _title_above(region, free, tsize, settings)
    elif region.caption is None and not region.title_lines and region.unit_line is not None:
        # a unit line right above, the title above it
        top = region.top_y
        region.top_y = region.unit_line.top
        unit = region.unit_line
        region.unit_line = None
        _title_above(region, free, tsize, settings)
        region.unit_line = region.unit_line or unit
        region.top_y = top


def scan_notes(
    region: Region, free: Sequence[TextLine], tsize: float, settings: TableSettings, rules: Sequence[Rule] = ()
) -> None:
    """Notes printed right under a table ("注：…", "a …", "资料来源：…") belong to it, up to a rule
    below the table's own border (``rules``: the page's horizontal rules)."""
    _notes_below(region, free, tsize, settings, rules)


def _unruled_region(
    x0: float,
    x1: float,
    top_y: float,
    bottom_y: float,
    header: list[TextLine],
    body: list[TextLine],
    columns_of: str,
) -> Region:
    """A table with neither caption nor rules, found from its aligned columns (of ``columns_of``):
    its header line(s), if any, end halfway to the first body line."""
    return Region(
        x0=x0,
        x1=x1,
        top_y=top_y,
        header_bottom=(header[-1].bottom + body[0].top) / 2 if header else None,
        bottom_y=bottom_y,
        header_lines=header,
        body_lines=body,
        ruled=False,
        problems=[f"no caption and no rules: found from its columns of {columns_of}"],
    )
