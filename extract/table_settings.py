"""Knobs of the table extractor: one frozen, validated object (nothing here is per-document).

Every length is either relative to the font size of the text it is applied to ("em") or to the
page size, so the same values hold for 8 pt and 11 pt tables and for A4 and Letter pages.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class TableSettings:
    # share of the page height at the top and at the bottom that holds running headers/footers
    # (the text side marks running lines in it too: one band for text and tables)
    margin_band: float = 0.065
    # characters whose vertical centres differ by less than this many em share a text line
    line_tolerance: float = 0.35
    # a horizontal gap wider than this many em between two characters splits a text segment
    segment_gap: float = 0.6
    # a gap wider than this many em (with no space character printed) is read as a space
    space_gap: float = 0.22
    # horizontal rules shorter than this many em (body text size of the page) are no table rules
    # (underlines of a word, bullets, dashes)
    rule_min_em: float = 1.2
    # collinear rule pieces closer than this many em (body text size) are one rule (a border drawn
    # one piece per cell, as browsers print grids)
    rule_join_em: float = 0.2
    # a table's vertical (column) rules end at most this many em (the table's text size) under its
    # last rule (a grid drawn a little past its closing rule); a longer one belongs to the page
    vrule_overrun_em: float = 1.5
    # a rule at least this fraction of the table width is a "full" rule (top/header/bottom)
    full_rule_ratio: float = 0.85
    # slack, in em of a text line's size, when testing that the line lies inside a table's
    # horizontal extent
    x_slack_em: float = 0.4
    # caption/title/unit lines above a table are at most this many em apart
    caption_gap: float = 2.6
    # a caption line's box (its font's descent) may reach this many em (its text size) below the
    # table's top rule: a caption boxed right on the rule
    caption_overlap_em: float = 0.25
    # body lines after the last rule of an open table are at most this many em apart
    row_gap: float = 2.6
    # a header block covers an extra column when it covers this fraction of that column's slot
    slot_cover: float = 0.8
    # two row-label starts closer than this many em (the rows' text size) are the same indent level
    indent_em: float = 0.2
    # a text line is set larger than another (a heading above table text, a title above its
    # rows) when its font size exceeds the other's by more than this share of the other's size
    larger_share: float = 0.06
    # a filled, unstroked rectangle at most this many em (body text size) thick is a rule drawn
    # as a box; a thicker one is a fill (shading, highlight, white box behind text): no border
    rule_box_max_em: float = 0.3
    # lattice cell borders closer than this many em (body text size) are one grid line
    grid_snap_em: float = 0.25
    # a lattice cell with more text lines than this, of median width above layout_line_em em,
    # holds a paragraph: the drawn grid is the page layout, not a table (two unruled columns whose
    # lines are that wide are columns of prose, not a table of words)
    layout_cell_lines: int = 4
    layout_line_em: float = 12.0
    # when more than this share of a lattice's non-empty cells hold a line with a column-sized
    # gap, the drawn cells do not separate the text's columns: read the area by alignment instead
    gapped_cell_share: float = 0.15
    # a table title wrapped under its caption line, or set flush left under "表 N", runs over at
    # most this many text lines between the caption and the grid
    caption_title_lines: int = 3
    # two full-width rules with no text between them, farther apart than this many em (table text
    # size), are one table's foot and the next table's top; a double rule is drawn closer
    table_gap_em: float = 0.8

    # where an ideograph meets a Latin letter or digit inside the page's text lines, the share of
    # those boundaries printed with a space (out of at least wrap_space_min of them) from which the
    # page's convention is a space there: a cell line wrapped at such a boundary with no space
    # printed either side is joined with one (a browser drops the space a line breaks at)
    wrap_space_share: float = 0.75
    wrap_space_min: int = 6

    # two CJK characters of one segment at least this many em apart, with no space between them,
    # may stand either side of a column gutter (columns set closer than segment_gap): they are cut
    # apart where the other lines of the table break at that x (text inside a cell is set solid)
    gutter_gap_em: float = 0.3

    # with no running lines found, a line of the margin band carries a table on from the body
    # when it stands no further from the table's nearest line than the widest gap between that
    # line and the next band_ref_lines lines of the table (its own line spacing) plus this many em
    band_row_slack_em: float = 0.3
    band_ref_lines: int = 4
    # the page body between the running header and footer, as shares of the page height from the
    # top: set per document by extract.document from the running lines it finds by repetition
    # across pages (None: the margin band above)
    body_top: float | None = None
    body_bottom: float | None = None

    def body_span(self, height: float) -> tuple[float, float]:
        """The y range (points from the top) of a page of this height that can hold tables."""
        top = self.margin_band if self.body_top is None else max(self.margin_band, self.body_top)
        bottom = 1 - self.margin_band if self.body_bottom is None else min(1 - self.margin_band, self.body_bottom)
        return height * top, height * bottom

    def larger(self, size: float, than: float) -> bool:
        """Is text of font size ``size`` set larger than text of size ``than`` (beyond larger_share)?"""
        return size > than * (1 + self.larger_share)

    def __post_init__(self) -> None:
        for name in ("body_top", "body_bottom"):
            share = getattr(self, name)
            if share is not None and not 0 < share < 1:
                raise ValueError(f"{name} must be a share of the page height in (0, 1), got {share}")
        if not 0 < self.margin_band < 0.25:
            raise ValueError(f"margin_band must be in (0, 0.25), got {self.margin_band}")
        if not 0 < self.line_tolerance < 1:
            raise ValueError(f"line_tolerance must be in (0, 1), got {self.line_tolerance}")
        if not 0 < self.space_gap < self.segment_gap:
            raise ValueError("need 0 < space_gap < segment_gap")
        if not 0.5 <= self.full_rule_ratio <= 1:
            raise ValueError(f"full_rule_ratio must be in [0.5, 1], got {self.full_rule_ratio}")
        if not 0 < self.slot_cover <= 1:
            raise ValueError(f"slot_cover must be in (0, 1], got {self.slot_cover}")
        lengths = (
            "rule_min_em",
            "rule_join_em",
            "vrule_overrun_em",
            "x_slack_em",
            "caption_gap",
            "row_gap",
            "band_row_slack_em",
            "indent_em",
            "larger_share",
        )
        for name in lengths:
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in (
            "rule_box_max_em",
            "grid_snap_em",
            "layout_line_em",
            "table_gap_em",
            "caption_overlap_em",
            "gutter_gap_em",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if not 0.5 <= self.wrap_space_share <= 1 or self.wrap_space_min < 1:
            raise ValueError("need wrap_space_share in [0.5, 1] and wrap_space_min >= 1")
        if self.caption_title_lines < 0:
            raise ValueError("caption_title_lines must be >= 0")
        if self.layout_cell_lines < 1 or not 0 <= self.gapped_cell_share <= 1:
            raise ValueError("need layout_cell_lines >= 1 and gapped_cell_share in [0, 1]")

    def as_dict(self) -> dict[str, float | None]:
        return asdict(self)
