"""Captions of the real peer PDFs (tests/data/realworld/peer), read by hand off the pages.

* C4 (health.pdf): "Table: 5  Public Health Outlay 2012-13 (Budget Estimates) (Rs. in 000)", the
  number after a colon, boxed right on the table's top rule: the caption of the table under it.
* C5 (12s0324.pdf), second table: "Table 325. Arrests by Race: 2009", then a two-line bracketed
  headnote "[Based on Uniform Crime Reporting (UCR) Program. … See headnote, Table 324]": the
  headnote is a note on the table, not part of its title.
* C5, first table: "Table 324. Arrests by Sex and Age: 2009" printed at the very top of the page
  (inside the top margin band, no running line there), then a four-line headnote "[In thousands
  (11,062.6 represents 11,062,600) For year ending December 31. … See text, this section and
  source]", then the table: the caption names the table, the headnote is its note.
"""

from __future__ import annotations

from pathlib import Path

from pdf_tables import extract_tables

PEER = Path(__file__).parent / "data" / "realworld" / "peer"


def test_caption_with_a_colon_before_its_number_names_the_table() -> None:
    tables = extract_tables(PEER / "C4_health.pdf")[1]
    assert len(tables) == 1
    assert tables[0].number == "5"
    assert tables[0].title.startswith("Public Health Outlay 2012-13 (Budget Estimates)")
    assert tables[0].rows[0].cells[0] == "Andhra Pradesh"


def test_bracketed_headnote_is_no_part_of_the_title() -> None:
    tables = extract_tables(PEER / "C5_12s0324.pdf")[1]
    second = [t for t in tables if t.number == "325"]
    assert len(second) == 1
    assert second[0].title == "Arrests by Race: 2009"
    assert second[0].notes[0].startswith("[Based on Uniform Crime Reporting (UCR) Program.")
    assert second[0].notes[0].endswith("See headnote, Table 324]")


def test_caption_in_the_top_margin_band_names_the_first_table() -> None:
    tables = extract_tables(PEER / "C5_12s0324.pdf")[1]
    assert [(t.number, t.title) for t in tables] == [
        ("324", "Arrests by Sex and Age: 2009"),
        ("325", "Arrests by Race: 2009"),
    ]
    note = tables[0].notes[0]
    assert note.startswith("[In thousands (11,062.6 represents 11,062,600) For year ending December 31.")
    assert "Uniform Crime Reporting (UCR) Program." in note
    assert note.endswith("See text, this section and source]")
