"""`make bench`: time extraction, transformation and loading of the samples, per document, and
write the figures into docs/BENCHMARKS.md. Measures, never asserts.

Each document is measured in a fresh process (so peak memory is that document's alone), three
runs, the median reported. Table extraction is benchmarked against pdfplumber's defaults by
tools/bench_tables.py, whose table is appended when it exists."""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from extract.document import extract_document
from extract.fingerprint import fingerprint_file
from flows.pipeline import load_document
from load.warehouse import open_warehouse
from transform.frames import build_frames
t_import = time.perf_counter() - t0
path, warehouse = sys.argv[1], sys.argv[2]
t = time.perf_counter()
source = fingerprint_file(path)
extraction = extract_document(path)
t_extract = time.perf_counter() - t
t = time.perf_counter()
frames = build_frames(extraction, source)
t_transform = time.perf_counter() - t
con = open_warehouse(warehouse)
t = time.perf_counter()
outcome = load_document(con, source, extraction, frames, pipeline_version="bench")
t_load = time.perf_counter() - t
con.close()
print(json.dumps({"pages": extraction.meta.page_count, "extract": t_extract, "transform": t_transform,
                  "load": t_load, "import": t_import, "status": outcome.status, "rows": outcome.rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(pdf: Path, runs: int) -> dict:
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(pdf), str(Path(tmp) / "bench.duckdb")],
                capture_output=True, text=True, cwd=ROOT, check=True,
            )  # fmt: skip
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    median = {k: statistics.median(r[k] for r in results) for k in ("extract", "transform", "load", "peak_mb")}
    return {**results[0], **median}


def render(rows: dict[str, dict], runs: int) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} by `make bench` on {platform.machine()}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{_cpu_count()} cores; median of {runs} runs, each document in a fresh process "
        "(peak RSS includes the Python stack: pandas, pdfplumber, DuckDB).",
        "",
        "| document | pages | extract s | pages/s | transform s | validate+stage+publish s (no audit) | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total_pages = total_extract = 0.0
    for name, r in rows.items():
        total_pages += r["pages"]
        total_extract += r["extract"]
        lines.append(
            f"| {name} | {r['pages']} | {r['extract']:.2f} | {r['pages'] / r['extract']:.1f} | "
            f"{r['transform']:.2f} | {r['load']:.2f} | {r['peak_mb']:.0f} |"
        )
    lines.append(f"| **all** | {total_pages:.0f} | {total_extract:.2f} | {total_pages / total_extract:.1f} | | | |")
    return "\n".join(lines)


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", default=str(ROOT / "samples"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "docs" / "BENCHMARKS.md"))
    args = parser.parse_args()
    rows = {}
    for pdf in sorted(Path(args.samples).glob("*.pdf")):
        started = time.perf_counter()
        rows[pdf.name] = measure(pdf, args.runs)
        print(f"{pdf.name}: {time.perf_counter() - started:.1f} s for {args.runs} runs", file=sys.stderr)
    text = render(rows, args.runs)
    tables_bench = ROOT / "tools" / "bench_tables.py"
    if tables_bench.exists():
        out = subprocess.run([sys.executable, str(tables_bench)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode == 0:
            text += "\n\n## Table extraction against pdfplumber's defaults\n\n" + out.stdout.strip()
        else:
            text += f"\n\n(tools/bench_tables.py failed: {out.stderr.strip().splitlines()[-1:]})"
    Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
