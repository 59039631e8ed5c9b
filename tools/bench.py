"""`make bench`: the user's run, measured side by side with a plain pdfplumber script.

In one invocation, alternating, N rounds (default 3) of:
  1. `unwh ingest samples/` into a fresh warehouse with a fresh extraction cache (the CLI, Prefect,
     the audits: everything a user waits for);
  2. the same command again: everything is already loaded (the no-op);
  3. tools/baseline_pdfplumber.py on the same files (extract_text + default extract_tables per
     page, written to DuckDB).
Each is a separate process tree, timed from outside: wall, CPU (user + system of every process of
the tree) and peak RSS (the sum over the tree's processes, sampled every 50 ms). Then, once:
  4. the no-op against a warehouse holding 1,000 documents (copies of the samples' rows);
  5. one 500-page document (the samples concatenated) extracted as the flow runs it on 2 cores
     (extract.sandbox, its page ranges read by 2 worker processes): pages per second and the
     largest worker's peak RSS.
The stage breakdown is the one the run summary prints (median over the N full runs).

Figures go to docs/BENCHMARKS.md (``--out``). Measures, never asserts; the machine's load average
is recorded with every run, since a shared machine makes absolute figures noisy (alternating the
runs keeps the ratio fair).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLE_INTERVAL_S = 0.05
NOTES = "<!-- notes: written by hand, kept by `make bench` -->"  # what follows it in --out survives a re-run
STAGE_LINE = re.compile(r"^stages: (.*)$", re.M)
STAGE_ITEM = re.compile(r"([\w-]+) ([\d.]+) s")


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    load: float  # 1-minute load average when the run ended
    child_mb: float = 0.0  # the largest peak RSS of one process below the root (an extraction worker)
    cpu_by_kind: dict[str, float] = field(default_factory=dict)  # main / Prefect API / extraction workers
    stdout: str = ""
    stages: dict[str, float] = field(default_factory=dict)


def run_tree(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> Measure:
    """Run ``command``; wall time, CPU and peak RSS of its whole process tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    cpu_seen: dict[tuple[int, float], float] = {}
    kinds: dict[tuple[int, float], str] = {}
    peak = [0]
    child_peak: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    with p.oneshot():
                        rss = p.memory_info().rss
                        total += rss
                        if p.pid != root.pid:
                            child_peak[p.pid] = max(child_peak.get(p.pid, 0), rss)
                        t = p.cpu_times()
                        key = (p.pid, p.create_time())
                        cpu_seen[key] = t.user + t.system
                        # classified at every sample: a process caught between fork and exec
                        # still shows its parent's command line; one that is exiting shows none
                        # (a zombie's is empty), so "other" never overwrites a kind once known
                        kind = _kind(p, root)
                        if kind != "other" or kinds.get(key, "other") == "other":
                            kinds[key] = kind
                except psutil.Error:
                    continue
            peak[0] = max(peak[0], total)
            done.wait(SAMPLE_INTERVAL_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}: {err[-2000:]}")
    # the direct child's own rusage (with the descendants it waited for) vs the sampled tree:
    # both are lower bounds (a sample misses the last 50 ms of a process), take the larger
    usage = psutil.Process().cpu_times()
    cpu = max(sum(cpu_seen.values()), usage.children_user + usage.children_system - _children_before[0])
    _children_before[0] = usage.children_user + usage.children_system
    stages = {}
    found = STAGE_LINE.search(out)
    if found:
        stages = {name: float(s) for name, s in STAGE_ITEM.findall(found.group(1))}
    by_kind: dict[str, float] = {}
    for key, seconds in cpu_seen.items():
        by_kind[kinds.get(key, "other")] = by_kind.get(kinds.get(key, "other"), 0.0) + seconds
    return Measure(
        wall=wall,
        cpu=cpu,
        cpu_by_kind=by_kind,
        peak_mb=peak[0] / 2**20,
        load=os.getloadavg()[0],
        stdout=out,
        stages=stages,
        child_mb=max(child_peak.values(), default=0) / 2**20,
    )


_children_before = [0.0]


def _kind(p: psutil.Process, root: psutil.Process) -> str:
    """Which part of the run a process is, by its command line."""
    if p.pid == root.pid:
        return "main process (CLI, flow, transform, validation, audits, load)"
    line = " ".join(p.cmdline())
    if "uvicorn" in line or "prefect.server" in line:
        return "Prefect API server"
    if "multiprocessing" in line or "forkserver" in line or "extract" in line:
        return "extraction workers (forkserver and its children)"
    return "other"


def bench_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PREFECT_HOME=env.get("PREFECT_HOME") or str(ROOT / ".prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        GX_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        UNWH_CACHE_DIR=str(tmp / "cache"),
    )
    env.pop("PREFECT_API_URL", None)  # ephemeral mode, as `unwh ingest` runs out of the box
    return env


