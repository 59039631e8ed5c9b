"""Answer keys (tests/data/expected/*.json) read as the pipeline's own types, for scoring and tests."""

from __future__ import annotations

import json
from pathlib import Path

from extract.models import HeaderCell, Table, TableRow

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "data" / "expected"
SAMPLES = ROOT / "samples"


def load_key(stem: str) -> dict:
    return json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))


def column_labels(header: list[list[dict]], n_cols: int) -> list[str]:
    grid: list[list[str]] = [[] for _ in range(n_cols)]
    occupied: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(header):
        c = 0
        for cell in row:
            while occupied.get((r, c)):
                c += 1
            for dr in range(cell.get("rowspan", 1)):
                for dc in range(cell.get("colspan", 1)):
                    occupied[(r + dr, c + dc)] = True
                    if dr == 0 and cell["text"] and c + dc < n_cols:
                        grid[c + dc].append(cell["text"])
            c += cell.get("colspan", 1)
    return [" / ".join(parts) for parts in grid]


def tables_of(key: dict) -> list[Table]:
    tables, seen = [], set()
    for i, block in enumerate(b for b in key["blocks"] if b["type"] == "table"):
        number, part = block.get("number"), block.get("part")
        table_key = (number or f"t{i}") + (part.split(" ")[0] if part else "")
        while table_key in seen:
            table_key += "'"
        seen.add(table_key)
        n_cols = block["columns"]
        header = [
            [
                HeaderCell(text=c["text"], row=r, col=0, colspan=c.get("colspan", 1), rowspan=c.get("rowspan", 1))
                for c in row
            ]
            for r, row in enumerate(block["header"])
        ]
        rows = [TableRow(kind=r["kind"], indent=r["indent"], cells=list(r["cells"]), page=1) for r in block["rows"]]
        tables.append(
            Table(
                table_key=table_key,
                number=number,
                part=part,
                title=block.get("title"),
                unit=block.get("unit"),
                page_first=1,
                page_last=1,
                n_cols=n_cols,
                header=header,
                column_labels=column_labels(block["header"], n_cols),
                rows=rows,
                notes=block.get("notes", []),
            )
        )
    return tables
