"""Audit a document's staged rows before publishing: one Great Expectations suite per published
table (``expectations/<table>.py``), run on pandas frames; every failed expectation becomes a
quality issue. The validation results are stored as each document is audited; their Data Docs
pages are rendered later, once per ingest run and after publishing (``render_data_docs``), so a
rendering failure can never fail a document. ``read_docs_site`` gives the latest stored audit of
each document (for ``expectations/overview.py``)."""

from __future__ import annotations

import importlib
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from expectations.common import MAX_COUNT, document_page_count
from load.warehouse import PUBLISHED_TABLES

SUITES: tuple[str, ...] = PUBLISHED_TABLES  # one suite per published table, named like it
DATASOURCE = "staging"
SITE = "local_site"
DETAIL_FORMAT = {"result_format": "COMPLETE", "partial_unexpected_count": 5}
INDEX_RESULTS = 240  # validation runs the Data Docs index lists (12 suites x 20 documents)
SAMPLES = 3  # unexpected rows quoted in an issue's detail

_LOCK = threading.Lock()  # a GX context is not thread-safe; the load task may run in threads
_AUDITORS: dict[Path | None, _Auditor] = {}
_RUN_DOCUMENT = re.compile(r"_([0-9a-f]{12})$")  # an audit run is named "<symbol>_<document id[:12]>"
# An expectation's configuration, built once per expectation object while a validation runs
# (``_configurations_built_once``): id -> (the object, kept alive so its id is not reused; its configuration)
_CONFIGURATIONS: ContextVar[dict[int, tuple[Any, Any]] | None] = ContextVar("unwh_gx_configurations", default=None)


def suite_module(table: str) -> ModuleType:
    """The module that defines the suite of ``table`` (``expectations/<table>.py``)."""
    return importlib.import_module(f"expectations.{table}")


def build_suite(table: str) -> Any:
    import great_expectations as gx

    module = suite_module(table)
    suite = gx.ExpectationSuite(name=table, meta={"notes": (module.__doc__ or "").strip()})
    for expectation in module.expectations():
        suite.add_expectation(expectation)
    return suite


@dataclass(frozen=True, slots=True)
class _Suites:
    """The suites as expectations/*.py define them, and the whole-dataframe batch each one
    validates, in an in-memory context: built once per process, saved nowhere, so building
    them (while the documents extract) never touches a folder another run is using."""

    context: Any
    batches: dict[str, Any]  # table -> batch definition (a whole pandas frame)
    suites: dict[str, Any]  # table -> ExpectationSuite
    columns: dict[str, tuple[str, ...] | None]  # table -> the columns its suite reads (None: every column)


_BUILT: list[_Suites] = []  # the process's suites, once built


@dataclass(slots=True)
class _Auditor:
    """Where one data-docs directory's audits go: the file context that stores their results
    (None: no Data Docs, results are not kept)."""

    context: Any  # the file context (None: no Data Docs)
    docs_dir: Path | None
    scores: dict[tuple[str, ...], tuple[str, int, int]] = field(default_factory=dict)  # stored results, read once
    pending: list[Any] = field(default_factory=list)  # validation results whose pages are not rendered yet
    suite_pages_due: bool = True  # the suite pages: rendered once per process, as the code defines them


def _suites() -> _Suites:
    """The process's suites and batches (call under ``_LOCK``)."""
    if _BUILT:
        return _BUILT[0]
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _cache_configurations()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_or_update_pandas(DATASOURCE)
    batches = {table: source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("document")
               for table in SUITES}  # fmt: skip
    suites = {table: build_suite(table) for table in SUITES}
    columns = {table: _columns_read(suite) for table, suite in suites.items()}
    _BUILT.append(_Suites(context=context, batches=batches, suites=suites, columns=columns))
    return _BUILT[0]


# expectations that read no column, only the number of rows (a frame of fewer columns has as many)
ROW_COUNT_EXPECTATIONS = frozenset({"expect_table_row_count_to_equal", "expect_table_row_count_to_be_between"})


