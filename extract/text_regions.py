"""Fallback table regions for the text stream, used only when extract.tables is not available.

A table here is a group of long horizontal rules with small-print text between them (tables set in
a smaller font than the body), extended upwards over its caption/title/unit lines (small or bold
lines right above the first rule) and downwards over the small-print rows and notes that follow the
last rule on the page. The text stream drops every line inside such a region; no table content is
parsed here (that is extract.tables' job).
"""

from __future__ import annotations

from extract.layout import Line, Rule
from extract.models import BBox
from extract.text_settings import TextSettings

_DEFAULT = TextSettings()


def table_regions(
    lines: list[Line],
    rules: list[Rule],
    body_size: float,
    text_width: float,
    skip: set[int],
    footnote_ids: set[int],
    settings: TextSettings = _DEFAULT,
    body_bold: bool = False,
) -> list[BBox]:
    """``body_bold``: the document's body text is itself printed bold (a Hei face throughout, say),
    so a bold line is not set apart by its weight."""
    small = body_size * (1 - settings.size_smaller)
    # a table rule is at least this fraction of the text width
    cand = [r for r in rules if r.length >= settings.region_rule_min * text_width]
    body = [ln for ln in lines if id(ln) not in skip and id(ln) not in footnote_ids]
    if not cand:
        return []
    # drop the running-header rule: a rule above every body line
    first_top = min((ln.top for ln in body), default=0.0)
    cand = [r for r in cand if r.y > first_top - 2]
    groups: list[list[Rule]] = []
    for r in sorted(cand, key=lambda r: r.y):
        if groups:
            g = groups[-1]
            last = g[-1]
            between = [ln for ln in body if last.y < (ln.top + ln.bottom) / 2 < r.y]
            same_cols = min(last.x1, r.x1) - max(last.x0, r.x0) > 0.5 * min(last.length, r.length)
            if same_cols and all(ln.size < small for ln in between):
                g.append(r)
                continue
        groups.append([r])
    regions: list[BBox] = []
    for g in groups:
        x0 = min(r.x0 for r in g)
        x1 = max(r.x1 for r in g)
        top = g[0].y
        bottom = g[-1].y
        # a lone rule is a table only when small print follows or precedes it
        # upward: caption, title, unit, header lines
        above = sorted([ln for ln in body if ln.bottom <= top + 1], key=lambda ln: -ln.top)
        edge = top
        for ln in above:
            if edge - ln.bottom > 2.2 * max(ln.size, small):
                break
            if ln.size < small or (
                ln.bold and not body_bold and not _larger_print(ln.size, body_size) and _centred(ln, x0, x1)
            ):
                top = min(top, ln.top)
                edge = ln.top
                continue
            break
        below = sorted([ln for ln in body if ln.top >= bottom - 1], key=lambda ln: ln.top)
        edge = bottom
        for ln in below:
            if ln.top - edge > 2.2 * ln.size or ln.size >= small:
                break
            bottom = max(bottom, ln.bottom)
            edge = ln.bottom
        if len(g) == 1 and top == g[0].y and bottom == g[0].y:
            continue
        xs = [ln for ln in body if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1]
        x0 = min([x0, *(ln.x0 for ln in xs)])
        x1 = max([x1, *(ln.x1 for ln in xs)])
        regions.append((x0, top - 0.5, x1, bottom + 0.5))
    return regions


def _larger_print(size: float, body_size: float) -> bool:
    """Set clearly larger than the body: more than 6 % (a 0.6 pt step at 10 pt), as a heading; a
    bold centred line at body size over a table is its caption."""
    return size > body_size * 1.06


def _centred(ln: Line, x0: float, x1: float) -> bool:
    mid = (x0 + x1) / 2
    return abs((ln.x0 + ln.x1) / 2 - mid) < 0.1 * (x1 - x0)
