"""Reading-order blocks -> the paragraphs frame (seq, section path)."""

from __future__ import annotations

import pandas as pd

from extract.models import Block

PARAGRAPH_COLUMNS = [
    "document_id", "seq", "page", "kind", "number", "label", "level", "section",
    "text", "raw_text", "page_last", "footnote_refs", "links",
]  # fmt: skip


def section_paths(blocks: list[Block]) -> list[str | None]:
    """For each block, the texts of its enclosing headings joined by ' > '.

    A heading's own section is its parents' path (not including itself).
    """
    stack: list[tuple[int, str]] = []
    paths: list[str | None] = []
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            paths.append(" > ".join(text for _, text in stack) or None)
            title = " ".join(part for part in (block.label, block.text) if part)
            stack.append((level, title))
        else:
            paths.append(" > ".join(text for _, text in stack) or None)
    return paths


def paragraphs_frame(document_id: str, blocks: list[Block]) -> pd.DataFrame:
    sections = section_paths(blocks)
    rows = [
        {
            "document_id": document_id,
            "seq": seq,
            "page": block.page,
            "kind": block.kind,
            "number": block.number,
            "label": block.label,
            "level": block.level if block.kind == "heading" else None,
            "section": section,
            "text": block.text,
            "raw_text": block.raw_text,
            "page_last": block.page_last or block.page,
            "footnote_refs": list(block.footnote_refs),
            "links": list(block.links),
        }
        for seq, (block, section) in enumerate(zip(blocks, sections, strict=True))
    ]
    frame = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    return frame.astype({"seq": "int64", "page": "int64", "level": "Int64", "page_last": "Int64"})
