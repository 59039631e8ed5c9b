"""Measure Chinese full-text search strategies on a warehouse (docs/ANALYSTS.md, "Full-text search").

Compares, over the paragraphs and text cells of the current documents:
  substring  load.search (what `unwh search` uses): every term a substring, BM25 ranking;
  bigram     DuckDB fts over character bigrams (CJK-safe ignore pattern, no stemmer);
  jieba      DuckDB fts over jieba's segmentation (same fts settings).
Truth for recall/precision: the texts containing every query term as a substring.
Needs `duckdb-ext-fts` and `jieba` installed by hand (they are not project dependencies):
  .venv/bin/uv pip install duckdb-ext-fts==1.4.4.20260205 jieba==0.42.1
Usage: .venv/bin/python tools/search_bench.py WAREHOUSE
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from load.search import _CORPUS, search

QUERIES = ["海洋", "塑料", "海洋 塑料", "海洋塑料", "气候", "化学品", "废物", "空气质量", "环境署", "可持续发展",
           "生物多样性", "预算", "员额", "治理", "咨询人", "多边环境协定", "城市", "性别"]  # fmt: skip
CJK_RUN = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
FTS_SETTINGS = "stemmer='none', stopwords='none', ignore='[^\\p{L}\\p{N}]+', strip_accents=0, lower=1"


def bigrams(text: str) -> str:
    tokens = []
    for run in CJK_RUN.findall(text):
        if run.isascii() or len(run) == 1:
            tokens.append(run.lower())
        else:
            tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    return " ".join(tokens)


def fts_extension() -> str:
    import duckdb as d

    site = Path(d.__file__).resolve().parent.parent
    found = sorted(site.glob(f"duckdb_ext/extensions/v{d.__version__}/*/fts.duckdb_extension"))
    if not found:
        raise SystemExit("duckdb-ext-fts is not installed (see the module docstring)")
    return str(found[0])


def main(warehouse: str) -> None:
    import jieba

    jieba.setLogLevel(60)
    ro = duckdb.connect(warehouse, read_only=True)
    rows = ro.execute(f"SELECT row_number() OVER () AS id, text FROM ({_CORPUS})").fetchall()
    texts = dict(rows)
    print(f"corpus: {len(rows)} paragraphs and text cells, {sum(map(len, texts.values()))} characters")
    mem = duckdb.connect()
    mem.execute(f"LOAD '{fts_extension()}'")
    timings = {}
    for name, segment in (("bigram", bigrams), ("jieba", lambda t: " ".join(jieba.cut(t)))):
        start = time.perf_counter()
        mem.execute(f"CREATE TABLE {name} (id BIGINT, tokens VARCHAR)")
        mem.executemany(f"INSERT INTO {name} VALUES (?, ?)", [(i, segment(t)) for i, t in rows])
        mem.execute(f"PRAGMA create_fts_index('{name}', 'id', 'tokens', {FTS_SETTINGS})")
        timings[name] = time.perf_counter() - start
    print(f"index build: bigram {timings['bigram']:.2f} s, jieba {timings['jieba']:.2f} s; substring: none")
    segmenters = {"bigram": bigrams, "jieba": lambda t: " ".join(jieba.cut(t))}
    totals = {k: [0, 0, 0, 0.0] for k in ("substring", "bigram", "jieba")}  # hits, true hits, truth, seconds
    print(f"{'query':<12} {'truth':>5}  " + "  ".join(f"{k:>22}" for k in totals))
    for query in QUERIES:
        terms = query.split()
        truth = {i for i, t in texts.items() if all(term in t for term in terms)}
        cells = []
        start = time.perf_counter()
        found_sub = search(ro, query, limit=100000)
        seconds = time.perf_counter() - start
        found = {i for i, t in texts.items() if any(h.text == t for h in found_sub)}
        results = {"substring": (found, seconds)}
        for name, segment in segmenters.items():
            q = segment(query)
            start = time.perf_counter()
            ids = mem.execute(
                f"SELECT id FROM (SELECT id, fts_main_{name}.match_bm25(id, ?, conjunctive := 1) AS s FROM {name}) "
                "WHERE s IS NOT NULL",
                [q],
            ).fetchall()
            results[name] = ({i for (i,) in ids}, time.perf_counter() - start)
        for name, (ids, secs) in results.items():
            hit = len(ids & truth)
            totals[name][0] += len(ids)
            totals[name][1] += hit
            totals[name][2] += len(truth)
            totals[name][3] += secs
            cells.append(f"{len(ids):>4} found {hit:>4} ok {secs * 1000:>5.0f} ms")
        print(f"{query:<12} {len(truth):>5}  " + "  ".join(cells))
    for name, (found, ok, truth, secs) in totals.items():
        recall = ok / truth if truth else 1.0
        precision = ok / found if found else 1.0
        print(f"{name:<10} recall {recall:.3f}  precision {precision:.3f}  {secs / len(QUERIES) * 1000:.0f} ms/query")


if __name__ == "__main__":
    main(sys.argv[1])
