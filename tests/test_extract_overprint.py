"""Glyphs printed twice (bold by overprint, a second copy a fraction of an em to the side) on a real
PDF nobody on this project made (pdfplumber's issue-71 file, peer case P7): the text pass gives each
line once. The expected line comes from the peer case (peer/cases.json), not from this code."""

from __future__ import annotations

import json
from pathlib import Path

from extract.document import extract_document

PEER = Path(__file__).parent / "data" / "realworld" / "peer"


def test_overprinted_glyphs_come_out_once_in_the_text():
    case = next(c for c in json.loads((PEER / "cases.json").read_text(encoding="utf-8")) if c["kind"] == "cjk")
    expected = case["exp_line"]
    texts = [b.text for b in extract_document(PEER / case["file"]).blocks]
    # the line is read once, whole: the words before its wide gap are no list label cut off it
    assert sum(expected in t for t in texts) == 1, texts
    # no character of it is doubled anywhere ("微微软软"), and no copy of the line is left over
    doubled = "".join(ch * 2 for ch in expected.split()[0])
    assert not any(doubled in t for t in texts)
    assert sum(t.count(expected.split()[-1]) for t in texts) == 1
