"""Text layout: pdfplumber characters -> text lines (with superscripts and gap-split segments).

This module owns the lowest layer of text extraction: grouping the characters of one page into
visual lines, deciding where a space is shown (a space character or a visible gap), marking
superscript characters (footnote reference markers), and splitting a line into *segments* at wide
gaps (a hanging paragraph number, a list label printed in its own column). It also takes the text
side's rules from the page's one geometry (extract.geometry) and marks the underlines. Everything
is measured relative to the font size of the characters involved (the thresholds are
extract.text_settings.TextSettings); nothing here knows about particular documents.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median

from extract.geometry import PageGeometry, Rule, colour_of
from extract.models import BBox
from extract.text_settings import TextSettings

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")

_DEFAULT = TextSettings()
NOTE_SIGNS = "*†‡§¶#"  # footnote marker signs besides numbers and letters
# the name and text tests below are pure functions of a font name or a glyph's text, asked for
# every glyph of a page: each answer is kept (a document has a few dozen fonts, a few thousand texts)
_NAMES_KEPT = 4096


@lru_cache(maxsize=_NAMES_KEPT)
def font_family(fontname: str) -> str:
    """Font name without the subset prefix and style suffix (``ABCDEF+Foo-Bold`` -> ``Foo``)."""
    name = _SUBSET.sub("", fontname or "")
    return re.split(r"[-,]", name, maxsplit=1)[0]


# weight words in font names: Latin (Bold, SemiBold, Black, Heavy), the Japanese weight scale
# from W5 up (HeiseiKakuGo-W5, HiraMinPro-W6) and the Chinese 粗 ("heavy")
_BOLD_NAME = re.compile(r"bold|black|heavy|,b$|(?<![a-z])w(?:[5-9]|1[0-2])(?![0-9])|粗")
# the faces Chinese documents set headings in: 黑/Hei (黑体, SimHei, STHeiti, YaHei) and 标宋 (the
# title Song face). A face, not a weight: it reads as bold only against a body set in another face
# (``heading_faces``); a document set in Hei throughout has no bold by its name.
_HEADING_FACE = re.compile(r"黑|标宋|hei(?:ti)?(?![a-z])|biaosong")
_BYTES_NAME = re.compile(r"^b(['\"])(.*)\1$", re.S)


def _decoded_fontname(fontname: str) -> str:
    """A font name pdfplumber passed on as the text of a byte string (``b'ABCDEE+\\xba\\xda...'``:
    a GBK-encoded Chinese name) decoded; any other name as it is."""
    m = _BYTES_NAME.match(fontname)
    if not m or "\\x" not in m.group(2):
        return fontname
    try:
        raw = m.group(2).encode("latin-1").decode("unicode_escape").encode("latin-1")
        return raw.decode("gbk")
    except (UnicodeError, ValueError):
        return fontname


@lru_cache(maxsize=_NAMES_KEPT)
def is_bold(fontname: str) -> bool:
    """A font whose name says it is bold (see _BOLD_NAME); the subset prefix is ignored."""
    name = _SUBSET.sub("", _decoded_fontname(fontname or "")).lower()
    return bool(_BOLD_NAME.search(name))


@lru_cache(maxsize=_NAMES_KEPT)
def is_heading_face(fontname: str) -> bool:
    """A font whose name is one of the Chinese heading faces (see _HEADING_FACE)."""
    name = _SUBSET.sub("", _decoded_fontname(fontname or "")).lower()
    return bool(_HEADING_FACE.search(name))


def heading_faces(chars: list[dict]) -> frozenset[str]:
    """The fonts of ``chars`` (one page) that are heading faces set against a body in another
    face: bold by their face. The body is the font that prints most of the page's characters;
    when it is itself a heading face, no font is bold by its face."""
    counts: dict[str, int] = {}
    for c in chars:
        if not c["text"].isspace():
            counts[c.get("fontname") or ""] = counts.get(c.get("fontname") or "", 0) + 1
    if not counts or is_heading_face(max(counts, key=lambda f: counts[f])):
        return frozenset()
    return frozenset(f for f in counts if is_heading_face(f))


def is_italic(fontname: str) -> bool:
    name = (fontname or "").lower()
    return "italic" in name or "oblique" in name or "kai" in name


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


@lru_cache(maxsize=_NAMES_KEPT)
def is_mark(text: str) -> bool:
    """A non-spacing combining mark (a vowel sign or diacritic printed over or under a letter, with
    no width of its own): Unicode categories Mn and Me."""
    return bool(text) and all(unicodedata.category(ch) in ("Mn", "Me") for ch in text)


def _right_to_left(text: str) -> bool:
    return unicodedata.bidirectional(text[:1]) in ("R", "AL") if text else False


def glyph_order(chars: list[dict]) -> list[dict]:
    """One line's glyphs left to right, each combining mark next to the letter it is printed on.

    This is the one place where glyphs are put in order (text and tables alike). By x alone a mark
    lands wherever its box starts, often after the next letter. Instead a mark goes with the
    letter whose box overlaps it most horizontally, its marks in Unicode's canonical order (by
    combining class, stable): after a left-to-right letter; before a right-to-left one, mirrored,
    because right-to-left text (Arabic, Hebrew) is printed in visual order and the run read from
    the right must give the letter, then its marks (the logical order). A mark over no letter
    keeps its place. Glyphs are only reordered, never changed: each keeps its box on the page."""
    ordered = sorted(chars, key=lambda c: c["x0"])
    if not any(is_mark(c["text"]) for c in ordered):
        return ordered
    bases = [c for c in ordered if not is_mark(c["text"])]
    starts = [b["x0"] for b in bases]
    widest = max((b["x1"] - b["x0"] for b in bases), default=0.0)
    marks_of: dict[int, list[dict]] = {}
    loose: list[dict] = []
    for m in (c for c in ordered if is_mark(c["text"])):
        best, best_overlap = None, 0.0
        j = bisect.bisect_left(starts, m["x1"]) - 1
        while j >= 0 and starts[j] >= m["x0"] - widest:
            overlap = min(m["x1"], bases[j]["x1"]) - max(m["x0"], bases[j]["x0"])
            if overlap > best_overlap and not bases[j]["text"].isspace():  # a mark sits on a letter
                best, best_overlap = j, overlap
            j -= 1
        if best is None:
            loose.append(m)
        else:
            marks_of.setdefault(best, []).append(m)
    items: list[tuple[float, list[dict]]] = [(m["x0"], [m]) for m in loose]
    for j, b in enumerate(bases):
        marks = sorted(marks_of.get(j, []), key=lambda m: unicodedata.combining(m["text"][0]))
        items.append((b["x0"], [*reversed(marks), b] if _right_to_left(b["text"]) else [b, *marks]))
    items.sort(key=lambda it: it[0])
    return [c for _, group in items for c in group]


@dataclass(slots=True)
class Glyph:
    """One character of a line, as placed on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    sup: bool = False
    heavy: bool = False  # printed bold: a bold font, filled and stroked, or printed twice (is_heavy)
    slanted: bool = False  # italic font or a skewed text matrix
    colour: tuple = ()  # fill colour (empty: black / unknown)


