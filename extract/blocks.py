"""Lines -> reading-order blocks: headings, numbered paragraphs, list items and footnotes.

Input: the pages' visual lines (extract.layout) with the document frame (extract.text_frame) that
says which lines are page furniture and which lie in a page's footnote zone. Output: Block objects
in reading order. Decisions rest on typography and geometry only:

- a *label* is the first segment of a line when a wide gap follows it (hanging paragraph numbers
  such as ``14.1``/``19.`` in the left margin, list labels ``(a)``, mandate symbols printed in their
  own column); a paragraph number printed inline (``19. text``) is recognised at a block start;
- a *heading* is a line in bold, italic/kai or a larger size than the body text; heading levels
  rank the heading styles of the document (larger first, bold before italic); a label-only heading
  line (``次级方案 1``) takes the next heading line as its text; a body-style short line with a
  number that breaks the running paragraph sequence is a sub-heading;
- a block continues on the next line when the vertical step is a normal line pitch and the line
  starts at the block's continuation indent; across a page break, a footnote zone, a table or a
  figure it continues when the previous line ran to the right margin and the next line starts at the
  continuation indent without a label (not across a table or figure on the same page when the previous
  line ends a sentence);
- superscript characters in body lines are footnote markers: removed from the text and recorded in
  ``footnote_refs``; footnote blocks (marker + text) follow the block that is open when their page
  ends;
- hyperlinks attach to the block whose line contains the link rectangle (links inside a footnote go
  to the block citing that footnote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.layout import Glyph, Line, seg_text
from extract.models import BBox, Block
from extract.normalise import normalise_text
from extract.text_frame import Frame, PageText, set_bold
from extract.text_settings import TextSettings

NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
# enclosed numerals used as list labels: circled/parenthesised/full-stop digits (U+2460-U+24FF),
# dingbat circled digits (U+2776-U+2793), parenthesised and circled ideographs (U+3220-U+3243,
# U+3280-U+32B0)
ENCLOSED = "\u2460-\u24ff\u2776-\u2793\u3220-\u3243\u3280-\u32b0"
CJK_NUM = "一二三四五六七八九十百零〇"
# labels that end in a closing mark and so need no space before the text: "㈠", "1.㈠", "（一）",
# "(一)", "一、"
_CLOSED_LABEL = rf"(?:\d{{1,3}}[.．]\s?)?[{ENCLOSED}]|[（(](?:[{CJK_NUM}]{{1,3}}|\d{{1,2}})[）)]|[{CJK_NUM}]{{1,3}}、"
# a list label printed inline, followed by a normal space ("(a) text", "1. text") or by nothing
# after a closed label ("一、text", "㈠text", "（一）text", "1.㈠text")
# the first character of Chinese text (an ideograph or an opening mark): a label that ends in a
# full stop or a bracket needs no space before it ("1.该决定", "(a)在"), as some producers print it
CJK_START = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“‘《〈「『【"
INLINE_LIST = re.compile(
    r"^(\(?[a-zA-Z]{1,2}\)|（[a-zA-Z]{1,2}）|\(?[ivxlc]{1,6}\)|[（(]\d{1,3}[）)]|\d{1,3}\.|[a-z]\.)"
    rf"(?:\s+(?=\S)|(?=[{CJK_START}]))"
    rf"|^({_CLOSED_LABEL})\s*(?=\S)"
)
# a heading label printed inline before the heading text
INLINE_HEAD = re.compile(
    r"^([A-Z]\.|[IVXLC]{1,6}\.|\d{1,2}(?:\.\d{1,2})*\.)\s+(?=\S)"
    rf"|^([{CJK_NUM}]{{1,4}}、|[（(][{CJK_NUM}]{{1,3}}[）)]|[{ENCLOSED}])\s*(?=\S)"
)
# a paragraph number at the start of the text: then a space, or Chinese text right after its full
# stop ("1.该决定"; "14.1" needs the space, "14.1亿" is an amount)
INLINE_NUMBER = re.compile(
    rf"^(\d{{1,3}}(?:\.\d{{1,3}})*\.|\d{{1,3}}\.\d{{1,3}})(?:\s+(?=\S)|(?<=\.)(?=[{CJK_START}]))"
)
# a decimal paragraph number with Chinese text right after it ("14.1环境署"): a number only where it
# comes later in the document's paragraph series (or opens it), never an amount ("14.1亿", "2.5倍")
ABUTTING_NUMBER = re.compile(rf"^(\d{{1,3}}\.\d{{1,3}})(?=[{CJK_START}])(?![亿万千百十倍个年月日元])")
HEAD_LABEL = re.compile(
    rf"^(?:[A-Z]\.|[IVXLC]{{1,6}}\.|[{CJK_NUM}]{{1,4}}[、.．]|第[{CJK_NUM}\d]+[章节部分编篇条]"
    rf"|[（(][{CJK_NUM}]{{1,3}}[）)]|\d{{1,2}}(?:\.\d{{1,2}})*\.?)$"
)
LIST_LABEL = re.compile(
    r"^(?:\(?[a-zA-Z]{1,2}\)|（[a-zA-Z]{1,2}）|\(?[ivxlc]{1,6}\)|[（(]?\d{1,3}[）)]|\d{1,3}\.|[a-z]\.|[-–—•·●○■□▪◦]"
    rf"|{_CLOSED_LABEL})$"
)
# a heading line made only of a label that ends in a numeral ("次级方案 1", "附件一", "Annex II")
LABEL_ONLY = re.compile(r"^\S{1,8}?\s?(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[IVX]{1,5})$")
MAX_LEVEL = 6  # the deepest heading level the paragraphs contract takes
END_PUNCT = "。；;：:，,！？!?"
SENTENCE_END = ("。", "！", "？", ".", "!", "?")
CLOSERS = "”’」』)）"  # may follow the full stop
CLAUSE_END = "。！？.!?；;：:"  # a line ending in one of these ends its sentence or clause
_DEFAULT = TextSettings()


def _heading_style(ln: Line, frame: Frame, settings: TextSettings = _DEFAULT) -> bool:
    """A line set apart from the document's body style (its most common line style) by weight,
    slant, colour, underline, shading or a larger size."""
    return _weight_only(ln, frame, settings) or _styled_apart(ln, frame, settings)


def _weight_only(ln: Line, frame: Frame, settings: TextSettings = _DEFAULT) -> bool:
    """A line set apart from the body by its weight alone (bold throughout, at body size)."""
    return set_bold(ln, frame, settings) and not _styled_apart(ln, frame, settings)


def _styled_apart(ln: Line, frame: Frame, settings: TextSettings) -> bool:
    """A line set apart from the body by anything but its weight."""
    if settings.smaller(ln.size, frame.body_size):
        return False
    _, _, italic, colour, underline, shaded = frame.body_style
    return (
        (ln.italic and not italic)
        or _colour_differs(ln.colour, colour, settings)
        or (ln.underline and not underline)
        or (ln.shaded and not shaded)
        or ln.size >= frame.body_size * (1 + settings.heading_size_step)
    )


def _leading(frame: Frame) -> float:
    """The body's line pitch in em of the body size (1.5 for text set 10.5 on 15.75)."""
    return frame.pitch / frame.body_size if frame.body_size > 0 else 1.5