def _columns_read(suite: Any) -> tuple[str, ...] | None:
    """The columns ``suite``'s expectations name (``column``, ``column_A``/``column_B``,
    ``column_list``), or None when one of them reads the table as a whole (its columns, say)."""
    named: dict[str, None] = {}
    for expectation in suite.expectations:
        config = expectation.configuration
        columns = _columns(config.kwargs)
        if not columns and config.type not in ROW_COUNT_EXPECTATIONS:
            return None
        named.update(dict.fromkeys(columns))
    return tuple(named)


def _read_by_suite(frame: pd.DataFrame, columns: tuple[str, ...] | None) -> pd.DataFrame:
    """The columns of ``frame`` its suite reads, same rows and index: what Great Expectations
    validates. The audit frames carry every staged column and the derived ones; per metric, GX
    filters the whole batch (``dropna`` over its rows for a column pair's missing values) and
    fingerprints it once, so a frame of only the columns read costs less for the same results.
    A column the suite names but the frame lacks stays missing, as GX must report it."""
    if columns is None:
        return frame
    wanted = set(columns)
    return frame[[c for c in frame.columns if c in wanted]]


def _cache_configurations() -> None:
    """Let ``Expectation.configuration`` build each object's configuration once while
    ``_configurations_built_once`` is active in the calling thread; everywhere else it builds a
    new one per call, as Great Expectations does.

    GX's validator reads an expectation's configuration about 70 times per validation (every
    domain, success and runtime keyword is looked up through a fresh ``ExpectationConfiguration``
    built from the pydantic model's ``dict()``): about a quarter of an audit's time. Within one
    validation the expectation objects are not changed (the validator builds its own from the
    suite's configurations), so one configuration per object gives the same results; the cache
    lives in a context variable, so another thread's GX calls are never served from it, and it
    holds no entry on the objects themselves (their ``dict()``, hence their serialisation, is
    untouched)."""
    from great_expectations.expectations.expectation import Expectation

    build = Expectation.configuration.fget  # type: ignore[attr-defined]  # a property of the class
    if getattr(build, "__wrapped__", None) is not None:
        return

    def configuration(self: Any) -> Any:
        cache = _CONFIGURATIONS.get()
        if cache is None:
            return build(self)
        hit = cache.get(id(self))
        if hit is None or hit[0] is not self:
            hit = cache[id(self)] = (self, build(self))
        return hit[1]

    configuration.__wrapped__ = build  # type: ignore[attr-defined]
    configuration.__doc__ = build.__doc__
    Expectation.configuration = property(configuration)  # type: ignore[method-assign,assignment]


@contextmanager
def _configurations_built_once() -> Iterator[None]:
    """Within the block, each expectation object's configuration is built once (``_cache_configurations``)."""
    token = _CONFIGURATIONS.set({})
    try:
        yield
    finally:
        _CONFIGURATIONS.reset(token)


def _configure_site(context: Any, data_docs_dir: Path) -> None:
    """Point the file context's ``local_site`` at ``data_docs_dir`` (absolute path)."""
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "validation_results_limit": INDEX_RESULTS},
    }
    sites = context.get_config().data_docs_sites or {}
    if sites.get(SITE) != site:
        if SITE in sites:
            context.update_data_docs_site(SITE, site)
        else:
            context.add_data_docs_site(SITE, site)


def _auditor(data_docs_dir: Path | None) -> _Auditor:
    """The cached auditor for ``data_docs_dir``: a file context in ``gx/`` beside it (so
    warehouse/quality -> warehouse/gx) that stores the validation results and renders their
    pages, or none when no Data Docs are wanted (call under ``_LOCK``)."""
    key = data_docs_dir.resolve() if data_docs_dir else None
    if key in _AUDITORS:
        return _AUDITORS[key]
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    context = None
    if key is not None:
        key.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(key.parent))
        _configure_site(context, key)
    auditor = _Auditor(context=context, docs_dir=key, suite_pages_due=key is not None)
    _AUDITORS[key] = auditor
    return auditor