@dataclass(slots=True)
class Segment:
    """A run of a line's characters with no wide gap inside."""

    glyphs: list[Glyph]
    text: str  # text with shown spaces, superscripts included
    x0: float
    x1: float


@dataclass(slots=True)
class Line:
    """One visual line of text on a page."""

    page: int
    glyphs: list[Glyph]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # dominant font size (superscripts ignored)
    bold: bool  # most non-space characters are bold
    bold_share: float  # the share of its non-space characters printed bold (superscripts aside)
    italic: bool  # most non-space characters are italic / kai
    families: frozenset[str]
    segments: list[Segment] = field(default_factory=list)
    colour: tuple = ()  # the fill colour of most characters (empty: black)
    underline: bool = False  # a rule runs just under the line (set by mark_decorations)
    shaded: bool = False  # a filled box lies behind the line (set by mark_decorations)

    @property
    def style(self) -> tuple:
        """The line's typographic style: (size to 0.1 pt, bold, italic, colour, underline, shaded)."""
        return (round(self.size, 1), self.bold, self.italic, self.colour, self.underline, self.shaded)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def plain(self, settings: TextSettings = _DEFAULT) -> str:
        """Text without superscript characters."""
        return " ".join(seg_text(s.glyphs, keep_sup=False, settings=settings) for s in self.segments).strip()


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def seg_text(glyphs: list[Glyph], keep_sup: bool = True, settings: TextSettings = _DEFAULT) -> str:
    """Text of consecutive glyphs with the spaces the page shows.

    Space characters are kept exactly (including a trailing one). Where a producer positions words
    without space characters, a gap shows a space: between Latin letters/digits a gap wider than
    ``settings.latin_gap`` of the font size, elsewhere one wider than ``settings.cjk_gap`` (renderers
    put a small "autospace" between Chinese and Latin characters that is not a space).
    """
    out: list[str] = []
    prev: Glyph | None = None
    pending = 0
    for g in glyphs:
        if g.sup and not keep_sup:
            continue
        if g.text.isspace():
            pending += 1
            continue
        if pending:
            if out:
                out.append(" " * pending)
        elif prev is not None and not (g.sup or prev.sup):
            gap = g.x0 - prev.x1
            size = min(g.size, prev.size)
            limit = settings.latin_gap if (_latin(prev.text[-1]) and _latin(g.text[0])) else settings.cjk_gap
            if gap > limit * size:
                out.append(" ")
        pending = 0
        out.append(g.text)
        prev = g
    if pending and out:
        out.append(" " * pending)
    return "".join(out)


