"""A bare 理事会 resolves from the document's own context, never to a default: a drawn PDF whose
text names the Economic and Social Council (and no UNEP body) yields no UNEP-GC key, and a bare
council number no named council uses stays out of mandates with a warning."""

from __future__ import annotations

from drawn_pdf import Sheet

from extract.document import extract_document
from extract.models import SourceFile
from transform.frames import build_frames

LINES = [
    "1. 经济及社会理事会在其第 2019/15 号决议中请秘书长就区域合作提交报告。理事会第",
    "2020/3 号决议重申了这一请求，理事会第 12/4 号决定则另有规定。",
    "2. 大会第 74/2 号决议欢迎这项工作。",
]


def test_a_drawn_report_naming_another_council_has_no_unep_gc_key(tmp_path):
    path = tmp_path / "council.pdf"
    sheet = Sheet(path)
    sheet.text(72, 60, "区域合作报告", size=14)
    sheet.prose(100, LINES)
    sheet.save()
    extraction = extract_document(path)
    source = SourceFile(path=str(path), document_id="c" * 64, file_size=path.stat().st_size, source_uri=str(path))
    frames = build_frames(extraction, source)
    keys = set(frames.frames["mandates"]["mandate_key"])
    assert not any(key.startswith("UNEP-GC:") for key in keys), keys
    assert {"ECOSOC:resolution:2019/15", "ECOSOC:resolution:2020/3", "GA:resolution:74/2"} <= keys
    warnings = [i for i in frames.issues if i["check"] == "mandates.council_unresolved"]
    assert len(warnings) == 1 and "12/4" in str(warnings[0]["detail"]), frames.issues