def _save_suites(auditor: _Auditor) -> None:
    """Store the suites as the code defines them in the auditor's file context (the suite pages
    and the index are rendered from the store): when its pages are rendered, so the stored JSON
    never drifts from expectations/*.py."""
    for table in SUITES:
        auditor.context.suites.add_or_update(build_suite(table))


def prepare_auditor(data_docs_dir: Path | None = None) -> None:
    """Import Great Expectations and build the suites now, so that the first audit does not wait
    for them (the ingest flow calls this in a thread while the documents are extracted in their
    worker processes). Nothing is written: the file context that stores the results is opened
    by the first audit, under the writer lock."""
    with _LOCK:
        _suites()


def audit_frames(staged: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frame each suite validates: the table's staged rows plus derived columns (lookups
    into other tables, merge indicators, cross-table totals). Plain pandas, no GX."""
    return {table: suite_module(table).audit_frame(staged) for table in SUITES}


def audit_document(staged: dict[str, pd.DataFrame], *, data_docs_dir: Path | None = None) -> list[dict[str, object]]:
    """Run every suite on the staged rows of one document; return one issue per failed
    expectation (stage ``audit``; severity ``error`` quarantines the document). With
    ``data_docs_dir`` the results are stored in the context beside it, and their Data Docs pages
    are rendered by the next ``render_data_docs`` of that directory (once per run, after publishing).

    A suite whose table has no staged rows is not run (nothing to audit; ``documents`` always
    runs). Suites run with the cheap BASIC result format (that is what Data Docs show); only
    the expectations that failed run again with COMPLETE results, to name the failing rows."""
    frames = audit_frames(staged)
    documents = staged.get("documents")
    document_id = _first(documents, "document_id") or _first_any(staged, "document_id") or "?"
    symbol = _first(documents, "symbol")
    parameters = {"page_count": document_page_count(staged) or MAX_COUNT}
    with _LOCK:
        built = _suites()
        auditor = _auditor(Path(data_docs_dir) if data_docs_dir else None)
        from great_expectations.core.run_identifier import RunIdentifier

        run_id = RunIdentifier(run_name=audit_run_name(symbol, document_id), run_time=datetime.now(UTC))
        issues: list[dict[str, object]] = []
        for table in SUITES:
            frame = frames[table]
            if frame.empty and table != "documents":
                continue
            batch, suite = built.batches[table], built.suites[table]
            result = _validate(auditor, batch, suite, _read_by_suite(frame, built.columns[table]), parameters, run_id)
            if not result.success:
                failed = _explain(batch, suite, result, frame, parameters)
                issues.extend(_issues(table, failed, frame, document_id, symbol))
    return issues


def _validate(
    auditor: _Auditor, batch: Any, suite: Any, frame: pd.DataFrame, parameters: dict[str, Any], run_id: Any
) -> Any:
    """One suite on one frame, its result stored for the Data Docs (file contexts only): what
    ``ValidationDefinition.run`` does, without a validation definition. A definition is saved in
    the file context with its suite and batch, and read back from there before each run (its
    freshness checks: about a sixth of an audit's time) to refuse a suite edited in the store
    since; these suites are the code's (``_suites``), never read from the store, and saving them
    per run would write files a concurrent run reads."""
    from great_expectations.constants import DATAFRAME_REPLACEMENT_STR
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(batch_definition=batch, batch_parameters={"dataframe": frame}, result_format="BASIC")
    with _configurations_built_once():
        result = validator.validate_expectation_suite(suite, parameters)
    # the meta ValidationDefinition.run records (the Data Docs page shows the run and the batch)
    meta: Any = result.meta  # GX types it as a TypedDict without these keys; run() sets them too
    meta.update(
        validation_id=None,
        checkpoint_id=None,
        run_id=run_id,
        validation_time=run_id.run_time,
        batch_parameters={"dataframe": DATAFRAME_REPLACEMENT_STR},
    )
    if auditor.docs_dir is not None:
        suite_key = ExpectationSuiteIdentifier(name=suite.name)
        auditor.context.validation_results_store.store_validation_results(
            suite_validation_result=result,
            suite_validation_result_identifier=ValidationResultIdentifier(
                batch_identifier=validator.active_batch_id, expectation_suite_identifier=suite_key, run_id=run_id
            ),
            expectation_suite_identifier=suite_key,
        )
        auditor.pending.append(result)
    return result


def audit_run_name(symbol: str | None, document_id: str) -> str:
    """The name of a document's audit runs (a path part of the Data Docs): the symbol and the
    first 12 characters of the document id, e.g. ``A_75_6_(Sect._14)_18c26b90a7ac``."""
    return re.sub(r"[^\w.()-]+", "_", f"{symbol or 'document'} {document_id[:12]}")


def document_of_run(run_name: str) -> str | None:
    """The first 12 characters of the document id an audit run was named after (None: not an audit run)."""
    match = _RUN_DOCUMENT.search(run_name)
    return match.group(1) if match else None


def build_data_docs(data_docs_dir: Path) -> Path:
    """(Re)build the whole Data Docs site in ``data_docs_dir``; return its index.html, which
    lists every suite and the latest validation runs."""
    with _LOCK:
        auditor = _auditor(Path(data_docs_dir))
        _save_suites(auditor)
        auditor.context.build_data_docs(site_names=[SITE])
        auditor.pending.clear()
        auditor.suite_pages_due = False
    return _index(auditor)


def render_data_docs(data_docs_dir: Path) -> Path | None:
    """Render the Data Docs pages of the audits run in this process since the last call (and the
    suite pages, once per process) and the index, in one build. None when there was nothing to
    render. Called once per ingest run, after publishing: a failure here is a report's, never a
    document's (the results stay stored; the next call, or `unwh quality --rebuild-docs`, renders
    them)."""
    key = Path(data_docs_dir).resolve()
    with _LOCK:
        auditor = _AUDITORS.get(key)
        if auditor is None or not (auditor.pending or auditor.suite_pages_due):
            return None
        _update_docs(auditor, auditor.pending, suites=auditor.suite_pages_due)
        auditor.pending.clear()
        auditor.suite_pages_due = False
    return _index(auditor)


def _update_docs(auditor: _Auditor, results: list[Any], *, suites: bool = False) -> Path:
    """Render this run's validation pages (and the suite pages) and the index, in one build:
    one Jinja environment for all pages (a checkpoint's UpdateDataDocsAction builds the site
    once per validation result, ~0.8 s each)."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    if suites or not results:
        _save_suites(auditor)
    identifiers: list[Any] = [ExpectationSuiteIdentifier(name=t) for t in SUITES] if suites or not results else []
    for result in results:
        identifiers.append(
            ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=result.suite_name),
                run_id=result.meta["run_id"],
                batch_identifier=result.batch_id,
            )
        )
    auditor.context.build_data_docs(site_names=[SITE], resource_identifiers=identifiers)
    return _index(auditor)