def round_trip(samples: Path, tmp: Path) -> tuple[Measure, Measure, Measure]:
    """One round: full ingest (fresh warehouse and cache), the no-op re-run, the baseline script."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    env = bench_env(tmp)
    warehouse = tmp / "wh" / "un_reports.duckdb"
    ingest = [str(BIN / "unwh"), "ingest", str(samples), "--warehouse", str(warehouse)]
    full = run_tree(ingest, env)
    if "quarantined 0" not in full.stdout:
        print(full.stdout, file=sys.stderr)
    noop = run_tree(ingest, env)
    baseline = run_tree([sys.executable, str(ROOT / "tools" / "baseline_pdfplumber.py"), str(tmp / "baseline.duckdb"),
                         str(samples)], env)  # fmt: skip
    return full, noop, baseline


def build_thousand(source: Path, target: Path, documents: int = 1000) -> int:
    """A copy of ``source`` (the samples loaded) whose published tables hold ``documents``
    documents: the samples' rows copied under new document ids. Returns the document count."""
    import duckdb

    shutil.copy(source, target)
    con = duckdb.connect(str(target))
    have = con.execute("SELECT count(*) FROM main.documents").fetchone()[0]
    copies = -(-(documents - have) // have)  # ceiling
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_columns() WHERE schema_name = 'main' AND column_name = 'document_id' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')"
    ).fetchall()]  # fmt: skip
    con.execute("BEGIN")
    for table in tables:
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? "
            "ORDER BY column_index", [table]).fetchall()]  # fmt: skip
        select = ", ".join("sha256(document_id || '#' || k::VARCHAR)" if c == "document_id" else f'"{c}"'
                           for c in columns)  # fmt: skip
        con.execute(f'INSERT INTO main."{table}" SELECT {select} FROM main."{table}", range(1, {copies + 1}) r(k) '
                    f"WHERE document_id IN (SELECT document_id FROM main.documents LIMIT {have})")  # fmt: skip
    con.execute("COMMIT")
    # trim to exactly ``documents`` documents (drop the surplus copies from every table)
    surplus = con.execute("SELECT count(*) FROM main.documents").fetchone()[0] - documents
    if surplus > 0:
        extra = [r[0] for r in con.execute(
            "SELECT document_id FROM main.documents WHERE document_id NOT IN (SELECT document_id FROM main.documents "
            f"ORDER BY ingested_at LIMIT {have}) LIMIT {surplus}").fetchall()]  # fmt: skip
        for table in tables:
            con.execute(f'DELETE FROM main."{table}" WHERE document_id IN (SELECT unnest(?::VARCHAR[]))', [extra])
    count = con.execute("SELECT count(*) FROM main.documents").fetchone()[0]
    con.execute("CHECKPOINT")
    con.close()
    return count


