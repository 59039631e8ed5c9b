"""Knobs of the text extractor (layout, text_frame, text_regions, figures, blocks): one frozen,
validated object, nothing per-document.

Lengths are relative to the font size of the text they are applied to ("em"), to the width of the
body text column, or to the page; each field says which.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class TextSettings:
    # extract/layout.py: where no space character is printed, a horizontal gap wider than this many
    # em between two Latin letters/digits shows a space
    latin_gap: float = 0.18
    # ... and between any other pair (CJK, punctuation, CJK next to Latin: the renderers' small
    # "autospace" between Chinese and Latin characters is no space), in em
    cjk_gap: float = 0.45
    # a horizontal gap wider than this many em (with no text in it) splits a line into two segments
    # (a hanging paragraph number, a list label in its own column)
    segment_gap: float = 0.9
    # a character smaller than this fraction of its line's font size ...
    superscript_ratio: float = 0.8
    # ... whose bottom is more than this many em (of the line's font size) above the line's
    # baseline is a superscript (a footnote reference marker)
    superscript_raise: float = 0.15
    # a character smaller than this fraction of its line's font size is a superscript marker even
    # on the baseline (a Latin letter/digit; markers set by size alone)
    superscript_small_only: float = 0.72
    # a character whose bottom is more than this many em above the line's baseline is a superscript
    # marker whatever its size (markers set by a raised baseline alone)
    superscript_raise_only: float = 0.25
    # the same character printed again within this many em (of its font size) of the first copy is
    # one character; an offset copy makes it bold (fake bold by overprinting)
    overprint_offset: float = 0.15
    # a glyph filled and stroked (text render mode 2) with an outline stroke at least this many em
    # wide is bold: the stroke adds its width to every stem (Word strokes 1/30 em, 0.029-0.034 em
    # measured; Acrobat PDFMaker 0.01 em); a hairline (width 0) only smooths the edges
    stroke_bold: float = 0.005
    # a text matrix whose skew (c/d) exceeds this ratio slants the text: italics
    italic_skew: float = 0.1
    # a line with at least this many characters, where at least this share of neighbouring
    # characters are separated by exactly one (or three) space characters, is set "spaced"
    spaced_min_chars: int = 6
    spaced_share: float = 0.7
    # a horizontal rule of the page (extract.geometry: a stroke or a box at most
    # TableSettings.rule_box_max_em thick, pieces joined) at least this many em (the page's text
    # size) long is one of the text side's rules: underlines, separators, table and section rules
    # (the table side keeps only those of table size, TableSettings.rule_min_em)
    rule_min_length: float = 0.5
    # a rule at most this many em below a line, covering most of it and at most this many em
    # longer, underlines the line
    underline_drop: float = 0.45
    underline_overhang: float = 1.5
    # ... and is shorter than this share of the page's text block width (full-width rules are table
    # or section rules)
    underline_max: float = 0.95
    # a filled box at most this many em high that holds a line shades it
    shade_max_height: float = 2.5
    # two font sizes within this share of the larger one are one size (sizes drift by rounding in
    # the text matrix: 0.3 pt at 10 pt)
    size_same: float = 0.03
    # text at least this share smaller than another is set smaller (notes, front matter, small
    # print: 0.4 pt at 10 pt)
    size_smaller: float = 0.04
    # a heading's font is at least this fraction larger than the body's (size alone sets headings
    # apart in some layouts: 5 %)
    heading_size_step: float = 0.04
    # ... or at least this share of its characters is bold where the body is not (a heading is set
    # bold throughout; a bold phrase that shares its line with plain words is emphasis)
    heading_bold_share: float = 0.9
    # ... or its colour differs from the body's by more than this in some RGB channel (0-1 scale):
    # near-black greys are black
    colour_step: float = 0.25
    # extract/text_frame.py: a footnote separator is a short rule at most this fraction of the body
    # text width
    separator_max: float = 0.5
    # a line in the page margin band repeated at the same height on at least this many other pages
    # is a running header/footer (count of pages)
    # left and right pages: the text columns of odd and of even pages are told apart when the
    # right edge of one stands at least this many em of the body size from the other's (mirrored
    # margins, a page style per side); each side needs this many body lines to be measured apart
    side_column_em: float = 1.0
    side_min_lines: int = 20
    repeat_min: int = 1
    # ... and a line at the top or bottom edge of the text but outside the margin band (running
    # lines at any height) on at least this many other pages (count of pages)
    repeat_min_inner: int = 2
    # ... at the same height: within this many em of the line's size (a running line's baseline
    # moves by rounding and by a taller glyph on some pages)
    repeat_shift_em: float = 0.4
    # extract/text_regions.py: a rule at least this fraction of the body text width can delimit a
    # (fallback) table region
    region_rule_min: float = 0.3
    # extract/document.py: a page where more than this share of its printed characters reached no
    # text block, table cell, figure or page furniture gets a page_text_lost warning ...
    lost_share: float = 0.03
    # ... when at least this many characters are missing (a count of characters); a table whose
    # area holds more than this many characters that reached none of its parts gets a
    # table_text_unread warning ...
    lost_min: int = 5
    # ... beyond the caption's own word, which the table does not keep ("表", "Table", "Tableau",
    # "Таблица"): at most this many characters
    caption_word_max: int = 8
    # extract/figures.py: graphics starting at most this many body font sizes below a figure's
    # title belong to the figure
    figure_start_gap: float = 4.0
    # graphics objects closer than this many body font sizes (em) to a figure's drawing join it
    figure_join_gap: float = 0.3
    # extract/blocks.py: a line's first segment longer than this (characters) is text, never a
    # label (paragraph number, list label)
    max_label: int = 25
    # a heading's next line in its style continues it when it stands at most the body's line pitch
    # (in em of the body size, as the page measures it) plus this many em (of the heading's size)
    # below it: a wrapped heading
    heading_wrap_gap: float = 0.5
    # a label-only heading line ("次级方案 1") takes the heading line under it as its text when
    # that line stands at most the body's line pitch (em) plus this many em below it (a line and
    # a block gap: the label and the title are set as two blocks)
    label_heading_gap: float = 1.1

    def same_size(self, a: float, b: float) -> bool:
        """Are font sizes ``a`` and ``b`` one size (within size_same of the larger)?"""
        return abs(a - b) < self.size_same * max(a, b)

    def smaller(self, size: float, than: float) -> bool:
        """Is text of font size ``size`` set smaller than text of size ``than``?"""
        return size < than * (1 - self.size_smaller)

    def __post_init__(self) -> None:
        for name in ("repeat_min", "repeat_min_inner", "max_label", "spaced_min_chars", "lost_min", "caption_word_max",
                     "side_min_lines"):  # fmt: skip
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"TextSettings.{name} must be a whole number >= 1, got {value!r}")
        for name in ("latin_gap", "cjk_gap", "segment_gap", "superscript_ratio", "superscript_raise",
                     "separator_max", "region_rule_min", "figure_start_gap", "figure_join_gap",
                     "rule_min_length", "size_same", "size_smaller",
                     "heading_wrap_gap", "label_heading_gap", "repeat_shift_em", "side_column_em"):  # fmt: skip
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"TextSettings.{name} must be a finite number, got {value!r}")
        if not self.segment_gap > 0:
            raise ValueError(f"TextSettings.segment_gap must be positive (em), got {self.segment_gap}")
        for name in ("latin_gap", "cjk_gap"):
            value = getattr(self, name)
            if not 0 < value < self.segment_gap:
                raise ValueError(
                    f"TextSettings.{name} must be in (0, segment_gap={self.segment_gap}) em: a gap that splits "
                    f"a line into segments always shows a space; got {value}"
                )
        if not 0 < self.superscript_ratio < 1:
            raise ValueError(f"TextSettings.superscript_ratio must be in (0, 1), got {self.superscript_ratio}")
        for name in ("superscript_small_only", "superscript_raise_only", "overprint_offset", "stroke_bold",
                     "italic_skew", "spaced_share", "underline_max", "lost_share", "colour_step",
                     "heading_bold_share"):  # fmt: skip
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 < value < 1:
                raise ValueError(f"TextSettings.{name} must be in (0, 1), got {value!r}")
        if not 0 <= self.superscript_raise < 1:
            raise ValueError(f"TextSettings.superscript_raise must be in [0, 1) em, got {self.superscript_raise}")
        for name in ("separator_max", "region_rule_min"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"TextSettings.{name} must be a fraction of the text width in (0, 1], got {value}")
        if not self.figure_start_gap > 0:
            raise ValueError(f"TextSettings.figure_start_gap must be positive (em), got {self.figure_start_gap}")
        if not self.figure_join_gap >= 0:
            raise ValueError(f"TextSettings.figure_join_gap must be >= 0 (em), got {self.figure_join_gap}")

    def as_dict(self) -> dict[str, float]:
        return asdict(self)