def _index(auditor: _Auditor) -> Path:
    index = auditor.docs_dir / "index.html" if auditor.docs_dir else None
    if index is None or not index.is_file():
        raise FileNotFoundError(f"{index}: Great Expectations did not write the Data Docs index")
    return index


# --- stored audits, as the overview page shows them --------------------------------------------


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """One suite's stored result in a document's audit."""

    suite: str
    run_time: datetime
    outcome: str  # passed | warnings (only soft checks failed) | failed
    passed: int  # expectations that held
    evaluated: int  # expectations run
    page: str | None  # its validation page, relative to the Data Docs folder (None: not built)


@dataclass(frozen=True, slots=True)
class DocsSite:
    """What the Data Docs folder holds: the suite pages and the latest audit of each document."""

    directory: Path
    suite_pages: dict[str, str]  # suite -> page relative to ``directory`` (only pages that exist)
    audits: dict[str, list[SuiteRun]]  # document id[:12] -> the suites its latest audit ran, in SUITES order


def read_docs_site(data_docs_dir: Path) -> DocsSite:
    """The suite pages and, for every document audited into ``data_docs_dir``, the suite results
    of its latest audit (from the validation results stored in ``gx/`` beside it)."""
    with _LOCK:
        auditor = _auditor(Path(data_docs_dir))
        store = auditor.context.validation_results_store
        runs: dict[tuple[str, datetime, str], list[Any]] = defaultdict(list)
        for key in store.list_keys():
            prefix = document_of_run(key.run_id.run_name)
            if prefix is not None and key.expectation_suite_identifier.name in SUITES:
                runs[(prefix, key.run_id.run_time, key.run_id.run_name)].append(key)
        latest: dict[str, tuple[str, datetime, str]] = {}
        for run in runs:
            if run[0] not in latest or run[1:] > latest[run[0]][1:]:
                latest[run[0]] = run
        audits = {}
        for prefix, run in latest.items():
            keys = sorted(runs[run], key=lambda k: SUITES.index(k.expectation_suite_identifier.name))
            audits[prefix] = [_suite_run(auditor, store, key) for key in keys]
    directory = Path(data_docs_dir).resolve()  # the auditor's docs_dir
    pages = {suite: f"expectations/{suite}.html" for suite in SUITES}
    return DocsSite(
        directory=directory,
        suite_pages={suite: page for suite, page in pages.items() if (directory / page).is_file()},
        audits=audits,
    )


