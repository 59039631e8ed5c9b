"""Sweep the house layout: the answer keys typeset in layouts the matrix (tests/render) does not
hold, read back by the real extractor and scored at the bars of score/variants.py.

Usage: .venv/bin/python tools/sweep_layouts.py [--variant NAME ...] [--stem STEM ...] [--with-matrix] [--out DIR]

The sweep variants combine the matrix's parameters with values outside those its five variants
use (body size, leading, margins, running-line heights, marker and note sizes, heading and number
styles, captions on their own line, page sizes, table column shares). The list is fixed, so the
sweep is deterministic (seven layouts; ``--with-matrix`` adds the matrix's own). Renderings go to
DIR/<variant>/<stem>.pdf (default build/sweep); every bar and table figure is printed per variant
and document, the bars missed below the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from score.variants import bars_missed, render_table, score_pdf  # noqa: E402
from tests.render.typeset import A5, LETTER, VARIANTS, HeadStyle, Variant, typeset  # noqa: E402

EXPECTED = ROOT / "tests" / "data" / "expected"
BLUE = (0.0, 0.25, 0.6)

# (a seventh, 12.5 pt on a 1.9 em pitch with narrow margins, is in the matrix: loose-12.5pt)
SWEEP = [
    # small type, tight leading, wide margins, running lines close to the page edge
    Variant(
        "sweep-9pt-tight",
        body=9.0,
        leading=1.2,
        para_gap=0.4,
        margin=0.2,
        header_at=0.02,
        footer_at=0.985,
        heads=(HeadStyle(1.3, True), HeadStyle(1.15, True), HeadStyle(1.0, True), HeadStyle(1.0, italic=True)),
    ),
    # headings by a 5 % size step in colour only, plain inline numbers, captions on their own line
    Variant(
        "sweep-colour-inline-plain",
        numbers="inline",
        number_bold=False,
        list_gap="space",
        heads=(HeadStyle(1.05, colour=BLUE),) * 4,
        caption_inline=False,
    ),
    # tiny, high markers and small notes
    Variant(
        "sweep-markers-high",
        marker_scale=0.6,
        marker_raise=0.45,
        note_scale=0.7,
        producer="glyphs",
    ),
    # US Letter, inline plain numbers, notes at the end, wide label column in tables
    Variant(
        "sweep-letter-wide-labels",
        page=LETTER,
        numbers="inline",
        footnotes="end",
        label_share=0.45,
        caption_inline=False,
        heads=(HeadStyle(1.2, True), HeadStyle(1.1, True), HeadStyle(1.05), HeadStyle(1.0, colour=BLUE)),
    ),
    # A5 with small type and narrow margins, a narrow label column in tables
    Variant(
        "sweep-a5-narrow-labels",
        page=A5,
        body=9.0,
        margin=0.07,
        label_share=0.25,
        header_at=0.04,
        footer_at=0.96,
    ),
    # larger table text and a wide label column at 12.5 pt with glyph-by-glyph output
    Variant(
        "sweep-glyphs-12.5pt-tables",
        producer="glyphs",
        body=12.5,
        leading=1.6,
        table_scale=0.9,
        label_share=0.4,
        header_at=0.02,
        footer_at=0.985,
    ),
    # spaced characters at 9 pt on Letter, markers raised high and small
    Variant(
        "sweep-spaced-9pt-letter",
        producer="glyphs",
        spaced=True,
        page=LETTER,
        body=9.0,
        numbers="inline",
        list_gap="space",
        marker_scale=0.6,
        marker_raise=0.45,
        heads=(HeadStyle(1.25, True), HeadStyle(1.1, True), HeadStyle(1.0, True), HeadStyle(1.0, True)),
    ),
]


def sweep_variants() -> list[Variant]:
    return list(SWEEP)


def _render_and_score(variant: Variant, stem: str, out: Path) -> dict:
    key = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    pdf = out / variant.name / f"{stem}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    typeset(key, variant, pdf)
    return score_pdf(pdf, key, stem)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variant", action="append", help="only these sweep variants (repeatable)")
    ap.add_argument("--with-matrix", action="store_true", help="the matrix's own reportlab variants too")
    ap.add_argument("--stem", action="append", help="only these answer keys (repeatable)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "sweep")
    ap.add_argument("--workers", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    args = ap.parse_args(argv)
    pool_of = sweep_variants() + (list(VARIANTS) if args.with_matrix else [])
    variants = [v for v in pool_of if not args.variant or v.name in args.variant]
    stems = sorted(p.stem for p in EXPECTED.glob("*.json") if not args.stem or p.stem in args.stem)
    jobs = {}
    with ProcessPoolExecutor(max_workers=args.workers, mp_context=get_context("spawn")) as pool:
        # the largest key first, so that the workers end about together
        for stem in sorted(stems, key=lambda s: -(EXPECTED / f"{s}.json").stat().st_size):
            for v in variants:
                jobs[(v.name, stem)] = pool.submit(_render_and_score, v, stem, args.out)
        results: dict[str, dict[str, dict]] = {}
        for v in variants:
            for stem in stems:
                results.setdefault(v.name, {})[stem] = jobs[(v.name, stem)].result()
    print(render_table(results))
    for vname, docs in results.items():
        for stem, fig in docs.items():
            miss = bars_missed(fig)
            if miss:
                print(f"{vname} {stem}: {'; '.join(miss)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
