"""Typeset an answer key (tests/data/expected/*.json) as a PDF in one of several house layouts.

The layout matrix of the tests: the same facts printed with the conventions different producers
use (paragraph numbers hanging or inline, list labels in a column or after a normal space, headings
set apart by weight, size, colour, underline, italics or shading, footnotes at the page foot or
collected at the end, markers raised and/or smaller, running headers at any height, glyphs printed
twice for bold, characters spaced with a space between every two). Two content-stream producers:
``"strings"`` writes one text string per line (reportlab's usual output), ``"glyphs"`` positions
every character on its own (as DTP tools and older Acrobat pipelines do).

Only reportlab's built-in CID font is used (no font file is needed); bold is printed twice with a
small offset (fake bold), italics by a skewed text matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FONT = "STSong-Light"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
A5 = (419.53, 595.28)
# characters the built-in CID font's CMap cannot encode, printed as their closest encodable form
UNENCODABLE = str.maketrans({"·": "・"})
INLINE_HEAD = re.compile(r"^(?:[A-Z]\.|[IVXLC]{1,6}\.|\d{1,2}(?:\.\d{1,2})*\.?|[一二三四五六七八九十百]{1,4}、)$")
INLINE_LIST = re.compile(r"^(?:\(?[a-zA-Z]{1,2}\)|\(?[ivx]{1,5}\)|\d{1,2}\.|[一二三四五六七八九十]{1,3}、)$")


@dataclass(frozen=True)
class HeadStyle:
    scale: float = 1.0  # font size relative to the body
    bold: bool = False  # printed twice with an offset
    colour: tuple[float, float, float] | None = None
    underline: bool = False
    italic: bool = False
    shade: bool = False  # a light filled box behind the line


@dataclass(frozen=True)
class Variant:
    name: str
    producer: str = "strings"  # "strings" | "glyphs"
    body: float = 10.5  # body font size (pt)
    leading: float = 1.5  # line pitch (em)
    para_gap: float = 0.6  # extra space between blocks (em)
    numbers: str = "hanging"  # "hanging" | "inline"
    number_bold: bool = False
    list_gap: str = "wide"  # "wide" (label column) | "space" (a normal space after (a), 一、, 1.)
    heads: tuple[HeadStyle, ...] = field(default_factory=lambda: (HeadStyle(1.3, True),) * 4)
    footnotes: str = "page"  # "page" | "end"
    separator: bool = True  # a short rule above page-foot notes
    note_scale: float = 0.8  # footnote text size relative to the body
    marker_scale: float = 0.7  # reference marker size relative to the text
    marker_raise: float = 0.35  # reference marker baseline raise (em)
    header_at: float = 0.06  # running header baseline, share of the page height from the top
    footer_at: float = 0.95  # running footer baseline, share of the page height from the top
    spaced: bool = False  # a space between every two characters (older PDFs)
    margin: float = 0.12  # left/right margin, share of the page width
    caption_inline: bool = True  # "表 N  title" on one line (else 表 N alone, then the title)
    page: tuple[float, float] = A4  # page width and height (pt)
    label_share: float = 0.34  # a table's label (first) column, share of the text width (tables of 3+ columns)
    table_scale: float = 0.8  # table text size relative to the body


VARIANTS = [
    Variant(
        "hanging-bold",
        heads=(HeadStyle(1.3, True), HeadStyle(1.15, True), HeadStyle(1.0, True), HeadStyle(1.0, False, italic=True)),
        number_bold=True,
    ),
    Variant(
        "inline-size-colour",
        numbers="inline",
        list_gap="space",
        heads=(
            HeadStyle(1.2),
            HeadStyle(1.1, colour=(0.0, 0.25, 0.6)),
            HeadStyle(1.05),
            HeadStyle(1.0, colour=(0.0, 0.25, 0.6)),
        ),
        footnotes="end",
        marker_scale=0.81,
        marker_raise=0.3,
        header_at=0.035,
        footer_at=0.975,
    ),
    Variant(
        "glyphs-underline-shade",
        producer="glyphs",
        heads=(
            HeadStyle(1.0, underline=True, bold=True),
            HeadStyle(1.0, shade=True),
            HeadStyle(1.0, underline=True),
            HeadStyle(1.0, italic=True),
        ),
        separator=False,
        marker_scale=1.0,
        marker_raise=0.4,
        header_at=0.12,
        footer_at=0.9,
        body=10.0,
        leading=1.6,
    ),
    Variant(
        "spaced-inline-bold",
        producer="glyphs",
        numbers="inline",
        number_bold=True,
        list_gap="space",
        spaced=True,
        heads=(
            HeadStyle(1.25, True),
            HeadStyle(1.1, True),
            HeadStyle(1.0, True),
            HeadStyle(1.0, colour=(0.5, 0.1, 0.1)),
        ),
        footnotes="end",
        marker_scale=0.65,
        marker_raise=0.0,
        body=11.0,
    ),
    # from the layout sweep (tools/sweep_layouts.py): large type on a loose pitch, margins too
    # narrow for the hanging numbers, running lines deep inside the page, every heading in one style
    Variant(
        "loose-12.5pt",
        body=12.5,
        leading=1.9,
        margin=0.07,
        header_at=0.15,
        footer_at=0.88,
        number_bold=True,
    ),
]


@dataclass
class _Run:
    text: str
    size: float
    bold: bool = False
    raise_: float = 0.0
    italic: bool = False
    colour: tuple[float, float, float] | None = None


class _Writer:
    def __init__(self, path: Path, variant: Variant, key: dict) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.metrics = pdfmetrics
        self.v = variant
        self.key = key
        self.w, self.h = variant.page
        self.left = self.w * variant.margin
        self.right = self.w * (1 - variant.margin)
        if variant.numbers == "hanging" and self.left - variant.body * 4.0 < self.w * 0.03:
            # no room in the margin for the hanging numbers (4 em left of the text): the text block
            # moves right, the numbers stand in the margin's stead
            self.left = self.w * 0.03 + variant.body * 4.0
        self.top = self.h * (variant.header_at + 0.05)
        self.bottom = self.h * (variant.footer_at - 0.05)
        self.c = canvas.Canvas(str(path), pagesize=variant.page, pageCompression=1)
        self.page = 1
        self.y = self.top
        self.notes: list[dict] = []  # page-foot notes of the current page
        self.note_height = 0.0
        self.pages_links: list = []

    # --- low level --------------------------------------------------------------------------
    def width(self, text: str, size: float) -> float:
        return self.metrics.stringWidth(text, FONT, size)

    def printed(self, text: str, size: float) -> float:
        """The width ``text`` takes on the page (with the space after every character when spaced)."""
        return self.width("".join(ch + " " for ch in text) if self.v.spaced else text, size)

    def draw(self, x: float, baseline: float, run: _Run) -> float:
        """Draw a run at ``x`` with its baseline ``baseline`` pt from the top; return its end x."""
        text = run.text.translate(UNENCODABLE)
        if self.v.spaced:
            text = "".join(ch + " " for ch in text)
        c = self.c
        y = self.h - baseline + run.raise_
        colour = run.colour or (0, 0, 0)
        c.setFillColorRGB(*colour)
        offsets = [0.0, run.size * 0.04] if run.bold else [0.0]
        for dx in offsets:
            t = c.beginText()
            t.setFont(FONT, run.size)
            skew = 0.25 if run.italic else 0.0
            if self.v.producer == "glyphs":
                cx = x
                for ch in text:
                    t.setTextTransform(1, 0, skew, 1, cx + dx, y)
                    t.textOut(ch)
                    cx += self.width(ch, run.size)
            else:
                t.setTextTransform(1, 0, skew, 1, x + dx, y)
                t.textOut(text)
            c.drawText(t)
        c.setFillColorRGB(0, 0, 0)
        return x + self.width(text, run.size)

    # --- pages -----------------------------------------------------------------------------
    def furniture(self) -> None:
        size = self.v.body * 0.85
        symbol = self.key.get("symbol")
        if symbol:
            run = _Run(symbol, size)
            x = self.left if self.page % 2 else self.right - self.width(symbol, size)
            self.draw(x, self.h * self.v.header_at, run)
        footer = str(self.page)
        job = self.key.get("job_number")
        foot = f"{footer}  {job}" if job and self.page % 2 == 0 else footer
        self.draw((self.w - self.width(foot, size)) / 2, self.h * self.v.footer_at, _Run(foot, size))

    def new_page(self) -> None:
        self.flush_notes()
        self.furniture()
        self.c.showPage()
        self.page += 1
        self.y = self.top
        self.note_height = 0.0

    def room(self, height: float) -> None:
        if self.y + height > self.bottom - self.note_height:
            self.new_page()

    # --- text ------------------------------------------------------------------------------
    def wrap(self, runs: list[_Run], width: float, first_width: float) -> list[list[_Run]]:
        """Break runs into lines that fill ``width`` (``first_width`` for the first line); a line
        never starts with a space (it stays at the end of the line before)."""
        lines: list[list[_Run]] = [[]]
        room = first_width
        used = 0.0
        for run in runs:
            buf = ""
            for ch in run.text:
                cw = self.width(ch + " " if self.v.spaced else ch, run.size)
                if used + cw > room and ch != " " and (buf or lines[-1]):
                    if buf:
                        lines[-1].append(_Run(buf, run.size, run.bold, run.raise_, run.italic, run.colour))
                    lines.append([])
                    buf, used, room = "", 0.0, width
                buf += ch
                used += cw
            if buf:
                lines[-1].append(_Run(buf, run.size, run.bold, run.raise_, run.italic, run.colour))
        return [ln for ln in lines if ln]

    def paragraph(
        self, runs: list[_Run], size: float, label: _Run | None = None, label_mode: str = "none",
        links: list[str] | None = None, indent: float = 0.0, shade: bool = False, underline: bool = False,
    ) -> None:  # fmt: skip
        pitch = size * self.v.leading
        x0 = self.left + indent
        width = self.right - x0 - (self._column(size, label) if label is not None and label_mode == "column" else 0.0)
        first = width
        if label is not None and label_mode == "inline":
            sep = " "
            runs = [_Run(label.text + sep, label.size, label.bold), *runs]
        lines = self.wrap(runs, width, first)
        self.room(pitch + (size * self.v.para_gap))
        self.y += self.v.para_gap * size
        boxes = []
        for k, line in enumerate(lines):
            self.room(pitch)
            baseline = self.y + size
            if k == 0 and label is not None and label_mode == "hanging":
                self.draw(self.left - size * 4.0, baseline, label)
            if k == 0 and label is not None and label_mode == "column":
                self.draw(x0, baseline, label)
            x = x0 + (self._column(size, label) if label is not None and label_mode == "column" else 0.0)
            start = x
            if shade:
                self.c.setFillColorRGB(0.88, 0.9, 0.95)
                self.c.rect(x - 2, self.h - baseline - size * 0.3, self.right - x + 4, size * 1.4, stroke=0, fill=1)
                self.c.setFillColorRGB(0, 0, 0)
            for run in line:
                x = self.draw(x, baseline, run)
            if underline:
                self.c.setLineWidth(0.6)
                self.c.line(start, self.h - baseline - size * 0.15, x, self.h - baseline - size * 0.15)
            boxes.append((start, baseline - size, x, baseline + size * 0.2))
            self.y += pitch
        for i, url in enumerate(links or []):
            x0b, top, x1b, bottom = boxes[min(i, len(boxes) - 1)]
            # one link rectangle per URL, spread along the block's lines
            n = max(1, len(links or []) // len(boxes) + 1)
            part = (x1b - x0b) / n
            j = i // len(boxes) if len(links or []) > len(boxes) else 0
            rect = (x0b + j * part, self.h - bottom, x0b + (j + 1) * part, self.h - top)
            self.c.linkURL(url, rect, relative=0, thickness=0)

    def _column(self, size: float, label: _Run) -> float:
        """The label column: 8 em, or the label and 1.5 em where the label is wider."""
        text = "".join(ch + " " for ch in label.text) if self.v.spaced else label.text
        return max(size * 8.0, self.width(text, label.size) + 1.5 * size)

    def flush_notes(self) -> None:
        if not self.notes:
            return
        size = self.v.body * self.v.note_scale
        pitch = size * 1.3
        y = self.bottom - self.note_height + size * 0.5
        if self.v.separator:
            self.c.setLineWidth(0.5)
            self.c.line(self.left, self.h - y, self.left + (self.right - self.left) * 0.3, self.h - y)
        y += size * 0.4
        for note in self.notes:
            lines = self.wrap(
                [_Run(note["text"], size)], self.right - self.left - size * 1.5, self.right - self.left - size * 1.5
            )
            for k, line in enumerate(lines):
                baseline = y + size
                if k == 0:
                    self.draw(self.left, baseline, _Run(note["marker"], size * 0.7, raise_=size * 0.35))
                x = self.left + size * 1.5
                for run in line:
                    x = self.draw(x, baseline, run)
                y += pitch
        self.notes = []

    def note_block(self, note: dict) -> None:
        size = self.v.body * self.v.note_scale
        n_lines = len(
            self.wrap(
                [_Run(note["text"], size)], self.right - self.left - size * 1.5, self.right - self.left - size * 1.5
            )
        )
        height = n_lines * size * 1.3 + (size if not self.notes else 0)
        if self.y + height > self.bottom - self.note_height:
            self.new_page()
        self.notes.append(note)
        self.note_height += height

    def save(self) -> None:
        self.flush_notes()
        self.furniture()
        self.c.showPage()
        self.c.save()


def _body_runs(text: str, refs: list[str], v: Variant, size: float) -> list[_Run]:
    runs = [_Run(text, size)]
    for ref in refs:
        runs.append(_Run(ref, size * v.marker_scale, raise_=size * v.marker_raise))
    return runs


# line breaking as word processors and browsers do it for Chinese (Word's default kinsoku for
# Simplified Chinese, UAX #14 in browsers): these never start a line ...
NO_LINE_START = set("!%),.:;?]}¢°·’”…‰′″℃、。〉》」』】〕〗！％），．：；？］｝～")
# ... and these never end one
NO_LINE_END = set("$([{£¥‘“〈《「『【〔〖（［｛")


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _break_units(part: str) -> list[str]:
    """``part`` cut where a line may break: after every ideograph and after the spaces that end a
    Latin word or a number (a word or figure is never broken there: "21 466.8" may break at its
    separator space, "466.8" not), a closing mark kept with what precedes it and an opening one
    with what follows it."""
    units: list[str] = []
    cur = ""
    for ch in part:
        if not cur:
            cur = ch
        elif ch in NO_LINE_START or cur[-1] in NO_LINE_END or ch == " ":
            cur += ch  # (a space stays with the word before it)
        elif cur[-1] == " " or _is_cjk(ch) or _is_cjk(cur[-1]):
            units.append(cur)
            cur = ch
        else:
            cur += ch  # inside a Latin word or a number
    if cur:
        units.append(cur)
    return units


def _cell_lines(w: _Writer, text: str, size: float, width: float) -> list[str]:
    """A cell's text wrapped to its column as a word processor wraps it (hard line breaks of the
    key kept): lines break between ideographs and at spaces, never inside a word or a figure nor
    before a closing mark or after an opening one; a space at a break stays at the end of its line
    and does not count against the width; only a word wider than the whole column is broken where
    it overflows (Word's and LibreOffice's emergency break)."""
    out: list[str] = []
    for part in str(text).split("\n"):
        line = ""
        for unit in _break_units(part):
            if not line or w.printed((line + unit).rstrip(" "), size) <= width:
                line += unit
                if w.printed(line.rstrip(" "), size) <= width:
                    continue
                # a unit wider than the column on a line of its own: broken where it overflows
                unit, line = line, ""
            else:
                out.append(line)
                line = ""
            for ch in unit:
                if line.strip() and w.printed((line + ch).rstrip(" "), size) > width:
                    out.append(line)
                    line = ""
                line += ch
        out.append(line)
    return out


def _table(w: _Writer, block: dict) -> None:
    """A table as word processors print them: caption, unit, a rule above and below the header and
    at the foot, header cells centred over the columns they span, body cells wrapped in their
    column (the label column left-aligned, numbers right-aligned)."""
    v = w.v
    size = v.body * v.table_scale
    cols = max(1, block.get("columns") or 1)
    total = w.right - w.left
    first = total * (v.label_share if cols > 2 else 0.5)
    widths = [first] + [(total - first) / max(cols - 1, 1)] * (cols - 1) if cols > 1 else [total]
    lefts = [w.left + sum(widths[:i]) for i in range(cols)]
    pitch = size * 1.35
    gap = size * 0.3

    def rule() -> None:
        w.c.setLineWidth(0.5)
        w.c.line(w.left, w.h - w.y, w.right, w.h - w.y)

    def header_rows() -> list[list[tuple[int, int, list[str]]]]:
        """Each header row's cells as (first column, span, wrapped lines), rowspans honoured."""
        out, taken = [], [0] * cols  # header rows still covered by a cell above (rowspan)
        for hr in block.get("header", []):
            col, row = 0, []
            for cell in hr:
                while col < cols and taken[col]:
                    col += 1
                span = cell.get("colspan", 1)
                for c in range(col, min(col + span, cols)):
                    taken[c] = cell.get("rowspan", 1)
                row.append((col, span, _cell_lines(w, cell["text"], size, sum(widths[col : col + span]) - 4)))
                col += span
            taken = [max(t - 1, 0) for t in taken]
            out.append(row)
        return out

    def header() -> None:
        rule()
        w.y += gap
        for row in header_rows():
            height = 1
            for col, span, lines in row:
                width = sum(widths[col : col + span]) - 4
                for k, text in enumerate(lines):
                    x = lefts[min(col, cols - 1)] + (width + 4 - w.printed(text.rstrip(" "), size)) / 2
                    if text:
                        w.draw(x, w.y + size + k * pitch, _Run(text, size))
                height = max(height, len(lines))
            w.y += height * pitch
        w.y += gap
        rule()
        w.y += gap

    def header_height() -> float:
        """The header's height as header() prints it (wrapped cells included)."""
        return 3 * gap + sum(max([1, *(len(lines) for _, _, lines in row)]) * pitch for row in header_rows())

    number = block.get("number")
    title = block.get("title") or ""
    # the paragraphs above the table: caption (and title), unit and part, as (text, size, bold)
    above: list[tuple[str, float, bool]] = []
    if number is not None:
        above.append((f"表 {number}  {title}" if v.caption_inline else f"表 {number}", v.body, True))
        if not v.caption_inline and title:
            above.append((title, v.body, True))
    elif title:  # an unnumbered table's title (an organigram box's name) stands above it alone
        above.append((title, v.body, True))
    above += [(extra, size, False) for extra in (block.get("unit"), block.get("part")) if extra]

    def above_height() -> float:
        width = w.right - w.left
        return sum(
            z * v.para_gap + len(w.wrap([_Run(text, z, bold)], width, width)) * z * v.leading for text, z, bold in above
        )

    # the caption is kept with the table (a word processor's "keep with next"): caption, unit,
    # header and a first row start on one page
    w.room(above_height() + max(pitch * 4, header_height() + pitch))
    for text, z, bold in above:
        w.paragraph([_Run(text, z, bold=bold)], z)

    # the header and a row fit above the page's notes (a wrapped header never runs into them)
    w.room(max(pitch * 4, header_height() + pitch))
    header()
    for row in block.get("rows", []):
        indent = size * row.get("indent", 0)
        # an indented label wraps at the cell's right edge like the others
        cells = [
            _cell_lines(w, c, size, widths[i] - 4 - (indent if i == 0 else 0.0))
            for i, c in enumerate(row["cells"][:cols])
        ]
        height = max((len(c) for c in cells), default=1)
        if w.y + height * pitch > w.bottom - w.note_height:
            rule()
            w.new_page()
            header()
        for i, lines in enumerate(cells):
            for k, text in enumerate(lines):
                if not text:
                    continue
                # (a space a line broke at hangs past the right edge, as word processors set it)
                x = lefts[i] + indent if i == 0 else lefts[i] + widths[i] - 2 - w.printed(text.rstrip(" "), size)
                w.draw(x, w.y + size + k * pitch, _Run(text, size))
        w.y += height * pitch
    w.y += gap
    rule()
    for note in block.get("notes") or []:
        w.paragraph([_Run(note, size)], size)
    w.y += v.body


