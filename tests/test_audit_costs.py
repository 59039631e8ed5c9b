"""What an audit costs Great Expectations, counted rather than timed (issue 14: audits of at most
0.2 s per document): each expectation's configuration is built once per object while a suite
runs, and GX validates only the columns a suite reads, with the same results as on the whole
audit frame. No timed asserts."""

from __future__ import annotations

import threading

import pandas as pd
import pytest
from test_expectations import BROKEN, CELL_AND_TARGET_CASES, DOC, valid_document

from expectations import runner
from load.publish import read_staged, stage_document
from load.warehouse import open_warehouse

# A validation builds an expectation object per step (its metric graph, each metric's keywords,
# its result); without the cache each object rebuilt its configuration for every keyword it
# looked up (about 100 builds per expectation run, counted on the samples).
BUILDS_PER_EXPECTATION = 20


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> dict[str, pd.DataFrame]:
    con = open_warehouse(tmp_path_factory.mktemp("staged") / "wh.duckdb")
    stage_document(con, DOC, valid_document())
    frames = read_staged(con, DOC)
    con.close()
    return frames


def _copy(staged: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {name: frame.copy() for name, frame in staged.items()}


def _cases(staged: dict[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    cases = {"valid": _copy(staged)}
    for name, (breaker, _) in {**BROKEN, **CELL_AND_TARGET_CASES}.items():
        cases[name] = _copy(staged)
        breaker(cases[name])
    return cases


def test_each_configuration_is_built_once_per_expectation_object(staged, monkeypatch):
    import great_expectations.expectations.expectation as gx_expectation

    runner.prepare_auditor()
    built = []

    class Counted(gx_expectation.ExpectationConfiguration):  # what Expectation.configuration builds
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(gx_expectation, "ExpectationConfiguration", Counted)
    frames = runner.audit_frames(staged)
    run = sum(len(runner._suites().suites[t].expectations) for t in runner.SUITES if not frames[t].empty)
    assert runner.audit_document(_copy(staged)) == []
    assert 0 < len(built) <= BUILDS_PER_EXPECTATION * run, f"{len(built)} configurations for {run} expectations"


def test_outside_a_validation_every_read_builds_a_new_configuration():
    runner.prepare_auditor()
    expectation = runner._suites().suites["documents"].expectations[0]
    assert expectation.configuration is not expectation.configuration
    with runner._configurations_built_once():
        assert expectation.configuration is expectation.configuration
        seen: list[bool] = []  # another thread's reads are not served from this validation's cache
        other = threading.Thread(target=lambda: seen.append(expectation.configuration is expectation.configuration))
        other.start()
        other.join()
        assert seen == [False]
    assert expectation.configuration is not expectation.configuration
    assert expectation.configuration == expectation.configuration  # the same content either way


def test_gx_validates_only_the_columns_each_suite_reads(staged, monkeypatch):
    from great_expectations.validator import v1_validator

    runner.prepare_auditor()
    seen: dict[str, list[str]] = {}
    init = v1_validator.Validator.__init__

    def record(self, batch_definition, result_format="SUMMARY", batch_parameters=None):
        if result_format == "BASIC":  # the stored run of a suite (failed ones run again with the whole frame)
            seen[batch_definition.data_asset.name] = list(batch_parameters["dataframe"].columns)
        init(self, batch_definition, result_format=result_format, batch_parameters=batch_parameters)

    monkeypatch.setattr(v1_validator.Validator, "__init__", record)
    runner.audit_document(_copy(staged))
    frames = runner.audit_frames(staged)
    assert set(seen) == set(runner.SUITES)
    for table, columns in seen.items():
        suite = runner._suites().suites[table]
        named = {c for e in suite.expectations for c in runner._columns(e.configuration.kwargs)}
        assert set(columns) == named & set(frames[table].columns), table
        assert len(columns) < len(frames[table].columns), table  # every audit frame has columns no check reads


def test_the_columns_read_give_the_results_of_the_whole_frame(staged):
    """Each suite on its columns and on the whole audit frame, for the valid document and every
    broken one of tests/test_expectations.py (the suites whose frame the break changes): the
    same outcome, statistics and observed results."""
    from great_expectations.validator.v1_validator import Validator

    built = runner._suites()
    parameters = {"page_count": 12}
    valid = runner.audit_frames(staged)
    for name, case in _cases(staged).items():
        for table, frame in runner.audit_frames(case).items():
            if name != "valid" and frame.equals(valid[table]):
                continue
            suite, batch = built.suites[table], built.batches[table]
            results = []
            for data in (frame, runner._read_by_suite(frame, built.columns[table])):
                validator = Validator(batch, result_format="BASIC", batch_parameters={"dataframe": data})
                results.append(validator.validate_expectation_suite(suite, parameters))
            whole, read = results
            assert read.success == whole.success and read.statistics == whole.statistics, (name, table)
            assert [(r.success, r.result) for r in read.results] == [(r.success, r.result) for r in whole.results]


def test_a_suite_that_reads_the_whole_table_gets_every_column():
    import great_expectations as gx

    runner.prepare_auditor()
    suite = gx.ExpectationSuite(name="whole")
    suite.expectations.append(gx.expectations.ExpectTableColumnsToMatchSet(column_set=["a", "b"]))
    suite.expectations.append(gx.expectations.ExpectColumnValuesToNotBeNull(column="a"))
    assert runner._columns_read(suite) is None
    frame = pd.DataFrame({"a": [1], "b": [2]})
    assert runner._read_by_suite(frame, None) is frame
    counted = gx.ExpectationSuite(name="counted")
    counted.expectations.append(gx.expectations.ExpectTableRowCountToEqual(value=1))
    counted.expectations.append(gx.expectations.ExpectColumnValuesToNotBeNull(column="b"))
    assert runner._columns_read(counted) == ("b",)
    assert list(runner._read_by_suite(frame, ("b",)).columns) == ["b"]
