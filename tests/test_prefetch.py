"""Extraction started before the flow (flows/prefetch.py, issue 14): the flow's extract tasks
collect it, nothing is extracted twice, what the run does not collect is stopped."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SAMPLES

from extract.exceptions import ExtractCancelled
from extract.fingerprint import fingerprint_file
from extract.sandbox import Limits
from flows import prefetch
from flows.ingest import ingest
from flows.prefetch import EarlyExtractions, early_extraction, extraction_cache_key
from flows.settings import Settings
from load.warehouse import connect

SMALL = SAMPLES / "UNEP_GC.26_18_zh.pdf"
LONG = SAMPLES / "A_75_6_Sect.14_zh.pdf"


def test_the_flow_collects_the_extraction_started_early_and_extracts_nothing_again(
    prefect_harness, tmp_path, monkeypatch
):
    calls = []
    real = prefetch.extract_isolated

    def counting(path, settings, limits, stop=None):
        calls.append("early" if stop is not None else "in the task")
        return real(path, settings, limits, stop=stop)

    monkeypatch.setattr(prefetch, "extract_isolated", counting)
    warehouse = tmp_path / "wh.duckdb"
    settings = Settings.from_env(warehouse=warehouse, cache_dir=tmp_path / "cache")
    monkeypatch.setenv("UNWH_CACHE_DIR", str(tmp_path / "cache"))
    with early_extraction([fingerprint_file(SMALL)], settings) as early:
        state = ingest(paths=[str(SMALL)], warehouse=str(warehouse), return_state=True)
        assert early is not None and early.pending() == []
    summary = state.result(raise_on_failure=False)
    assert [d.status for d in summary.documents] == ["loaded"]
    assert calls == ["early"]
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM paragraphs").fetchone()[0] > 0
    con.close()


def test_an_extraction_the_run_did_not_collect_is_stopped(tmp_path):
    settings = Settings.from_env(cache_dir=tmp_path / "cache")
    source = fingerprint_file(LONG)
    early = EarlyExtractions(settings)
    assert early.start([source]) == [source]
    job = early.take(source, settings)
    early.close()  # the run ended before the job finished: its sandbox is killed
    with pytest.raises(ExtractCancelled) as stopped:
        job.result()
    assert stopped.value.terminal is False  # never the document's fault


def test_a_document_in_the_task_cache_is_not_extracted_early(tmp_path):
    settings = Settings.from_env(cache_dir=tmp_path / "cache")
    source = fingerprint_file(SMALL)
    settings.cache_dir.mkdir()
    (settings.cache_dir / extraction_cache_key(source, settings)).write_bytes(b"{}")
    early = EarlyExtractions(settings)
    try:
        assert early.start([source]) == []
        assert early.take(source, settings) is None
    finally:
        early.close()


def test_a_task_with_other_limits_does_not_collect_it(tmp_path):
    settings = Settings.from_env(cache_dir=tmp_path / "cache")
    source = fingerprint_file(SMALL)
    early = EarlyExtractions(settings)
    try:
        early.start([source])
        other = dataclasses.replace(settings, limits=Limits(timeout_s=1.0))
        assert early.take(source, other) is None  # a tighter limit must not be served a result made without it
        assert early.take(source, settings) is not None
    finally:
        early.close()
