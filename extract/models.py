"""Typed extraction objects: what extract/ hands to transform/ (no pdfplumber types leak out)."""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A PDF as the pipeline received it."""

    path: str
    document_id: str  # sha256 hex of the bytes
    file_size: int
    source_uri: str


@dataclass(slots=True)
class DocumentMeta:
    """Front-matter facts of one document; every field may be unknown (None)."""

    symbol: str | None = None
    title: str | None = None
    organ: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    issued_on: str | None = None  # ISO date YYYY-MM-DD
    job_number: str | None = None
    page_count: int = 0


@dataclass(slots=True)
class Block:
    """One reading-order text block: heading, paragraph, list item or footnote."""

    kind: str  # heading | paragraph | list_item | footnote
    page: int  # 1-based page where the block starts
    text: str  # normalised text (line breaks removed, markers removed)
    raw_text: str  # the same text before code-point normalisation
    number: str | None = None  # paragraph number as printed: "14.110", "19."
    label: str | None = None  # "(a)", "A.", "次级方案 1", footnote marker
    level: int | None = None  # heading level, 1 = top
    footnote_refs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    page_last: int | None = None  # last page the block runs onto


@dataclass(slots=True)
class HeaderCell:
    """A header cell of a table; spans leaf columns [col, col + colspan)."""

    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(slots=True)
class TableRow:
    """One body row: exactly n_cols cell strings, as printed ("" for empty, "—" kept)."""

    kind: str  # data | section | subtotal | total
    indent: int
    cells: list[str]
    page: int


@dataclass(slots=True)
class TableFragment:
    """The part of a table printed on one page (caption and notes included in bbox)."""

    page: int
    bbox: BBox
    number: str | None
    part: str | None
    title: str | None
    unit: str | None
    header: list[list[HeaderCell]]
    rows: list[TableRow]
    n_cols: int
    notes: list[str] = field(default_factory=list)
    continued: bool = False  # True when this fragment continues the previous page's table
    confidence: float = 1.0
    problems: list[str] = field(default_factory=list)
    col_edges: list[float] = field(default_factory=list)  # drawn leaf-column borders (ruled grids)
    closes_page: bool = True  # no body text follows it on its page (its rows may go on overleaf)
    col_bands: list[tuple[float, float]] = field(default_factory=list)  # x extent of each column's text
    # no caption number over it and nothing above its caption on its page: its title (or part)
    # lines may finish a caption left at the previous page's foot
    leads_page: bool = False
    # the boxes its parts cover (grid, caption lines, notes), whose union is bbox; empty: bbox
    areas: list[BBox] = field(default_factory=list)

    def cover(self, *boxes: BBox) -> None:
        """Take in the page areas ``boxes`` (caption or note lines, rows): bbox and areas widen."""
        if not self.areas:
            self.areas = [self.bbox]
        self.areas.extend(boxes)
        self.bbox = (
            min(b[0] for b in self.areas),
            min(b[1] for b in self.areas),
            max(b[2] for b in self.areas),
            max(b[3] for b in self.areas),
        )


@dataclass(slots=True)
class Table:
    """A whole table (fragments over pages stitched, repeated headers dropped)."""

    table_key: str
    number: str | None
    part: str | None
    title: str | None
    unit: str | None
    page_first: int
    page_last: int
    n_cols: int
    header: list[list[HeaderCell]]
    column_labels: list[str]  # one per leaf column: header texts top to leaf joined by " / "
    rows: list[TableRow]
    notes: list[str] = field(default_factory=list)
    confidence: float = 1.0
    problems: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


@dataclass(slots=True)
class Figure:
    number: str | None
    title: str | None
    page: int
    bbox: BBox | None = None
    labels: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionIssue:
    """Something extraction noticed; becomes a quality_issues row."""

    check: str
    severity: str  # error | warning
    detail: str
    page: int | None = None
    table_key: str | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extract/ read from one PDF."""

    meta: DocumentMeta
    blocks: list[Block]
    tables: list[Table]
    figures: list[Figure] = field(default_factory=list)
    issues: list[ExtractionIssue] = field(default_factory=list)