def _colour(c: dict) -> tuple:
    """A character's fill colour as an RGB-ish tuple; () for black, grey levels near black or unknown."""
    return colour_of(c.get("non_stroking_color"))


def _dedupe(chars: list[dict], settings: TextSettings = _DEFAULT) -> list[dict]:
    """Drop characters printed twice at (nearly) the same place; the kept copy of a character printed
    twice with a small offset is marked ``_double`` (fake bold). Linear time: characters are bucketed
    by their position in cells of the tolerance."""
    out: list[dict] = []
    buckets: dict[tuple, list[int]] = {}
    texts: set[str] = set()  # the texts with a bucket: a glyph of another text has no copy to find
    for c in chars:
        size = max(float(c.get("size") or 1.0), 0.1)
        tol = settings.overprint_offset * size
        text, x0, top = c["text"], c["x0"], c["top"]
        gx, gy = int(x0 // tol), int(top // tol)
        hit = -1
        if text in texts:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for k in buckets.get((text, gx + dx, gy + dy), ()):
                        o = out[k]
                        if abs(o["x0"] - x0) <= tol and abs(o["top"] - top) <= tol:
                            hit = k
        if hit >= 0:
            # a copy a little to the side or above (not one at the very same place) thickens the glyph
            if max(abs(out[hit]["x0"] - c["x0"]), abs(out[hit]["top"] - c["top"])) > 0.01 * size:
                out[hit] = {**out[hit], "_double": True}
            continue
        buckets.setdefault((text, gx, gy), []).append(len(out))
        texts.add(text)
        out.append(c)
    return out


def _unspace(chars: list[dict], settings: TextSettings, page_spaced: bool = False) -> tuple[list[dict], float | None]:
    """A line set with a space after every character (some older PDFs): drop those spaces and close
    the gaps they leave, so gaps mean what they mean in other lines; ``k`` space characters in a row
    stand for ``k // 2`` spaces (a real space is printed as space, space, space). Returns the
    characters and the line's right edge on the page (None when the line is not spaced)."""
    chars = sorted(chars, key=lambda c: c["x0"])
    solid_idx = [i for i, c in enumerate(chars) if not c["text"].isspace()]
    if len(solid_idx) < (2 if page_spaced else settings.spaced_min_chars):
        return chars, None
    between = [b - a - 1 for a, b in itertools.pairwise(solid_idx)]
    if sum(1 for n in between if 1 <= n <= 3) < settings.spaced_share * len(between):
        return chars, None
    if sum(1 for n in between if n == 1) < 0.5 * len(between):
        return chars, None
    out: list[dict] = []
    shift = 0.0
    ends = [*solid_idx[1:], len(chars)]
    for i, j in zip(solid_idx, ends, strict=True):
        c = chars[i]
        out.append({**c, "x0": c["x0"] - shift, "x1": c["x1"] - shift})
        spaces = chars[i + 1 : j]
        gap = (chars[j]["x0"] if j < len(chars) else c["x1"]) - c["x1"]
        # a visible gap wider than the spaces (a label column) stays
        extra = max(gap - sum(sp["x1"] - sp["x0"] for sp in spaces), 0.0)
        keep = len(spaces) // 2
        width = 0.0
        if keep:
            sp = spaces[len(spaces) // 2]
            width = sp["x1"] - sp["x0"]
            out.append({**sp, "x0": c["x1"] - shift, "x1": c["x1"] - shift + width})
        shift += gap - width - extra
        if extra > settings.cjk_gap * c["size"]:
            # after a visible gap (a label column) characters keep their place on the page, so
            # the columns of spaced and unspaced lines still line up
            shift = 0.0
    return out, max(c["x1"] for c in chars if not c["text"].isspace())


def spaced_lines(groups: list[list[dict]], settings: TextSettings = _DEFAULT) -> list[bool]:
    """Which lines (their characters, spaces included) are set with a space after every character,
    judged as the text side does: per line, and short lines too once most long lines of the page are."""
    votes = [_unspace(g, settings)[1] is not None for g in groups if len(g) >= 2 * settings.spaced_min_chars]
    page_spaced = bool(votes) and sum(votes) * 2 > len(votes)
    return [_unspace(g, settings, page_spaced)[1] is not None for g in groups]


def _inside(c: dict, boxes: list[BBox]) -> bool:
    cx = (c["x0"] + c["x1"]) / 2
    cy = (c["top"] + c["bottom"]) / 2
    return any(b[0] - 0.5 <= cx <= b[2] + 0.5 and b[1] - 0.5 <= cy <= b[3] + 0.5 for b in boxes)


def is_heavy(c: dict, bold_fonts: frozenset[str] = frozenset(), settings: TextSettings = _DEFAULT) -> bool:
    """A character printed bold, by what the page shows: a bold font (by its name, or by its
    descriptor: ``bold_fonts``, extract.weight), outlines filled and stroked with a visible width,
    or a second copy printed a little to the side (``_double``, set by _dedupe)."""
    if c.get("_double") or is_bold(c.get("fontname") or "") or c.get("fontname") in bold_fonts:
        return True
    width = c.get("linewidth") or 0.0
    return bool(c.get("stroke") and c.get("fill") and width >= settings.stroke_bold * float(c.get("size") or 0.0))


def build_lines(
    chars: list[dict],
    page: int,
    exclude: list[BBox] | None = None,
    settings: TextSettings = _DEFAULT,
    bold_fonts: frozenset[str] = frozenset(),
) -> list[Line]:
    """Group a page's characters into visual lines, top to bottom (``bold_fonts``: the fonts whose
    descriptor declares them bold, extract.weight.read_weights)."""
    exclude = exclude or []
    chars = [c for c in _dedupe(chars, settings) if c.get("upright", True)]
    if exclude:
        chars = [c for c in chars if not _inside(c, exclude)]
    visible = [c for c in chars if not c["text"].isspace()]
    visible.sort(key=lambda c: (c["top"], c["x0"]))
    groups: list[list[dict]] = []
    spans: list[list[float]] = []  # [top, bottom] per group
    largest: list[float] = []  # the largest font size per group (kept up to date: linear time)
    for c in visible:
        h = max(c["bottom"] - c["top"], 0.1)
        best, best_ov = -1, 0.0
        # only recent groups can overlap vertically
        for i in range(len(groups) - 1, max(-1, len(groups) - 6), -1):
            top, bottom = spans[i]
            ov = min(bottom, c["bottom"]) - max(top, c["top"])
            ratio = ov / min(h, bottom - top)
            if ratio > best_ov:
                best, best_ov = i, ratio
        if best >= 0 and best_ov >= 0.5:
            groups[best].append(c)
            s = spans[best]
            largest[best] = max(largest[best], c["size"])
            # a line's extent follows its full-size characters
            if c["size"] >= 0.8 * largest[best]:
                s[0], s[1] = min(s[0], c["top"]), max(s[1], c["bottom"])
        else:
            groups.append([c])
            spans.append([c["top"], c["bottom"]])
            largest.append(c["size"])
    # attach space characters to the line they sit in
    spaces = [c for c in chars if c["text"].isspace()]
    extents = [(min(g["x0"] for g in xs), max(g["x1"] for g in xs)) for xs in groups]
    for c in spaces:
        cy = (c["top"] + c["bottom"]) / 2
        for i, (top, bottom) in enumerate(spans):
            if top - 0.5 <= cy <= bottom + 0.5:
                if extents[i][0] - c["size"] < c["x0"] < extents[i][1] + c["size"]:
                    groups[i].append(c)
                break
    # a page set spaced: its long lines are, and then short lines set the same way are too
    votes = [_unspace(g, settings)[1] is not None for g in groups if len(g) >= 2 * settings.spaced_min_chars]
    page_spaced = bool(votes) and sum(votes) * 2 > len(votes)
    lines = [
        _make_line(*_unspace(g, settings, page_spaced), page=page, settings=settings, bold_fonts=bold_fonts)
        for g in groups
    ]
    lines.sort(key=lambda ln: (round(ln.top, 0), ln.x0))
    return lines


def _make_line(
    chars: list[dict], right: float | None, page: int, settings: TextSettings, bold_fonts: frozenset[str] = frozenset()
) -> Line:
    chars = glyph_order(chars)
    solid = [c for c in chars if not c["text"].isspace()]
    sizes = sorted(c["size"] for c in solid)
    size = sizes[len(sizes) // 2] if len(sizes) < 3 else Counter(sizes).most_common(1)[0][0]
    size = max(size, median(sizes))
    small = settings.superscript_ratio * size
    raised = settings.superscript_raise * size
    full = [c for c in solid if c["size"] >= small]
    base = median(c["bottom"] for c in full) if full else max(c["bottom"] for c in solid)
    high = settings.superscript_raise_only * size
    tiny = settings.superscript_small_only * size
    glyphs: list[Glyph] = []
    for c in chars:
        ink = not c["text"].isspace() and not is_mark(c["text"])  # a vowel sign is no marker
        # a marker: smaller and raised, or raised well above the baseline, or much smaller (any size
        # change alone is enough when it is large)
        sup = ink and (
            (c["size"] < small and c["bottom"] < base - raised)
            or (c["bottom"] < base - high and c["size"] <= size)
            or (c["size"] < tiny and (_latin(c["text"][:1]) or c["text"][:1] in NOTE_SIGNS))
        )
        matrix = c.get("matrix") or (1, 0, 0, 1, 0, 0)
        skew = abs(matrix[2]) > settings.italic_skew * max(abs(matrix[3]), 1e-6)
        glyphs.append(
            Glyph(
                c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], c["fontname"], sup,
                heavy=is_heavy(c, bold_fonts, settings),
                slanted=is_italic(c["fontname"]) or skew,
                colour=_colour(c),
            )
        )  # fmt: skip
    body = [g for g in glyphs if not g.sup and not g.text.isspace()] or [g for g in glyphs if not g.text.isspace()]
    n = len(body)
    bold = sum(g.heavy for g in body) * 2 > n
    italic = sum(g.slanted for g in body) * 2 > n
    colours = Counter(g.colour for g in body)
    colour = colours.most_common(1)[0][0] if colours else ()
    top = min(g.top for g in body)
    bottom = max(g.bottom for g in body)
    line = Line(
        page=page,
        glyphs=glyphs,
        top=top,
        bottom=bottom,
        x0=min(g.x0 for g in glyphs if not g.text.isspace()),
        x1=right if right is not None else max(g.x1 for g in glyphs if not g.text.isspace()),
        size=size,
        bold=bold,
        bold_share=sum(g.heavy for g in body) / n if n else 0.0,
        italic=italic,
        families=frozenset(font_family(g.font) for g in body),
        colour=colour,
    )
    line.segments = _segments(glyphs, size, settings)
    return line


def _segments(glyphs: list[Glyph], size: float, settings: TextSettings) -> list[Segment]:
    segs: list[list[Glyph]] = [[]]
    prev: Glyph | None = None
    for g in glyphs:
        if g.text.isspace():
            segs[-1].append(g)
            continue
        if prev is not None and g.x0 - prev.x1 > settings.segment_gap * size:
            segs.append([])
        segs[-1].append(g)
        prev = g
    out = []
    for i, s in enumerate(segs):
        if i < len(segs) - 1:
            while s and s[-1].text.isspace():
                s.pop()
        solid = [g for g in s if not g.text.isspace()]
        if not solid:
            continue
        # spaces before a segment belong to the gap; trailing ones are kept only on the last segment
        lead = 0
        while lead < len(s) and s[lead].text.isspace():
            lead += 1
        s = s[lead:]
        out.append(Segment(s, seg_text(s, settings=settings), solid[0].x0, solid[-1].x1))
    return out


def text_size(lines: list[Line]) -> float:
    """The font size that carries most of the lines' characters (10 pt on a page without text)."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size * 2) / 2] += len(ln.glyphs)
    return max(weights.items(), key=lambda kv: (kv[1], kv[0]))[0] if weights else 10.0


def horizontal_rules(geometry: PageGeometry, size: float, settings: TextSettings = _DEFAULT) -> list[Rule]:
    """The text side's rules: the page's horizontal rules (extract.geometry, joined there) that are
    drawn as lines or thin boxes, not the sides of a box, and at least ``rule_min_length`` em long
    (``size``: the page's text size), top to bottom."""
    long = settings.rule_min_length * size
    rules = [r for r in geometry.rules if not r.outline and r.length > long]
    return sorted(rules, key=lambda r: (round(r.y, 0), r.x0))


def mark_decorations(
    lines: list[Line], rules: list[Rule], fills: list[BBox], settings: TextSettings = _DEFAULT
) -> tuple[list[Rule], list[BBox]]:
    """Mark underlined and shaded lines; return the rules and fills that are no such decoration."""
    used_rules: set[int] = set()
    used_fills: set[int] = set()
    # the width of the page's long lines (90th percentile): full-width rules are table or section
    # rules, no underlines
    widths = sorted(ln.x1 - ln.x0 for ln in lines)
    text_width = widths[int(len(widths) * 0.9)] if widths else 0.0
    for ln in lines:
        width = ln.x1 - ln.x0
        for k, r in enumerate(rules):
            below = r.y - ln.bottom
            covers = min(r.x1, ln.x1) - max(r.x0, ln.x0)
            if (
                -0.35 * ln.size <= below <= settings.underline_drop * ln.size
                and covers >= 0.8 * width
                and r.length <= width + settings.underline_overhang * ln.size
                and abs(r.x1 - ln.x1) <= settings.underline_overhang * ln.size
                and r.length < settings.underline_max * text_width
            ):
                ln.underline = True
                used_rules.add(k)
        cy = (ln.top + ln.bottom) / 2
        for k, (x0, top, x1, bottom) in enumerate(fills):
            if (
                top <= cy <= bottom
                and bottom - top <= settings.shade_max_height * ln.size
                and x0 <= ln.x0 + 0.5 * ln.size
                and x1 >= ln.x1 - 0.5 * ln.size
            ):
                ln.shaded = True
                used_fills.add(k)
    return [r for k, r in enumerate(rules) if k not in used_rules], [f for k, f in enumerate(fills) if k in used_fills]


def _quadrant(c: dict) -> int:
    """The direction a character's text runs on the page, in quarter turns clockwise (0 = left to
    right), from its text matrix (pdfplumber folds a page's /Rotate into it)."""
    a, b = (c.get("matrix") or (1, 0, 0, 1, 0, 0))[:2]
    dx, dy = a, -b  # in top-down page coordinates
    if abs(dx) >= abs(dy):
        return 0 if dx >= 0 else 2
    return 1 if dy > 0 else 3


def reading_frame(chars: list[dict], width: float, height: float) -> tuple[list[dict], float, float, int]:
    """Turn a page whose text mostly runs in another direction (a /Rotate page, a rotated text
    matrix) so that it reads left to right. Returns the characters that run in the page's main
    direction, in that frame, the frame's width and height and the quarter turns applied; characters
    running in other directions are left out (the page's character check counts them)."""
    counts = Counter(_quadrant(c) for c in chars if not c["text"].isspace())
    if not counts:
        return chars, width, height, 0
    turn = counts.most_common(1)[0][0]
    if turn == 0:
        return [c for c in chars if c["text"].isspace() or _quadrant(c) == 0], width, height, 0
    out = []
    for c in chars:
        if not c["text"].isspace() and _quadrant(c) != turn:
            continue
        x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        if turn == 1:  # runs downwards
            box = (top, bottom, width - x1, width - x0)
        elif turn == 3:  # runs upwards
            box = (height - bottom, height - top, x0, x1)
        else:  # upside down
            box = (width - x1, width - x0, height - bottom, height - top)
        out.append({**c, "x0": box[0], "x1": box[1], "top": box[2], "bottom": box[3],
                    "size": box[3] - box[2], "upright": True})  # fmt: skip
    if turn == 2:
        return out, width, height, turn
    return out, height, width, turn


def count_visible(chars: list[dict], settings: TextSettings = _DEFAULT) -> int:
    """The page's printed characters (spaces and overprinted copies not counted)."""
    return sum(1 for c in _dedupe(chars, settings) if not c["text"].isspace())


def line_chars(ln: Line) -> int:
    return sum(1 for g in ln.glyphs if not g.text.isspace())