def _runs_on(last: Line, text: str, frame: Frame) -> bool:
    """A line that ran to the right margin in the middle of a sentence: the text goes on."""
    end = text.rstrip().rstrip(CLOSERS)
    return last.x1 >= frame.right_at(last.page) - 2.0 * frame.body_size and bool(end) and end[-1] not in CLAUSE_END


def _next_line(prev: Line, ln: Line, frame: Frame) -> bool:
    """``ln`` follows ``prev`` at the body's line pitch, at the body's left edge or under ``prev``."""
    size = frame.body_size
    step_ok = ln.top - prev.bottom <= (frame.pitch - size) + 0.3 * size
    return step_ok and (abs(ln.x0 - frame.left(ln.page)) < 0.6 * size or abs(ln.x0 - prev.x0) < 0.6 * size)


def _emphasis_within(cur: _Open | None, ln: Line, frame: Frame, settings: TextSettings) -> bool:
    """A line bold throughout that carries on the open paragraph's unfinished sentence (a bold
    phrase that fills a line) is emphasis, no heading."""
    return (
        cur is not None
        and cur.kind in ("paragraph", "list_item")
        and _weight_only(ln, frame, settings)
        and _runs_on(cur.last, cur.text, frame)
        and _next_line(cur.last, ln, frame)
    )


