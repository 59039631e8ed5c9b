"""Captions printed under their table ("表 N" and its title after the table's last row or rule).

The region finders read a caption above its table. This pass, run over a page's fragments once
they are all found, gives a fragment without a caption the caption printed right under it: a free
caption line (no table took it), or one a table further down took as its own caption above while
it stands nearer the table above (the caption of a table sits closer to that table than to the
next one, whichever side it is printed on).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.models import TableFragment
from extract.normalise import normalise_text
from extract.table_grid import join_lines
from extract.table_layout import TextLine, group_lines
from extract.table_regions import HEADNOTE_RE, SENTENCE_END_RE, parse_caption
from extract.table_settings import TableSettings

# a title line under "表 N" stands centred on the table: its centre at most this share of the
# table's width from the table's centre
_CENTRED_SHARE = 0.12


def _within(ln: TextLine, b: Sequence[float]) -> bool:
    cy = (ln.top + ln.bottom) / 2
    return b[0] - 1 <= ln.center <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1


def _overlaps(ln: TextLine, b: Sequence[float]) -> bool:
    return min(ln.x1, b[2]) - max(ln.x0, b[0]) > 0


def _chain(cap: TextLine, after: Sequence[TextLine], box: Sequence[float], settings: TableSettings) -> list[TextLine]:
    """The caption line and the title lines under it: one piece each, centred on the table, each
    at most ``caption_gap`` em under the line above, no sentence, no other caption."""
    out = [cap]
    centre, width = (box[0] + box[2]) / 2, box[2] - box[0]
    for ln in after:
        if len(out) > settings.caption_title_lines:
            break
        if ln.top - out[-1].bottom > settings.caption_gap * ln.size or len(ln.segs) != 1:
            break
        t = ln.text.strip()
        if abs(ln.center - centre) > _CENTRED_SHARE * width or SENTENCE_END_RE.search(t) or parse_caption(ln):
            break
        out.append(ln)
    return out


def _joined(parts: Sequence[str]) -> str:
    """Wrapped lines as one text: a space where two ASCII characters meet at the break (a Latin
    line ends at a word's end), nothing between CJK characters."""
    out = ""
    for p in parts:
        latin = out and p and out[-1].isascii() and p[0].isascii() and not out.endswith("-")
        out = f"{out} {p}" if latin else out + p
    return normalise_text(out)


def _title(cap_title: str | None, lines: Sequence[TextLine]) -> str | None:
    parts = [cap_title] if cap_title else []
    parts.extend(ln.text.strip() for ln in lines)
    return normalise_text(join_lines([p for p in parts if p])) or None


def attach_captions_below(frags: list[TableFragment], lines: Sequence[TextLine], settings: TableSettings) -> None:
    """Give each fragment without a caption the "表 N" caption printed right under it (in place).

    ``lines``: all the text lines of the page. A caption a fragment further down took as its own
    moves up when the gap from the rows above to it is smaller than the gap from its last line to
    that fragment's first row."""
    frags.sort(key=lambda f: (f.bbox[1], f.bbox[0]))
    for f in frags:
        if f.number is not None:
            continue
        inner = [ln for ln in lines if _within(ln, f.bbox)]
        if not inner:
            continue
        last_bottom = max(ln.bottom for ln in inner)
        taken = {id(ln) for ln in inner}
        under = sorted(
            (ln for ln in lines if ln.top >= last_bottom - 0.5 and _overlaps(ln, f.bbox) and id(ln) not in taken),
            key=lambda ln: ln.top,
        )
        if not under:
            continue
        cap = under[0]
        parsed = parse_caption(cap)
        if parsed is None or cap.top - last_bottom > settings.caption_gap * cap.size:
            continue
        owner = next((o for o in frags if o is not f and _within(cap, o.bbox)), None)
        if owner is not None and owner.number != parsed[0]:
            continue  # inside another table, not as its caption
        rest = [ln for ln in under[1:] if owner is None or _within(ln, owner.bbox)]
        if owner is None:
            rest = [ln for ln in rest if not any(_within(ln, o.bbox) for o in frags)]
        chain = _chain(cap, rest, f.bbox, settings)
        if owner is not None:
            # the fragment below read it as its caption above: it stays there unless the rows
            # above stand nearer to it than the rows below its last line
            below = [ln for ln in lines if _within(ln, owner.bbox) and ln.top > chain[-1].bottom - 0.5]
            below = [ln for ln in below if all(ln is not c for c in chain)]
            if below and cap.top - last_bottom >= min(ln.top for ln in below) - chain[-1].bottom:
                continue
            if not below:
                continue
            owner.number, owner.title = None, None
            owner.bbox = (owner.bbox[0], chain[-1].bottom + 0.5, owner.bbox[2], owner.bbox[3])
        f.number = parsed[0]
        f.title = _title(parsed[1], chain[1:]) or f.title
        f.cover(*((ln.x0, ln.top, ln.x1, ln.bottom) for ln in chain))


# a caption over a table's continuation ("Table 3 (continued)", "表 3 (续)"): the table's own
# caption is on an earlier page
_CONTINUED = re.compile(r"continued|cont\.|续", re.IGNORECASE)


def caption_in_top_band(
    frags: list[TableFragment],
    chars: Sequence[dict],
    height: float,
    lines: Sequence[TextLine],
    body_size: float,
    settings: TableSettings,
) -> None:
    """The caption of the page's first table printed in the top margin band (in place).

    With no running lines found by repetition, tables are read below a fixed band of the page's
    top; a caption may stand in it. The first fragment without a caption takes the "表 N" line
    printed in the band when one run of caption lines leads from it down to the fragment: each
    line at most ``caption_gap`` em under the one above, one piece each, no table between."""
    if settings.body_top is not None or not frags:
        return  # the band is the running lines found on the pages: no caption there
    body_top = settings.body_span(height)[0]
    first = min(frags, key=lambda f: f.bbox[1])
    if first.number is not None or first.title:
        return
    over = sorted(
        (ln for ln in lines if ln.bottom <= first.bbox[1] + 1 and _overlaps(ln, first.bbox)),
        key=lambda ln: -ln.top,
    )
    run: list[TextLine] = []
    edge = first.bbox[1]
    for ln in over:
        if edge - ln.bottom > settings.caption_gap * ln.size or len(ln.segs) != 1:
            return  # prose or a heading stands between the band and the table
        run.insert(0, ln)
        edge = ln.top
    if edge - body_top > settings.caption_gap * body_size:
        return
    band = group_lines(
        [c for c in chars if c.get("upright", True) and (c["top"] + c["bottom"]) / 2 < body_top], settings
    )
    for ln in sorted(
        (ln for ln in band if ln.bottom <= edge + 1 and _overlaps(ln, first.bbox)), key=lambda ln: -ln.top
    ):
        if edge - ln.bottom > settings.caption_gap * ln.size or len(run) > settings.caption_title_lines + 4:
            return
        parsed = parse_caption(ln)
        if parsed is not None:
            if _CONTINUED.search(ln.text):
                return
            head = next((k for k, t in enumerate(run) if HEADNOTE_RE.match(t.text)), len(run))
            first.number = parsed[0]
            first.title = _title(parsed[1], run[:head]) or first.title
            if run[head:]:
                first.notes = [_joined([t.text.strip() for t in run[head:]]), *first.notes]
            first.cover(*((t.x0, t.top, t.x1, t.bottom) for t in [ln, *run]))
            first.continued = first.leads_page = False
            return
        if len(ln.segs) != 1:
            return
        run.insert(0, ln)
        edge = ln.top