def _suite_run(auditor: _Auditor, store: Any, key: Any) -> SuiteRun:
    parts = key.to_tuple()  # (suite, run name, run time, batch): the site's validations/ layout
    if parts not in auditor.scores:  # a stored result never changes
        result = store.get(key)
        failed = [r for r in result.results if not r.success]
        if not failed:
            outcome = "passed"
        elif all(_severity(r.expectation_config) == "warning" for r in failed):
            outcome = "warnings"
        else:
            outcome = "failed"
        stats = result.statistics
        auditor.scores[parts] = (outcome, int(stats["successful_expectations"]), int(stats["evaluated_expectations"]))
    outcome, passed, evaluated = auditor.scores[parts]
    page = "/".join(("validations", *parts)) + ".html"
    return SuiteRun(
        suite=key.expectation_suite_identifier.name,
        run_time=key.run_id.run_time,
        outcome=outcome,
        passed=passed,
        evaluated=evaluated,
        page=page if auditor.docs_dir is not None and (auditor.docs_dir / page).is_file() else None,
    )


# --- failed expectations -> quality issues -----------------------------------------------------


def _explain(batch: Any, suite: Any, result: Any, frame: pd.DataFrame, parameters: dict[str, Any]) -> list[Any]:
    """The failed expectations of ``result`` validated again, alone, with COMPLETE results
    (every unexpected row's index). Not stored: the BASIC result is the record."""
    from great_expectations.validator.v1_validator import Validator

    failed = {r.expectation_config.id for r in result.results if not r.success}
    validator = Validator(
        batch_definition=batch,
        result_format=DETAIL_FORMAT,
        batch_parameters={"dataframe": frame},
    )
    with _configurations_built_once():
        return [validator.validate_expectation(e, parameters) for e in suite.expectations if e.id in failed]


