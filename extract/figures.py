"""Figures (charts): a caption line ("图 14.一", "Figure 3") plus a drawn area below it.

Detection is structural: a short caption line whose text is the figure word and a number, the title
line(s) printed right under it, and the cluster of vector graphics (lines, rectangles, curves,
images) that starts just below the title. The figure's bbox covers caption, title and drawing; every
text line inside the drawing is a chart label. The text stream drops all of it.
"""

from __future__ import annotations

import re

from extract.layout import Line
from extract.models import BBox, Figure
from extract.normalise import normalise_text
from extract.text_settings import TextSettings

CAPTION = re.compile(
    r"^(?:图|圖|Figure|Fig\.|Chart|Graph)\s*([0-9A-Za-z][0-9A-Za-z.\-]*(?:\.?[一二三四五六七八九十百零〇]+)?|[一二三四五六七八九十百零〇]+)$"
)
_DEFAULT = TextSettings()


def _overlaps(a: BBox, b: BBox, pad: float) -> bool:
    return not (a[2] + pad < b[0] or b[2] + pad < a[0] or a[3] + pad < b[1] or b[3] + pad < a[1])


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def detect_figures(
    lines: list[Line], graphics: list[BBox], page: int, body_size: float, settings: TextSettings = _DEFAULT
) -> list[tuple[Figure, BBox]]:
    """Figures on one page with the bbox their text must be removed from."""
    out: list[tuple[Figure, BBox]] = []
    for i, ln in enumerate(lines):
        text = "".join(g.text for g in ln.glyphs if not g.sup).strip()
        m = CAPTION.match(re.sub(r"\s+", " ", text))
        if not m or ln.size > body_size * (1 + settings.heading_size_step) or len(ln.segments) > 1:
            continue
        title_lines: list[Line] = []
        last = ln
        for nxt in lines[i + 1 :]:
            if nxt.top - last.bottom > 1.2 * nxt.size or nxt.size > body_size * (1 + settings.heading_size_step):
                break
            if len(nxt.segments) > 2:
                break
            title_lines.append(nxt)
            last = nxt
        # the drawing: graphics starting just below the title (figure_start_gap body sizes at most)
        start = last.bottom
        cluster: BBox | None = None
        for g in sorted(graphics, key=lambda g: g[1]):
            if g[1] >= start - 1 and g[1] <= start + settings.figure_start_gap * body_size:
                cluster = g if cluster is None else _union(cluster, g)
                break
        if cluster is None:
            if not title_lines:
                continue
            box = (min(x.x0 for x in [ln, *title_lines]), ln.top, max(x.x1 for x in [ln, *title_lines]), last.bottom)
            labels: list[str] = []
        else:
            changed = True
            while changed:
                changed = False
                for g in graphics:
                    if g[1] < start - 1:
                        continue
                    if _overlaps(cluster, g, settings.figure_join_gap * body_size) and _union(cluster, g) != cluster:
                        cluster = _union(cluster, g)
                        changed = True
            box = (
                min(cluster[0], ln.x0, *(x.x0 for x in title_lines)),
                ln.top,
                max(cluster[2], ln.x1, *(x.x1 for x in title_lines)),
                cluster[3],
            )
            labels = []
            for other in lines:
                cy = (other.top + other.bottom) / 2
                if cluster[1] - 1 <= cy <= cluster[3] + 1 and cluster[0] - 1 <= other.x0 <= cluster[2] + 1:
                    labels.extend(normalise_text(s.text.strip()) for s in other.segments if s.text.strip())
        # title = the bold / first lines; a trailing parenthesised unit line is left out
        heads = [t for t in title_lines if not _is_unit(t)]
        title = normalise_text("".join("".join(g.text for g in t.glyphs if not g.sup).strip() for t in heads))
        fig = Figure(number=normalise_text(m.group(1)), title=title or None, page=page, bbox=box, labels=labels)
        out.append((fig, box))
    return out


def _is_unit(ln: Line) -> bool:
    text = "".join(g.text for g in ln.glyphs).strip()
    return (bool(re.match(r"^[(（].*[)）]$", text)) and ln.italic) or bool(re.match(r"^[(（][^)）]*[)）]$", text))
