"""table_cells on the answer keys' tables: the cells are read through the same table views as
budget_lines and posts, so a cell and the amount loaded from it agree on text, row and label."""

from __future__ import annotations

import pandas as pd
import pytest
from answer_keys import load_key, tables_of

from transform.budget import budget_lines_frame
from transform.table_view import views_of
from transform.tables import cells_frame

DOC = "0" * 64
STEMS = ["A_75_6_Sect.14_zh", "UNEP_EA.4_16_zh"]


@pytest.fixture(scope="module")
def tables():
    return {stem: tables_of(load_key(stem)) for stem in STEMS}


@pytest.mark.parametrize("stem", STEMS)
def test_cells_and_budget_lines_read_each_table_alike(tables, stem):
    views = views_of(tables[stem])
    cells = cells_frame(DOC, views)
    # a bare table or its view: the same reading
    assert cells.equals(cells_frame(DOC, tables[stem]))
    assert len(cells) == sum(len(row.cells) for t in tables[stem] for row in t.rows)
    lines = budget_lines_frame(DOC, "S", views)
    assert len(lines) > 0
    merged = lines.merge(cells, on=["table_key", "row", "col"], suffixes=("", "_cell"))
    assert len(merged) == len(lines)  # every amount comes from a cell of table_cells
    assert (merged["amount_text"] == merged["text"]).all()
    assert (merged["row_kind"] == merged["row_kind_cell"]).all()
    not_pivoted = merged[merged["item"] != merged["column_label"]]
    assert (not_pivoted["item"].fillna("") == not_pivoted["row_label"].fillna("")).all()


@pytest.mark.parametrize("stem", STEMS)
def test_row_paths_follow_the_printed_indents(tables, stem):
    cells = cells_frame(DOC, tables[stem])
    for table in tables[stem]:
        own = cells[(cells.table_key == table.table_key) & (cells.col == 0)].set_index("row")
        for r, row in enumerate(table.rows):
            label, path = own.at[r, "row_label"], own.at[r, "row_path"]
            if pd.isna(label):  # no label column, or an empty label cell
                continue
            assert label == row.cells[0].strip() and path.endswith(label), (table.table_key, r)
            parents = [p.cells[0].strip() for p in table.rows[:r] if p.indent < row.indent and p.cells[0].strip()]
            if row.indent > 0 and parents:
                # the nearest less-indented labelled row above is the direct parent
                assert path.endswith(f"{parents[-1]} > {label}"), (table.table_key, r, path)
            if row.indent == 0:
                assert path == label