def page_count(pdfs: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in pdfs:
        doc = pdfium.PdfDocument(str(path))
        total += len(doc)
        doc.close()
    return total


def concatenate(samples: list[Path], target: Path, pages: int) -> int:
    """One PDF of at least ``pages`` pages: the samples, one after the other, repeated."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        for path in samples:
            src = pdfium.PdfDocument(str(path))
            out.import_pages(src)
            src.close()
            if len(out) >= pages:
                break
    out.save(str(target))
    n = len(out)
    out.close()
    return n


_LONG = r"""
import sys, time
from extract.sandbox import extract_isolated, Limits
t = time.perf_counter()
ex = extract_isolated(sys.argv[1], limits=Limits(timeout_s=3600, page_workers=2))
dt = time.perf_counter() - t
print(f"pages {ex.meta.page_count} seconds {dt:.3f} tables {len(ex.tables)} blocks {len(ex.blocks)}")
"""


def long_document(pdf: Path, env: dict[str, str]) -> tuple[Measure, int, float]:
    m = run_tree([sys.executable, "-c", _LONG, str(pdf)], env)
    found = re.search(r"pages (\d+) seconds ([\d.]+)", m.stdout)
    return m, int(found.group(1)), float(found.group(2))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{median(values):.1f} ({min(values):.1f}–{max(values):.1f})"


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = psutil.virtual_memory().total / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}, CPython {platform.python_version()}")  # fmt: skip


def render(rounds, thousand, long, pages_total, n_docs, runs, loads) -> str:
    full, noop, base = (list(x) for x in zip(*rounds, strict=True))
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench` on {machine()}.",
        f"Load average (1 min) while it ran: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores "
        "(the machine is shared: absolute figures are noisy; the runs alternate, so the ratio is fair).",
        "",
        f"## The user's run, side by side ({runs} rounds, alternating; median (min–max))",
        "",
        f"The four samples, {pages_total} pages. Wall and CPU in seconds; CPU = user + system of every "
        "process of the tree; peak RSS = the largest sum of the tree's resident sets (shared pages counted "
        "once per process).",
        "",
        "| run | wall s | CPU s | peak RSS MB | wall ratio to baseline |",
        "|---|---:|---:|---:|---:|",
    ]
    b = median([m.wall for m in base])
    for name, ms in (("`unwh ingest samples/` (fresh warehouse, fresh cache)", full),
                     ("the same again: every document already loaded (no-op)", noop),
                     ("baseline: tools/baseline_pdfplumber.py (text + default tables, DuckDB)", base)):  # fmt: skip
        ratio = median([m.wall for m in ms]) / b
        lines.append(f"| {name} | {spread([m.wall for m in ms])} | {spread([m.cpu for m in ms])} | "
                     f"{spread([m.peak_mb for m in ms])} | {ratio:.2f} |")  # fmt: skip
    pairs = [f.wall / bb.wall for f, bb in zip(full, base, strict=True)]
    lines += [
        "",
        f"**Ratio project / baseline (full ingest, wall): {median(pairs):.2f}** (per round: "
        + ", ".join(f"{p:.2f}" for p in pairs)
        + f"); CPU ratio {median([f.cpu / bb.cpu for f, bb in zip(full, base, strict=True)]):.2f}.",
        "",
        "CPU seconds of the full ingest by process (median of the rounds; baseline: one process "
        f"{median([m.cpu for m in base]):.1f} s):",
        "",
        "| process | CPU s |",
        "|---|---:|",
        *(
            f"| {kind} | {median([m.cpu_by_kind.get(kind, 0.0) for m in full]):.1f} |"
            for kind in dict.fromkeys(k for m in full for k in m.cpu_by_kind)
        ),
        "",
        "## Where the time of the full ingest goes (median of the rounds, from the run summary's `stages:` line)",
        "",
        "Document stages (transform, validation, audit, publish) are summed over the four documents; "
        "start-up is from process start to the run's first step (imports, the ephemeral Prefect API).",
        "",
        "| stage | seconds |",
        "|---|---:|",
    ]
    names = list(dict.fromkeys(n for m in full for n in m.stages))
    for name in names:
        lines.append(f"| {name} | {median([m.stages.get(name, 0.0) for m in full]):.2f} |")
    audit = median([m.stages.get("audit", 0.0) for m in full]) / n_docs
    other = median([m.wall - sum(m.stages.values()) for m in full])
    lines += [
        f"| other: flow set-up and wind-down, artifact, API shutdown (wall minus the stages) | {other:.2f} |",
        f"| (wall of the whole process) | {median([m.wall for m in full]):.2f} |",
        "",
        f"Audit per document (average of the {n_docs}): {audit:.2f} s.",
        "",
        "## Larger cases",
        "",
        "| case | wall s | CPU s | peak RSS MB | note |",
        "|---|---:|---:|---:|---|",
    ]
    docs, tms = thousand
    lines.append(f"| no-op against a warehouse of {docs} loaded documents | {spread([m.wall for m in tms])} | "
                 f"{spread([m.cpu for m in tms])} | {spread([m.peak_mb for m in tms])} | the samples' rows copied "
                 "under new ids |")  # fmt: skip
    m, pages, seconds = long
    lines.append(f"| one {pages}-page document (the samples concatenated), page ranges in 2 workers | {m.wall:.1f} | "
                 f"{m.cpu:.1f} | {m.peak_mb:.0f} | {pages / seconds:.1f} pages/s of wall, "
                 f"{pages / m.cpu:.1f} pages per CPU second; worker peak RSS "
                 f"{m.child_mb:.0f} MB |")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", default=str(ROOT / "samples"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "docs" / "BENCHMARKS.md"))
    parser.add_argument("--long-pages", type=int, default=500)
    args = parser.parse_args()
    samples = Path(args.samples).resolve()
    pdfs = sorted(samples.glob("*.pdf"))
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="unwh-bench-") as scratch:
        scratch = Path(scratch)
        rounds = []
        _children_before[0] = sum(psutil.Process().cpu_times()[2:4])
        for i in range(args.runs):
            result = round_trip(samples, scratch / f"round{i}")
            rounds.append(result)
            loads += [m.load for m in result]
            print(f"round {i + 1}: ingest {result[0].wall:.1f} s, no-op {result[1].wall:.1f} s, "
                  f"baseline {result[2].wall:.1f} s (load {result[2].load:.1f})", file=sys.stderr)  # fmt: skip
        pages_total = page_count(pdfs)
        env = bench_env(scratch / "round0")
        big = scratch / "thousand.duckdb"
        docs = build_thousand(scratch / "round0" / "wh" / "un_reports.duckdb", big)
        tms = [run_tree([str(BIN / "unwh"), "ingest", str(samples), "--warehouse", str(big)], env)
               for _ in range(args.runs)]  # fmt: skip
        loads += [m.load for m in tms]
        print(f"no-op with {docs} documents: {median([m.wall for m in tms]):.2f} s", file=sys.stderr)
        long_pdf = scratch / "long.pdf"
        concatenate(pdfs, long_pdf, args.long_pages)
        long = long_document(long_pdf, env)
        loads.append(long[0].load)
        print(f"long document: {long[1]} pages, {long[1] / long[2]:.1f} pages/s, worker {long[0].child_mb:.0f} MB",
              file=sys.stderr)  # fmt: skip
    text = render(rounds, (docs, tms), long, pages_total, len(pdfs), args.runs, loads)
    out = Path(args.out)
    kept = out.read_text(encoding="utf-8").partition(NOTES)[2] if out.exists() else ""
    out.write_text(text + "\n\n" + NOTES + (kept or "\n"), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
