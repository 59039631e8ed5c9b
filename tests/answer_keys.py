"""Answer keys for tests: the conversions live in score.answer_keys (also used by `make score`)."""

from __future__ import annotations

from extract.models import Block, Table
from score.answer_keys import EXPECTED, ROOT, SAMPLES, column_labels, load_key, tables_of

__all__ = ["EXPECTED", "ROOT", "SAMPLES", "column_labels", "load_key", "tables_of"]


def blocks_of(key: dict) -> list[Block]:
    """The key's text blocks (heading, paragraph, list_item, footnote) as extract Blocks, in reading
    order. Pages are the key's own where it states them, else 1; see document_of for positions."""
    return document_of(key)[0]


def document_of(key: dict) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of a key with synthetic page numbers that keep their reading order: the page
    number goes up after every table and at every page_break, so a table's page_first is the page of
    the blocks printed before it and the blocks after it start a new page."""
    tables = iter(tables_of(key))
    blocks: list[Block] = []
    placed: list[Table] = []
    page = 1
    for item in key["blocks"]:
        kind = item["type"]
        if kind == "page_break":
            page += 1
        elif kind == "table":
            table = next(tables)
            table.page_first = table.page_last = page
            for row in table.rows:
                row.page = page
            placed.append(table)
            page += 1
        elif kind in ("heading", "paragraph", "list_item", "footnote"):
            text = item.get("text", "")
            blocks.append(
                Block(
                    kind=kind,
                    page=page,
                    text=text,
                    raw_text=text,
                    number=item.get("number"),
                    label=item.get("marker") if kind == "footnote" else item.get("label"),
                    level=item.get("level") if kind == "heading" else None,
                    footnote_refs=list(item.get("footnote_refs", [])),
                    links=list(item.get("links", [])),
                )
            )
    return blocks, placed