def _bold_lead(cur: _Open, ln: Line, frame: Frame, settings: TextSettings) -> bool:
    """The open one-line 'heading' is bold only by weight, runs to the margin in mid-sentence and
    goes on in plain text on the next line: a paragraph that starts with a line of emphasis."""
    return (
        len(cur.lines) == 1
        and cur.label is None
        and not cur.body_style_heading
        and _weight_only(cur.last, frame, settings)
        and _runs_on(cur.last, cur.text, frame)
        and _next_line(cur.last, ln, frame)
    )


def _rgb(colour: tuple) -> tuple[float, float, float]:
    if not colour:
        return (0.0, 0.0, 0.0)
    if len(colour) == 1:  # grey level: 0 black
        return (colour[0],) * 3
    if len(colour) == 4:  # CMYK
        c, m, y, k = colour
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(colour[:3])


def _colour_differs(a: tuple, b: tuple, settings: TextSettings) -> bool:
    """Two text colours a reader tells apart (a near-black grey is black)."""
    return max(abs(x - y) for x, y in zip(_rgb(a), _rgb(b), strict=True)) > settings.colour_step


def _style(ln: Line) -> tuple:
    return (round(ln.size * 2) / 2, ln.bold, ln.italic, ln.colour, ln.underline, ln.shaded)


def line_text(glyphs: list[Glyph], settings: TextSettings = _DEFAULT) -> tuple[str, list[str]]:
    """Text of glyphs with superscript markers removed (and an adjacent space dropped)."""
    refs: list[str] = []
    parts: list[Glyph | str] = []
    i = 0
    n = len(glyphs)
    while i < n:
        g = glyphs[i]
        if g.sup:
            j = i
            marker = ""
            while j < n and glyphs[j].sup:
                marker += glyphs[j].text
                j += 1
            refs.append(marker)
            parts.append("\x00")  # marker position
            i = j
            continue
        parts.append(g)
        i += 1
    # assemble text segment by segment between markers
    out: list[str] = []
    run: list[Glyph] = []
    for p in parts:
        if isinstance(p, str):
            out.append(seg_text(run, settings=settings) if run else "")
            out.append(p)
            run = []
        else:
            run.append(p)
    out.append(seg_text(run, settings=settings) if run else "")
    text = ""
    for k, chunk in enumerate(out):
        if chunk != "\x00":
            text += chunk
            continue
        before_space = text.endswith(" ")
        nxt = out[k + 1] if k + 1 < len(out) else ""
        after_space = nxt.startswith(" ")
        if before_space and after_space:
            out[k + 1] = nxt.lstrip(" ")
        elif after_space:
            out[k + 1] = nxt[1:]
        elif before_space:
            text = text[:-1]
    return text, refs


def join_lines(a: str, b: str) -> str:
    """Join two wrapped lines: nothing between them (the page's own trailing space is kept)."""
    if not a:
        return b.lstrip()
    return a + b.lstrip()


@dataclass(slots=True)
class _Open:
    kind: str
    page: int
    style: tuple
    last: Line
    label: str | None = None
    number: str | None = None
    text: str = ""
    refs: list[str] = field(default_factory=list)
    cont_x: float | None = None
    page_last: int = 0
    lines: list[Line] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    body_style_heading: bool = False
    hang_x: float | None = None  # where the text after an inline label starts


@dataclass(slots=True)
class _Footnote:
    page: int
    marker: str
    text: str
    lines: list[Line]


def _split_label(ln: Line, frame: Frame, settings: TextSettings) -> tuple[str | None, str, int]:
    """(label, label kind, index of the first text segment)."""
    segs = ln.segments
    if len(segs) < 2:
        return None, "", 0
    s0 = segs[0]
    raw = "".join(g.text for g in s0.glyphs if not g.sup).strip()
    if not raw or len(raw) > settings.max_label or raw[-1] in END_PUNCT:
        return None, "", 0
    hanging = s0.x0 < frame.left(ln.page) - 0.5 * frame.body_size
    if hanging:
        if NUMBER.match(raw):
            return raw, "number", 1
        if HEAD_LABEL.match(raw):
            return raw, "head", 1
        return raw, "other", 1
    # a paragraph number at the start of the text, a wide gap (a tab) after it: its wrapped lines
    # run back to the left edge under the number
    if NUMBER.match(raw) and abs(s0.x0 - frame.left(ln.page)) < 0.6 * frame.body_size:
        return raw, "number", 1
    # a list label in its own column reads as one ("(a)", "•", "一、") or is a document symbol
    # (a mandate "67/213", "SS.XII/2": it carries a digit); a word before a wide gap (a name in
    # the first column of a form or of a table read as text) is text
    if _label_like(raw) or any(ch.isdigit() for ch in raw):
        return raw, "list", 1
    return None, "", 0