def _issues(
    table: str, results: list[Any], frame: pd.DataFrame, document_id: str, symbol: str | None
) -> list[dict[str, object]]:
    module = suite_module(table)
    issues = []
    for result in results:
        if result.success:
            continue
        config = result.expectation_config
        kwargs = config.kwargs
        columns = _columns(kwargs)
        rows = _unexpected_rows(result.result or {}, frame)
        severity = _severity(config)
        issues.append(
            {
                "stage": "audit",
                "check": ".".join([table, config.type, *([",".join(columns)] if columns else [])]),
                "severity": severity,
                "table_key": _localised(rows, "table_key"),
                "page": _localised(rows, "page"),
                "detail": _detail(table, config, result, rows, module.KEY, columns, document_id, symbol),
            }
        )
    return issues


def _severity(config: Any) -> str:
    """``warning`` for a soft check, else ``error`` (what a failure of the expectation means)."""
    level = getattr(config, "severity", None)
    return "warning" if getattr(level, "value", level) == "warning" else "error"


def _columns(kwargs: Mapping[str, Any]) -> list[str]:
    if kwargs.get("column"):
        return [kwargs["column"]]
    if kwargs.get("column_A"):
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list") or [])


def _unexpected_rows(result: Mapping[str, Any], frame: pd.DataFrame) -> pd.DataFrame:
    index = result.get("unexpected_index_list")
    if not index or frame.empty:
        return frame.iloc[0:0]
    if isinstance(index[0], dict):  # when GX reports index columns instead of positions
        return frame.iloc[0:0]
    return frame.loc[[i for i in index if i in frame.index]]


def _localised(rows: pd.DataFrame, column: str) -> object:
    """The value every unexpected row shares in ``column`` (None when they differ or lack it)."""
    if rows.empty or column not in rows.columns:
        return None
    values = rows[column].dropna().unique()
    if len(values) != 1 or rows[column].isna().any():
        return None
    value = values[0]
    return int(value) if column == "page" else str(value)


def _describe(config: Any) -> str:
    if config.description:
        return str(config.description)
    kwargs = config.kwargs
    words = config.type.removeprefix("expect_").replace("_", " ")
    shown = {
        k: v
        for k, v in kwargs.items()
        if k in ("value_set", "min_value", "max_value", "regex", "value", "or_equal") and v is not None
    }
    return words + (f" ({', '.join(f'{k}={v}' for k, v in shown.items())})" if shown else "")


def _detail(
    table: str,
    config: Any,
    result: Any,
    rows: pd.DataFrame,
    key: tuple[str, ...],
    columns: list[str],
    document_id: str,
    symbol: str | None,
) -> str:
    info = result.result or {}
    where = f"document {document_id[:12]}" + (f" ({symbol})" if symbol else "")
    head = f"{where}: audit {table}" + (f" column {', '.join(columns)}" if columns else "") + f": {_describe(config)}"
    if result.exception_info and result.exception_info.get("raised_exception"):
        return f"{head}: the expectation could not run: {result.exception_info.get('exception_message')}"
    if "unexpected_count" in info:
        head += f"; {info['unexpected_count']} of {info.get('element_count')} rows unexpected"
    elif "observed_value" in info:
        head += f"; observed {info['observed_value']!r}"
    samples = []
    shown = [c for c in (*key, *columns, "page") if c in rows.columns]
    for _, row in rows.head(SAMPLES).iterrows():
        samples.append(", ".join(f"{c}={_show(row[c])}" for c in dict.fromkeys(shown)))
    if not samples and info.get("partial_unexpected_list"):
        samples = [repr(v) for v in info["partial_unexpected_list"][:SAMPLES]]
    return head + (f"; e.g. {' | '.join(samples)}" if samples else "")


def _show(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "NULL"
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _first(frame: pd.DataFrame | None, column: str) -> str | None:
    if frame is None or frame.empty or column not in frame.columns or pd.isna(frame[column].iloc[0]):
        return None
    return str(frame[column].iloc[0])


def _first_any(staged: Mapping[str, pd.DataFrame], column: str) -> str | None:
    for frame in staged.values():
        found = _first(frame, column)
        if found:
            return found
    return None
