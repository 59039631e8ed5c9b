"""A long document's pages read in ranges (in parallel processes) and merged give the same
extraction as one pass: tables that run over a seam are stitched as over any page break, and the
answer keys' tables are all found with their shape and cells."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import SAMPLES, sample_extraction
from reportlab.pdfgen import canvas

from extract.document import extract_document, finish_document, read_pages
from extract.exceptions import CorruptStream
from extract.sandbox import Limits, extract_isolated, page_ranges
from score.tables import expected_tables, score_tables

LONG = "A_75_6_Sect.14_zh"
EXPECTED = SAMPLES.parent / "tests" / "data" / "expected"


def test_page_ranges_cover_the_pages_once_in_order():
    assert page_ranges(73, 2, 32) == [(1, 36), (37, 73)]
    assert page_ranges(501, 2, 32) == [(1, 250), (251, 501)]
    assert page_ranges(100, 3, 32) == [(1, 33), (34, 67), (68, 100)]
    assert page_ranges(63, 2, 32) == [(1, 63)]  # two ranges would be shorter than 32 pages
    assert page_ranges(10, 1, 1) == [(1, 10)]
    assert page_ranges(3, 8, 1) == [(1, 1), (2, 2), (3, 3)]


@pytest.fixture(scope="module")
def split_at_table_seams():
    """The long sample read in three ranges whose two seams fall inside tables continued over a
    page (the seams chosen from the one-pass result: the last two page breaks inside a table)."""
    whole, _ = sample_extraction(LONG)
    inside = sorted({p for t in whole.tables for p in range(t.page_first, t.page_last)})
    assert len(inside) >= 2, "the sample has tables continued over at least two page breaks"
    first, second = inside[len(inside) // 3], inside[-1]
    path = SAMPLES / f"{LONG}.pdf"
    parts = [  # out of order on purpose: finish_document puts them in page order
        read_pages(path, first=second + 1),
        read_pages(path, last=first),
        read_pages(path, first=first + 1, last=second),
    ]
    return whole, finish_document(path, parts), (first, second)


def test_split_reading_finds_every_answer_key_table_with_its_shape_and_cells(split_at_table_seams):
    _, split, seams = split_at_table_seams
    expected = json.loads((EXPECTED / f"{LONG}.json").read_text(encoding="utf-8"))
    score = score_tables(expected, split.tables)
    assert len(split.tables) == len(expected_tables(expected))
    shaped = [t["found"] and t["rows_match"] and t["cols_match"] for t in score["tables"]]
    bad = [(t["number"], t["part"]) for t, ok in zip(score["tables"], shaped, strict=True) if not ok]
    assert not bad, f"seams after pages {seams}: tables missing or misshapen: {bad}"
    assert score["correct_cells"] / score["cells"] >= 0.995
    across = [t for t in split.tables if any(t.page_first <= s < t.page_last for s in seams)]
    assert len(across) >= 2  # the seams really cut tables, which came out whole


def test_split_reading_gives_the_one_pass_extraction(split_at_table_seams):
    whole, split, _ = split_at_table_seams
    assert split.meta == whole.meta
    assert split.tables == whole.tables
    assert split.blocks == whole.blocks
    assert split.figures == whole.figures
    assert split.issues == whole.issues


def test_ranges_read_by_parallel_workers_give_the_one_pass_extraction():
    stem = "UNEP_EA.4_16_zh"  # 14 pages: three ranges of 4 or 5 pages
    whole, _ = sample_extraction(stem)
    split = extract_isolated(SAMPLES / f"{stem}.pdf", limits=Limits(timeout_s=300, page_workers=3, range_pages=4))
    assert split.meta.page_count == 14
    assert split == whole


def test_a_corrupt_page_in_a_later_range_is_named_with_its_page(tmp_path):
    pdf = canvas.Canvas(str(tmp_path / "good.pdf"), pageCompression=1)
    for page in range(4):
        for i in range(20):
            pdf.drawString(72, 720 - 18 * i, f"Line {i} of page {page + 1} of a small drawn report.")
        pdf.showPage()
    pdf.save()
    data = (tmp_path / "good.pdf").read_bytes()
    streams = [m.end() for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    contents = [s for s in streams if b"/Filter" in data[data.rindex(b"obj", 0, s) : s]]
    at = contents[-1] + 10  # inside the last page's content stream
    (tmp_path / "stream.pdf").write_bytes(data[:at] + bytes(b ^ 0xFF for b in data[at : at + 30]) + data[at + 30 :])
    with pytest.raises(CorruptStream, match=r"page 4: the page's content cannot be decoded") as err:
        extract_isolated(tmp_path / "stream.pdf", limits=Limits(timeout_s=120, page_workers=2, range_pages=2))
    assert err.value.page == 4


_COUNTED_SPLIT = r"""
import json, sys
import extract.document as document
from extract.sandbox import _extract_split

log, path = sys.argv[1], sys.argv[2]
read_runs = document.read_runs

def counted(path, settings, runs):
    with open(log, "a") as fh:  # the forked readers append here too
        fh.write(json.dumps([list(r) for r in runs]) + "\n")
    return read_runs(path, settings, runs)

document.read_runs = counted
ex = _extract_split(path, document.ExtractSettings(), [(1, 3), (4, 6)], 1024)
print(json.dumps([(t.number, t.page_first, t.column_labels, [list(r.cells) for r in t.rows]) for t in ex.tables]))
"""


def test_split_reading_reads_again_only_the_pages_whose_tables_can_change(tmp_path):
    """Six drawn pages under a running header inside the margin band's reach, a table on pages 2
    and 5, read in two ranges: the first pass reads each page once, and the confined second pass
    reads pages 2 and 5 only, shared between this process and the range reader. The tables come
    out as written (by hand, below) and as one pass reads them."""
    from test_extract_confined import HEAD, ROWS, _draw

    pdf = tmp_path / "confined.pdf"
    _draw(pdf, pages=6, tables=(2, 5))
    log = tmp_path / "reads.jsonl"
    done = subprocess.run([sys.executable, "-c", _COUNTED_SPLIT, str(log), str(pdf)], capture_output=True, text=True,
                          timeout=300, check=True)  # fmt: skip
    requests = sorted(json.loads(line) for line in log.read_text().splitlines())
    assert requests == [[[1, 3]], [[2, 2]], [[4, 6]], [[5, 5]]]
    tables = json.loads(done.stdout)
    assert tables == [["3", 2, HEAD, ROWS], ["3", 5, HEAD, ROWS]]
    one_pass = extract_document(pdf)
    assert tables == [[t.number, t.page_first, t.column_labels, [list(r.cells) for r in t.rows]]
                      for t in one_pass.tables]  # fmt: skip