def _label_like(raw: str) -> bool:
    """A first segment that reads as a label (number, list label, heading label), not as words
    that happen to be followed by a wide gap (a name in a column of a form-like layout)."""
    return bool(NUMBER.match(raw) or HEAD_LABEL.match(raw) or LIST_LABEL.match(raw) or LABEL_ONLY.match(raw))


def _after_label(ln: Line, first: int, n_chars: int) -> float | None:
    """The x where the text starts after an inline label of ``n_chars`` visible characters."""
    solid = [g for s in ln.segments[first:] for g in s.glyphs if not g.text.isspace() and not g.sup]
    return solid[n_chars].x0 if len(solid) > n_chars else None


def _cited_start(ln: Line, cited: frozenset[str], settings: TextSettings) -> tuple[str, str] | None:
    """(marker, text) of a footnote line that starts with a marker the text cites, printed at the
    note's own size ("① 参见…", "1  See…"): the marker is followed by a space or a gap, or is an
    enclosed numeral, which needs none."""
    text, _ = line_text(ln.glyphs, settings)
    text = text.strip()
    for marker in sorted(cited, key=len, reverse=True):
        if not text.startswith(marker) or len(text) == len(marker):
            continue
        after = text[len(marker)]
        if after.isspace() or re.fullmatch(f"[{ENCLOSED}]", marker):
            return marker, text[len(marker) :].strip()
    return None


def _footnotes_of(
    lines: list[Line], page: int, settings: TextSettings, cited: frozenset[str] = frozenset()
) -> list[_Footnote]:
    """The footnotes of a page's footnote zone: a line starting with a superscript marker, or with a
    marker the text cites printed at the note's size, opens a note; other lines continue one."""
    notes: list[_Footnote] = []
    for ln in lines:
        solid = [g for g in ln.glyphs if not g.text.isspace()]
        if not solid:
            continue
        start = _cited_start(ln, cited, settings) if cited and not solid[0].sup else None
        if start is not None:
            notes.append(_Footnote(page, start[0], start[1], [ln]))
        elif solid[0].sup:
            k = 0
            marker = ""
            while k < len(solid) and solid[k].sup:
                marker += solid[k].text
                k += 1
            rest = [g for g in ln.glyphs if g.x0 >= solid[k - 1].x1 - 0.01 and not g.sup][:]
            text, _ = line_text(rest, settings)
            notes.append(_Footnote(page, marker, text.strip(), [ln]))
        elif notes:
            text, _ = line_text(ln.glyphs, settings)
            notes[-1].text = join_lines(notes[-1].text, text.strip())
            notes[-1].lines.append(ln)
        else:
            # a footnote continued from the previous page or an unmarked note
            text, _ = line_text(ln.glyphs, settings)
            notes.append(_Footnote(page, "", text.strip(), [ln]))
    return notes