def typeset(key: dict, variant: Variant, path: Path) -> Path:
    """Print ``key`` in ``variant``'s house layout to ``path``."""
    v = variant
    w = _Writer(path, v, key)
    if key.get("title"):
        w.paragraph([_Run(key["title"], v.body * 1.6, bold=True)], v.body * 1.6)
        w.y += v.body
    endnotes: list[dict] = []
    for block in key["blocks"]:
        kind = block["type"]
        if kind == "heading":
            st = v.heads[min(block["level"], 4) - 1]
            size = v.body * st.scale
            runs = [_Run(block["text"], size, st.bold, italic=st.italic, colour=st.colour)]
            label = block.get("label")
            if label and not INLINE_HEAD.match(label):
                w.room(size * 4)
                w.paragraph([_Run(label, size, st.bold, italic=st.italic, colour=st.colour)], size,
                            shade=st.shade, underline=st.underline)  # fmt: skip
                label = None
            if label:
                runs.insert(
                    0,
                    _Run(
                        label + (" " if label[-1] not in "、" else ""),
                        size,
                        st.bold,
                        italic=st.italic,
                        colour=st.colour,
                    ),
                )
            w.room(size * 4)
            w.y += size * 0.4
            w.paragraph(runs, size, shade=st.shade, underline=st.underline)
        elif kind == "paragraph":
            runs = _body_runs(block["text"], block.get("footnote_refs") or [], v, v.body)
            number = block.get("number")
            label = _Run(number, v.body, v.number_bold) if number else None
            mode = ("hanging" if v.numbers == "hanging" else "inline") if number else "none"
            w.paragraph(runs, v.body, label, mode, block.get("links"))
        elif kind == "list_item":
            runs = _body_runs(block["text"], block.get("footnote_refs") or [], v, v.body)
            label = block.get("label") or "-"
            inline = v.list_gap == "space" and INLINE_LIST.match(label)
            w.paragraph(runs, v.body, _Run(label, v.body), "inline" if inline else "column", block.get("links"),
                        indent=v.body * 2)  # fmt: skip
        elif kind == "footnote":
            if v.footnotes == "page":
                w.note_block(block)
            else:
                endnotes.append(block)
        elif kind == "table":
            _table(w, block)
    if endnotes:
        size = v.body * v.note_scale
        w.y += v.body
        w.room(size * 3)
        w.c.setLineWidth(0.5)
        w.c.line(w.left, w.h - w.y, w.left + (w.right - w.left) * 0.3, w.h - w.y)
        for note in endnotes:
            marker = _Run(note["marker"], size * v.marker_scale, raise_=size * max(v.marker_raise, 0.3))
            w.paragraph([marker, _Run(" " + note["text"], size)], size)
    w.save()
    return path
