"""Knobs of the extraction algorithms, in one validated, frozen object (part of the extraction cache key)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from extract.table_settings import TableSettings
from extract.text_settings import TextSettings


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Document-level knobs, plus the nested table and text knobs; nothing here is per-document.

    The page's margin band (running headers and footers) is one value, ``tables.margin_band``, a
    share of the page height, read by the text side (extract.text_frame) and the tables alike."""

    # fewer non-space characters than this in the whole document means it has no text layer
    min_text_chars: int = 20
    # knobs of table detection and cell assembly (extract/tables.py)
    tables: TableSettings = field(default_factory=TableSettings)
    # knobs of text extraction: spaces, segments, superscripts, running lines, footnote separators,
    # fallback table regions, figures and labels (extract/layout.py ... extract/blocks.py)
    text: TextSettings = field(default_factory=TextSettings)

    def __post_init__(self) -> None:
        if self.min_text_chars < 0:
            raise ValueError(f"min_text_chars must be >= 0, got {self.min_text_chars}")
        if not isinstance(self.tables, TableSettings):
            raise ValueError(f"tables must be a TableSettings, got {type(self.tables).__name__}")
        if not isinstance(self.text, TextSettings):
            raise ValueError(f"text must be a TextSettings, got {type(self.text).__name__}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