def build_blocks(pages: list[PageText], frame: Frame, settings: TextSettings = _DEFAULT) -> list[Block]:
    """Assemble the reading-order blocks of a document."""
    skip = set(frame.running) | {id(ln) for ln in frame.masthead + frame.front + frame.title}
    size = frame.body_size
    blocks: list[_Open | _Footnote] = []
    pending: list[_Footnote] = []
    cur: _Open | None = None
    line_owner: dict[int, _Open] = {}
    note_owner: dict[int, _Footnote] = {}
    last_number: str | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None:
            blocks.append(cur)
            cur = None
        if pending:
            blocks.extend(pending)
            pending.clear()

    for p in pages:
        foot = frame.footnote_lines.get(p.number, [])
        foot_ids = {id(ln) for ln in foot}
        body = [ln for ln in p.lines if id(ln) not in skip and id(ln) not in foot_ids]
        regions = [bb for _, bb in p.regions]
        broken = True  # a page break precedes the first line
        interrupted = False  # a table or figure on this page stands between prev and ln
        prev: Line | None = None
        for ln in body:
            interrupted = prev is not None and any(prev.bottom <= (r[1] + r[3]) / 2 <= ln.top for r in regions)
            broken = broken or interrupted
            label, lkind, first = _split_label(ln, frame, settings)
            heading = _heading_style(ln, frame, settings)
            if heading and label is None and not broken and _emphasis_within(cur, ln, frame, settings):
                heading = False
            if heading and lkind == "list" and label is not None and not _label_like(label):
                label, lkind, first = None, "", 0
            text, refs = line_text([g for s in ln.segments[first:] for g in s.glyphs], settings)
            text_x = ln.segments[first].x0 if ln.segments else ln.x0
            # label-only heading line followed by the heading text ("次级方案 1" / "气候变化")
            if (
                cur is not None
                and cur.kind == "heading"
                and heading
                and label is None
                and cur.label is None
                and len(cur.lines) == 1
                and LABEL_ONLY.match(cur.text.strip())
                and ln.top - cur.last.top
                <= (_leading(frame) + settings.label_heading_gap) * max(ln.size, cur.last.size)
                and not broken
            ):
                cur.label = cur.text.strip()
                cur.text = text
                cur.last = ln
                cur.lines.append(ln)
                line_owner[id(ln)] = cur
                prev, broken = ln, False
                continue
            cont = False
            if cur is not None and label is None:
                if cur.kind == "heading":
                    if (
                        heading
                        and not broken
                        and _style(ln) == cur.style
                        and ln.top - cur.last.top <= (_leading(frame) + settings.heading_wrap_gap) * ln.size
                        and not cur.body_style_heading
                    ):
                        cont = True
                    elif not heading and _bold_lead(cur, ln, frame, settings):
                        cur.kind = "paragraph"  # a paragraph that starts with a line of emphasis
                        cont = True
                elif not heading:
                    indent_ok = cur.cont_x is None or abs(text_x - cur.cont_x) < 0.6 * size
                    if cur.cont_x is None and cur.lines:
                        indent_ok = abs(text_x - frame.left(ln.page)) < 0.6 * size or text_x <= cur.lines[0].x0
                    # under an inline label, wrapped lines start anywhere from the label to the text
                    if cur.hang_x is not None and cur.lines[0].x0 - 0.6 * size <= text_x < cur.hang_x + 0.6 * size:
                        indent_ok = True
                    # the next inline list label opens the next item
                    if cur.kind == "list_item" and cur.hang_x is not None and INLINE_LIST.match(text):
                        indent_ok = False
                    if broken:
                        full = cur.last.x1 >= frame.right_at(cur.last.page) - 2.0 * size
                        # an inline number that continues the paragraph sequence opens a paragraph
                        m = INLINE_NUMBER.match(text)
                        if m and last_number is not None and _follows(last_number, m.group(1)):
                            full = False
                        # a sentence that ends just at the margin before a table on the same page
                        # ends its paragraph (a page break may still split a paragraph there)
                        ended = interrupted and cur.text.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)
                        cont = indent_ok and full and not ended and cur.kind in ("paragraph", "list_item")
                    else:
                        step = ln.top - cur.last.bottom
                        full = cur.last.x1 >= frame.right_at(cur.last.page) - 2.0 * size
                        normal = step <= (frame.pitch - size) + 0.3 * size
                        cont = indent_ok and normal and (full or (cur.kind == "list_item" and full))
            if cont and cur is not None:
                cur.text = join_lines(cur.text, text)
                cur.refs.extend(refs)
                cur.last = ln
                cur.page_last = p.number
                cur.lines.append(ln)
                if cur.cont_x is None and cur.kind != "heading":
                    cur.cont_x = text_x
                line_owner[id(ln)] = cur
                prev, broken = ln, False
                continue
            close()
            if heading:
                kind = "heading"
            elif lkind == "number":
                kind = "paragraph"
            elif lkind == "list":
                kind = "list_item"
            elif lkind == "head":
                kind = "heading"
            else:
                kind = "paragraph"
            cur = _Open(kind=kind, page=p.number, text=text, refs=list(refs), style=_style(ln), last=ln)
            cur.page_last = p.number
            cur.lines.append(ln)
            if kind == "heading":
                cur.label = label
                cur.body_style_heading = not heading
                m = INLINE_HEAD.match(text) if label is None else None
                if m and len(m.group(1) or m.group(2)) <= settings.max_label:
                    cur.label = m.group(1) or m.group(2)
                    cur.text = text[m.end() :]
            elif kind == "paragraph":
                if lkind == "number":
                    cur.number = label
                    last_number = label
                elif label is not None:
                    # a label in the margin that is no number: keep it with the text
                    cur.text = label + " " + text
                else:
                    m = INLINE_NUMBER.match(text)
                    if m is None and (a := ABUTTING_NUMBER.match(text)):
                        m = a if last_number is None or _after(last_number, a.group(1)) else None
                    li = INLINE_LIST.match(text)
                    if m and abs(ln.x0 - frame.left(ln.page)) < 0.6 * size:
                        cur.number = m.group(1)
                        cur.text = text[m.end() :]
                        last_number = cur.number
                    elif li and len(li.group(1) or li.group(2)) <= settings.max_label:
                        cur.kind = "list_item"
                        cur.label = li.group(1) or li.group(2)
                        cur.text = text[li.end() :]
                        cur.hang_x = _after_label(ln, first, sum(not ch.isspace() for ch in cur.label))
                cur.cont_x = text_x if label is not None else None
            else:
                cur.label = label
                cur.cont_x = text_x
            if label is not None and kind != "heading" and ln.segments[0].x0 >= frame.left(ln.page) - 0.5 * size:
                # a label inside the text column: wrapped lines start under the text or under the label
                cur.hang_x = text_x
            line_owner[id(ln)] = cur
            prev, broken = ln, False
        cited = frozenset(r for b in [*blocks, cur] if isinstance(b, _Open) for r in b.refs)
        for note in _footnotes_of(foot, p.number, settings, cited):
            if note.marker == "" and (pending or blocks) and not pending:
                # continuation of the last footnote of the previous page
                last_note = next((b for b in reversed(blocks) if isinstance(b, _Footnote)), None)
                if last_note is not None:
                    last_note.text = join_lines(last_note.text, note.text)
                    for ln in note.lines:
                        note_owner[id(ln)] = last_note
                    continue
            pending.append(note)
            for ln in note.lines:
                note_owner[id(ln)] = note
        _attach_links(p, line_owner, note_owner, blocks, cur)
    close()
    _sequence_headings(blocks)
    _labelled_headings(blocks)
    _split_refs(blocks)
    return _finish(blocks)


