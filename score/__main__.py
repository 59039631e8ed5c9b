"""`make score`: the warehouse built from samples/ against the answer keys, per document.

python -m score --warehouse warehouse/un_reports.duckdb --expected tests/data/expected --samples samples
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from load.warehouse import connect
from score.answer_keys import EXPECTED
from score.facts import document_facts, score_facts
from score.mandates import (
    score_cell_citations,
    score_citations,
    score_deliverables,
    score_mandate_list,
    score_performance_measures,
    score_results,
    score_targets,
)
from score.paragraphs import score_paragraphs
from score.tables import score_tables
from score.warehouse import frame, paragraph_rows, tables_back


def _hand_labelled(name: str, section: str, stem: str) -> Any:
    """A document's entries in a hand-labelled list beside the answer keys (None if not labelled)."""
    path = EXPECTED.parent / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get(section, {}).get(stem)


def score_document(con, document_id: str, key: dict, stem: str = "") -> dict:
    paragraphs = score_paragraphs(key, paragraph_rows(con, document_id))
    tables = tables_back(con, document_id)
    table_score = score_tables(key, tables)
    # the reviewed expected facts (tools/expected_facts.py, tests/data/expected_facts/REVIEW.md)
    budget = score_facts(document_facts("budget_lines", stem), frame(con, "budget_lines", document_id), "budget_lines")
    posts = score_facts(document_facts("posts", stem), frame(con, "posts", document_id), "posts")
    mandates = frame(con, "mandates", document_id)
    paragraph_frame = frame(con, "paragraphs", document_id)
    citations = _hand_labelled("citations.json", "documents", stem)
    in_cells = _hand_labelled("citations.json", "table_cells", stem)
    targets = _hand_labelled("performance_targets.json", "documents", stem)
    results = frame(con, "results", document_id)
    references = frame(con, "document_references", document_id)
    return {
        "mandate_list": score_mandate_list(key, mandates),
        "citations": score_citations(citations, mandates, paragraph_frame) if citations is not None else None,
        "cell_citations": (
            score_cell_citations(in_cells, mandates, references, frame(con, "tables", document_id))
            if in_cells is not None
            else None
        ),
        "targets": score_targets(targets, results) if targets is not None else None,
        "results": score_results(key, results),
        "deliverables": score_deliverables(key, frame(con, "deliverables", document_id)),
        "performance_measures": score_performance_measures(key, frame(con, "performance_measures", document_id)),
        "paragraphs": paragraphs,
        "tables": table_score,
        "budget_lines": budget,
        "posts": posts,
    }


def _pct(found: int, total: int) -> str:
    return f"{found / total:7.2%}" if total else "     — "


def _ratio(score: dict) -> str:
    found = score.get("matched", score.get("found", 0))
    return _pct(found, score.get("expected", 0))


def _facts_rp(score: dict) -> str:
    return f"{score['recall']:.1%}/{score['precision']:.1%}" if score["expected"] or score["actual"] else "—"


def _located_pct(score: dict, attribute: str) -> str:
    return f"{score[attribute + '_accuracy']:.1%}" if score["located"] else "—"


def _recall_precision(score: dict | None) -> str:
    return f"{score['recall']:.1%}/{score['precision']:.1%}" if score else "—"


def _combined(*scores: dict) -> dict:
    """Recall and precision over several scores' matches together."""
    matched, expected, actual = (sum(s[k] for s in scores) for k in ("matched", "expected", "actual"))
    return {"recall": matched / expected if expected else 1.0, "precision": matched / actual if actual else 1.0}


