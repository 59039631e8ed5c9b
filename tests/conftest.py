"""Shared fixtures: one Prefect test harness, one ingest of the samples and one extraction of each
sample per test session (the ingest collects the same extractions)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture(scope="session", autouse=True)
def extraction_cache(tmp_path_factory):
    """One extraction cache (UNWH_CACHE_DIR) for the session, new each session: every run of the
    flow that names no cache of its own, in this process or a `unwh` child of it, finds each sample
    already extracted once the sample warehouse holds it, and no run reads a cache of an earlier
    session (nor the developer's $PREFECT_HOME/unwh-cache)."""
    path = tmp_path_factory.mktemp("extraction-cache")
    before = os.environ.get("UNWH_CACHE_DIR")
    os.environ["UNWH_CACHE_DIR"] = str(path)
    yield path
    if before is None:
        os.environ.pop("UNWH_CACHE_DIR", None)
    else:
        os.environ["UNWH_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API (≈ 10 s once per session) for the tests that run flows."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def sample_warehouse(prefect_harness, tmp_path_factory):
    """The four samples ingested once by the real flow into a DuckDB file shared by read-only tests.

    The flow's extract tasks collect each sample's session extraction (``sample_extraction``,
    shared with the text and table tests) instead of parsing it again in a sandbox; the sandbox
    path itself is run by the other ingest tests. Returns (path to the warehouse, the run's summary)."""
    from extract.fingerprint import fingerprint_file
    from flows.ingest import ingest
    from flows.prefetch import extraction_cache_key, offered
    from flows.settings import Settings
    from sources.paths import discover_pdfs

    path = tmp_path_factory.mktemp("warehouse") / "un_reports.duckdb"
    settings = Settings.from_env(warehouse=path)
    sources = [fingerprint_file(pdf) for pdf in discover_pdfs([str(SAMPLES)]).files]  # as the flow finds them
    # a sample an earlier test of the session ingested is served from the task cache instead
    cached = {s.path for s in sources if (settings.cache_dir / extraction_cache_key(s, settings)).is_file()}
    with offered(settings, [(s, sample_extraction(Path(s.path).stem)[0]) for s in sources]) as shared:
        state = ingest(paths=[str(SAMPLES)], warehouse=str(path), return_state=True)
        extracted_again = set(shared.pending()) - cached
        assert not extracted_again, f"the flow extracted these again instead of collecting them: {extracted_again}"
    summary = state.result(raise_on_failure=False)
    assert not isinstance(summary, BaseException), f"the sample ingest failed: {summary!r}"
    return path, summary


@pytest.fixture()
def warehouse_ro(sample_warehouse):
    """A read-only connection to the shared sample warehouse (as an analyst opens it)."""
    from load.warehouse import connect

    con = connect(sample_warehouse[0], read_only=True)
    yield con
    con.close()


@cache
def sample_extraction(stem: str):
    """``extract_document`` of ``samples/<stem>.pdf`` with the default settings, once per test
    session, with the table fragments its pages gave (before stitching): (Extraction, fragments).
    The text, table and warehouse tests share it, so each sample is parsed once."""
    from extract import tables
    from extract.document import extract_document

    original = tables.extract_page_tables
    fragments = []

    def recording(page, number, *args, **kwargs):
        found = list(original(page, number, *args, **kwargs))
        fragments.extend(found)
        return found

    tables.extract_page_tables = recording  # extract.document looks it up on every call
    try:
        extraction = extract_document(SAMPLES / f"{stem}.pdf")
    finally:
        tables.extract_page_tables = original
    return extraction, fragments


def pytest_collection_modifyitems(config, items):
    """`stress` tests run only when asked for (`make stress`: ``-m stress``)."""
    if "stress" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="long fault run: `make stress`")
    for item in items:
        if "stress" in item.keywords:
            item.add_marker(skip)
