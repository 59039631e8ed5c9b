"""Score the layout matrix: each answer key typeset in several house layouts (tests/render), read
back by the real extractor and transform, compared with the key at the bars of the original samples.

``score_pdf(pdf, key, stem)`` -> the figures of one rendering; ``bars_missed(figures)`` lists the
bars a rendering misses. ``python -m score --variants DIR`` prints the table for DIR/<variant>/<stem>.pdf.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from extract.document import extract_document
from extract.models import SourceFile
from score.answer_keys import EXPECTED
from score.facts import document_facts, score_facts
from score.mandates import score_citations, score_mandate_list
from score.paragraphs import blocks_to_rows, score_paragraphs
from score.tables import score_tables
from transform.frames import build_frames

# printed beside the bars, not asserted here (tests/test_layout_matrix.py holds floors for them):
# tables found, body cells, and the budget lines and posts read from the tables (issue #11 bar
# 0.99), as fact recall against the reviewed expected facts (tests/data/expected_facts)
INFO = ("tables", "cells", "budget", "posts")
# the bars of the original samples (issue #11): figure name -> least acceptable value
BARS = {
    "numbered": 1.0,
    "text_sim": 0.995,
    "headings": 0.98,
    "list_items": 0.98,
    "footnotes": 0.98,
    "mandates": 0.99,
    "citations": 0.98,
}


def score_pdf(pdf: Path, key: dict, stem: str) -> dict[str, Any]:
    """Extract one rendering and score its text facts against the answer key."""
    extraction = extract_document(pdf)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    frames = build_frames(extraction, SourceFile(str(pdf), digest, pdf.stat().st_size, str(pdf))).frames
    p = score_paragraphs(key, blocks_to_rows(extraction.blocks))
    kinds = p["kind_recall"]
    mandates = score_mandate_list(key, frames["mandates"])
    out: dict[str, Any] = {
        "numbered": p["numbered_recall"],
        "text_sim": p["mean_similarity"],
        "headings": kinds.get("heading"),
        "list_items": kinds.get("list_item"),
        "footnotes": p["footnote_recall"] if p["footnotes_expected"] else None,
        "mandates": mandates["recall"] if mandates["expected"] else None,
        "citations": None,
        "tables": None,
        "cells": None,
        "budget": None,
        "posts": None,
        "detail": {"paragraphs": p, "mandates": mandates},
    }
    t = score_tables(key, extraction.tables)
    if t["expected_tables"]:
        out["tables"], out["cells"] = t["recall"], t["cell_accuracy"]
    # the reviewed expected facts (tests/data/expected_facts): recall of exact budget lines / posts
    for name, kind in (("budget", "budget_lines"), ("posts", "posts")):
        expected = document_facts(kind, stem)
        if not expected.empty:
            facts = score_facts(expected, frames[kind], kind)
            out[name] = facts["recall"]
            out["detail"][kind] = facts
    labelled = EXPECTED.parent / "citations.json"
    if labelled.exists():
        cites = json.loads(labelled.read_text(encoding="utf-8")).get("documents", {}).get(stem)
        if cites is not None:
            c = score_citations(cites, frames["mandates"], frames["paragraphs"])
            out["citations"] = min(c["recall"], c["precision"])
            out["detail"]["citations"] = c
    return out


def bars_missed(figures: dict[str, Any]) -> list[str]:
    return [
        f"{k} {figures[k]:.4f} < {bar}" for k, bar in BARS.items() if figures.get(k) is not None and figures[k] < bar
    ]


def render_table(results: dict[str, dict[str, dict]]) -> str:
    """results: variant -> stem -> figures."""
    cols = [*BARS, *INFO]
    lines = [f"{'variant':<24} {'document':<28} " + " ".join(f"{c:>10}" for c in cols)]
    for variant, docs in results.items():
        for stem, fig in docs.items():
            cells = " ".join(f"{fig[c]:>10.4f}" if fig.get(c) is not None else f"{'—':>10}" for c in cols)
            lines.append(f"{variant:<24} {stem[:28]:<28} {cells}")
    return "\n".join(lines)


def score_dir(root: Path, expected: Path) -> dict[str, dict[str, dict]]:
    results: dict[str, dict[str, dict]] = {}
    for vdir in sorted(p for p in root.iterdir() if p.is_dir()):
        for pdf in sorted(vdir.glob("*.pdf")):
            key_path = expected / f"{pdf.stem}.json"
            if key_path.exists():
                key = json.loads(key_path.read_text(encoding="utf-8"))
                results.setdefault(vdir.name, {})[pdf.stem] = score_pdf(pdf, key, pdf.stem)
    return results
