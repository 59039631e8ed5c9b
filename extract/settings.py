"""Knobs of the extraction algorithms, in one validated, frozen object stored with the output."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from extract.table_settings import TableSettings


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Geometry tolerances in PDF points, relative to the page; nothing here is per-document."""

    # lines within this many points of the page top/bottom edge may be running headers/footers
    margin_band: float = 72.0
    # fewer non-space characters than this in the whole document means it has no text layer
    min_text_chars: int = 20
    # knobs of table detection and cell assembly (extract/tables.py)
    tables: TableSettings = field(default_factory=TableSettings)

    def __post_init__(self) -> None:
        if self.margin_band <= 0:
            raise ValueError(f"margin_band must be positive, got {self.margin_band}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