def _split_refs(blocks: list) -> None:
    """Adjacent markers printed as one run ("12" for notes 1 and 2) are split into known markers."""
    known = {b.marker for b in blocks if isinstance(b, _Footnote) and b.marker}

    def split(ref: str) -> list[str] | None:
        if ref in known:
            return [ref]
        for k in range(1, len(ref)):
            head = ref[:k]
            if head in known:
                rest = split(ref[k:])
                if rest is not None:
                    return [head, *rest]
        return None

    for b in blocks:
        if isinstance(b, _Open) and b.refs:
            out: list[str] = []
            for ref in b.refs:
                out.extend(split(ref) or [ref])
            b.refs = out


def _attach_links(
    p: PageText,
    line_owner: dict[int, _Open],
    note_owner: dict[int, _Footnote],
    blocks: list,
    cur: _Open | None,
) -> None:
    lines = [ln for ln in p.lines if id(ln) in line_owner or id(ln) in note_owner]
    for uri, bb in sorted(p.links, key=lambda t: (round(t[1][1]), t[1][0])):
        cx, cy = (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2
        hit = None
        for ln in lines:
            if ln.x0 - 2 <= cx <= ln.x1 + 2 and ln.top - 2 <= cy <= ln.bottom + 2:
                hit = ln
                break
        if hit is None:
            continue
        owner = line_owner.get(id(hit))
        if owner is None:
            note = note_owner[id(hit)]
            owner = _citing(note.marker, blocks, cur)
        if owner is not None and uri not in owner.links:
            owner.links.append(uri)


def _citing(marker: str, blocks: list, cur: _Open | None) -> _Open | None:
    if cur is not None and marker in cur.refs:
        return cur
    for b in reversed(blocks):
        if isinstance(b, _Open) and marker in b.refs:
            return b
    return None


def _follows(prev: str, number: str) -> bool:
    """``number`` is the paragraph number right after ``prev`` (14.9 -> 14.10, 19. -> 20.)."""
    a, b = _key(prev), _key(number)
    return a is not None and b is not None and a[0] == b[0] and b[1] == a[1] + 1


def _after(prev: str, number: str) -> bool:
    """``number`` comes later than ``prev`` in the same series of paragraph numbers (14.9 -> 14.12)."""
    a, b = _key(prev), _key(number)
    return a is not None and b is not None and a[0] == b[0] and b[1] > a[1]


def _key(number: str) -> tuple[str, int] | None:
    parts = number.rstrip(".").split(".")
    if not parts[-1].isdigit():
        return None
    return ".".join(parts[:-1]), int(parts[-1])


# the labels of Chinese section headings: "一、", "（一）" (a numeral in words); a list counts (a), 1.
_SECTION_LABEL = re.compile(rf"^(?:[{CJK_NUM}]{{1,4}}、|[（(][{CJK_NUM}]{{1,3}}[）)])$")


def _label_family(label: str | None) -> str | None:
    """ "、" for "一、", "（" for "（一）": which kind of section label, if any."""
    if label is None or not _SECTION_LABEL.match(label):
        return None
    return "、" if label.endswith("、") else "（"


def _labelled_headings(blocks: list) -> None:
    """A section label ("一、", "（一）") before one short line that ends in no punctuation, with text
    (not the next item) after it, is a heading in the body's style: Chinese documents set their
    section headings apart by the label alone as often as by weight."""
    opened = [b for b in blocks if isinstance(b, _Open)]
    for b, nxt in zip(opened, [*opened[1:], None], strict=True):
        if b.kind != "list_item" or b.label is None or not _SECTION_LABEL.match(b.label):
            continue
        text = b.text.strip()
        if len(b.lines) != 1 or not text or len(text) > 40 or text[-1] in END_PUNCT + "”）)" or b.refs:
            continue
        if nxt is None or nxt.kind == "list_item":
            continue
        b.kind = "heading"
        b.body_style_heading = True


def _sequence_headings(blocks: list) -> None:
    """Numbered short lines that break the paragraph sequence are sub-headings."""
    last: tuple[str, int] | None = None
    for b in blocks:
        if not isinstance(b, _Open) or b.kind != "paragraph" or b.number is None:
            continue
        k = _key(b.number)
        if k is None:
            continue
        in_seq = last is None or (k[0] == last[0] and k[1] == last[1] + 1) or k[0] != last[0]
        text = b.text.strip()
        if not in_seq and len(b.lines) == 1 and len(text) <= 40 and text and text[-1] not in END_PUNCT and not b.refs:
            b.kind = "heading"
            b.label = b.number
            b.number = None
            b.body_style_heading = True
            continue
        last = k


def _finish(items: list) -> list[Block]:
    styles = sorted(
        {b.style for b in items if isinstance(b, _Open) and b.kind == "heading" and not b.body_style_heading},
        key=lambda s: (-s[0], not s[1], not s[5], not s[4], s[3] == (), s[2]),
    )
    rank = {s: min(i + 1, MAX_LEVEL) for i, s in enumerate(styles)}
    out: list[Block] = []
    last_level = 0
    families: list[str] = []
    for b in items:
        if isinstance(b, _Footnote):
            raw = b.text.strip()
            out.append(Block("footnote", b.page, normalise_text(raw), raw, label=b.marker or None))
            continue
        raw = re.sub(r"\s+$", "", b.text).lstrip()
        level = None
        if b.kind == "heading":
            family = _label_family(b.label)
            if b.body_style_heading and family is not None:
                # section labels rank by first appearance ("一、" over "（一）"), under any styled heading
                if family not in families:
                    families.append(family)
                level = min(last_level + 1 + families.index(family), MAX_LEVEL)
            elif b.body_style_heading:
                level = min(last_level + 1, 4) if last_level else 1
            else:
                level = rank.get(b.style, 4)
                last_level = level
        refs = list(dict.fromkeys(b.refs))
        out.append(
            Block(
                kind=b.kind,
                page=b.page,
                text=normalise_text(raw),
                raw_text=raw,
                number=b.number,
                label=b.label,
                level=level,
                footnote_refs=refs,
                links=list(b.links),
                page_last=b.page_last if b.page_last != b.page else None,
            )
        )
    return out


def block_boxes(lines: list[Line]) -> list[BBox]:
    return [ln.bbox for ln in lines]
