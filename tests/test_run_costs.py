"""Where a run's time goes stays visible, a report never fails a document, and a run with nothing
to do costs neither Prefect nor Great Expectations (issue 14; issue 10 item 5). No timed asserts."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SAMPLES

from flows.ingest import ingest, render_artifact
from flows.summary import render_summary
from load.timing import STAGES
from load.warehouse import connect

SMALL = SAMPLES / "UNEP_GC.26_18_zh.pdf"


def test_a_data_docs_failure_leaves_the_document_loaded_and_warns(prefect_harness, tmp_path, monkeypatch):
    from expectations import runner

    def broken(*args, **kwargs):
        raise RuntimeError("injected rendering failure")

    monkeypatch.setattr(runner, "_update_docs", broken)
    warehouse = tmp_path / "wh.duckdb"
    state = ingest(paths=[str(SMALL)], warehouse=str(warehouse), return_state=True)
    summary = state.result(raise_on_failure=False)
    assert [(d.status, d.reason) for d in summary.documents] == [("loaded", None)]
    assert summary.ok
    assert len(summary.warnings) == 1 and "injected rendering failure" in summary.warnings[0]
    assert "Data Docs" in summary.warnings[0]
    assert "warning: the Data Docs" in render_summary(summary)
    con = connect(warehouse, read_only=True)
    status = con.execute("SELECT status FROM documents").fetchall()
    crashed = con.execute("SELECT count(*) FROM quality_issues WHERE \"check\" = 'audit_crashed'").fetchone()[0]
    con.close()
    assert status == [("loaded",)] and crashed == 0
    # the audit itself ran and its results are stored: a later run (or --rebuild-docs) renders them
    assert (tmp_path / "gx").is_dir()


def test_the_summary_and_the_artifact_give_seconds_per_stage(sample_warehouse):
    _, summary = sample_warehouse
    stages = summary.stages
    for name in ("extraction", "transform", "validation", "audit", "publish", "reports"):
        assert name in stages, f"{name} missing from {stages}"
    assert list(stages) == [s for s in STAGES if s in stages]  # printed in pipeline order
    assert all(seconds >= 0 for seconds in stages.values())
    line = next(ln for ln in render_summary(summary).splitlines() if ln.startswith("stages: "))
    assert all(f"{name} " in line for name in stages)
    artifact = render_artifact(summary)
    assert "| stage | seconds |" in artifact
    assert all(f"| {name} | {stages[name]:.2f} |" in artifact for name in stages)


def test_a_run_with_nothing_to_do_imports_neither_prefect_nor_gx(sample_warehouse):
    warehouse, _ = sample_warehouse
    probe = (
        "import sys; from flows.cli import main; code = main(['ingest', sys.argv[1], '--warehouse', sys.argv[2]]); "
        "heavy = [m for m in ('prefect', 'great_expectations', 'pandas') if m in sys.modules]; "
        "print('heavy:', heavy); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(SAMPLES), str(warehouse)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "heavy: []" in done.stdout
    assert "loaded 0, already loaded 4, quarantined 0" in done.stdout
    assert done.stdout.count("already loaded") >= 5  # one line per document, and the total
