"""Knobs of the extraction algorithms, in one validated, frozen object stored with the output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from extract.table_settings import TableSettings


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Geometry tolerances in PDF points, relative to the page; nothing here is per-document."""

    # lines within this many points of the page top/bottom edge may be running headers/footers
    margin_band: float = 72.0
    # characters whose vertical centres differ by less than this fraction of the font size share a line
    line_tolerance: float = 0.45
    # a footnote's font is at most this fraction of the body font size
    footnote_size_ratio: float = 0.9
    # minimum fraction of the page's characters that must be real text for a text layer to count
    min_text_chars: int = 20
    # knobs of table detection and cell assembly (extract/tables.py)
    tables: TableSettings = field(default_factory=TableSettings)

    def __post_init__(self) -> None:
        if not 0 < self.line_tolerance < 2:
            raise ValueError(f"line_tolerance must be in (0, 2), got {self.line_tolerance}")
        if self.margin_band <= 0:
            raise ValueError(f"margin_band must be positive, got {self.margin_band}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