def render(results: dict[str, dict]) -> str:
    lines = [
        f"{'document':<30} {'para recall':>11} {'text sim':>9} {'leaks':>5} {'footnotes':>9} {'links':>7} "
        f"{'tables':>7} {'cells':>8} {'budget':>8} {'posts':>8}",
    ]
    for name, r in results.items():
        p, t = r["paragraphs"], r["tables"]
        lines.append(
            f"{name:<30} {p.get('numbered_recall', 0):>11.2%} {p.get('mean_similarity', 0):>9.4f} "
            f"{p.get('leaks', 0):>5} {p.get('footnote_recall', 0):>9.2%} "
            f"{p.get('link_recall', 0):>7.2%} {t['found']:>3}/{t['expected_tables']:<3} "
            f"{t['cell_accuracy']:>8.2%} {_pct(r['budget_lines']['found'], r['budget_lines']['expected']):>8} "
            f"{_pct(r['posts']['found'], r['posts']['expected']):>8}"
        )
    lines.append("")
    lines.append(
        f"{'document':<30} {'mandate list':>13} {'citations R/P':>15} {'in cells R/P':>15} {'results':>9} "
        f"{'targets':>8} {'deliverables':>13} {'perf. measures':>15}"
    )
    for name, r in results.items():
        cells = r["cell_citations"]
        lines.append(
            f"{name:<30} {_pct(r['mandate_list']['matched'], r['mandate_list']['expected']):>13} "
            f"{_recall_precision(r['citations']):>15} "
            f"{_recall_precision(_combined(cells['citations'], cells['references']) if cells else None):>15} "
            f"{_pct(r['results']['matched'], r['results']['expected']):>9} "
            f"{_ratio(r['targets']) if r['targets'] else '—':>8} "
            f"{_ratio(r['deliverables']):>13} {_ratio(r['performance_measures']):>15}"
        )
    lines.append("")
    lines.append(
        f"{'document':<30} {'budget R/P':>15} {'fund':>8} {'org unit':>8} {'measure':>8} "
        f"{'posts R/P':>15} {'fund':>8} {'org unit':>8} {'category':>8}"
    )
    for name, r in results.items():
        b, p = r["budget_lines"], r["posts"]
        lines.append(
            f"{name:<30} {_facts_rp(b):>15} {_located_pct(b, 'fund'):>8} {_located_pct(b, 'org_unit'):>8} "
            f"{_located_pct(b, 'measure'):>8} {_facts_rp(p):>15} {_located_pct(p, 'fund'):>8} "
            f"{_located_pct(p, 'org_unit'):>8} {_located_pct(p, 'category'):>8}"
        )
    for name, r in results.items():
        for what in ("budget_lines", "posts"):
            for miss in r[what]["missing"][:3]:
                lines.append(f"  {name} {what} missing: {miss}")
            for extra in r[what]["extra"][:3]:
                lines.append(f"  {name} {what} not expected: {extra}")
    for name, r in results.items():
        for table in r["tables"]["tables"]:
            if table["misses"] or not table["found"]:
                label = f"{table['number']}{table['part'] or ''}" if table["number"] else table.get("title")
                lines.append(
                    f"  {name} table {label}: {'not found' if not table['found'] else ''}"
                    f"{len(table['misses'])} cell misses "
                    + "; ".join(f"r{m['row']}c{m['col']} {m['expected']!r}→{m['got']!r}" for m in table["misses"][:3])
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m score", description=__doc__)
    parser.add_argument("--warehouse", default="warehouse/un_reports.duckdb")
    parser.add_argument("--expected", default="tests/data/expected")
    parser.add_argument("--samples", default="samples")
    parser.add_argument("--json", metavar="FILE", help="also write the full results as JSON")
    args = parser.parse_args(argv)
    con = connect(args.warehouse, read_only=True)
    docs = con.execute("SELECT document_id, regexp_extract(source_uri, '[^/]+$') FROM documents").fetchall()
    by_file = {name: doc_id for doc_id, name in docs}
    results = {}
    for key_path in sorted(Path(args.expected).glob("*.json")):
        pdf_name = key_path.stem + ".pdf"
        if pdf_name not in by_file:
            print(f"{pdf_name}: not in the warehouse", file=sys.stderr)
            continue
        key = json.loads(key_path.read_text(encoding="utf-8"))
        results[key_path.stem] = score_document(con, by_file[pdf_name], key, key_path.stem)
    con.close()
    print(render(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
