"""Audits do not reuse what they audit: the amount audit reads cell text with its own minimal
parser, and no Great Expectations suite restates a check its table's pandera contract already
makes (a rule lives in one place: pandera for one frame, GX for what needs more than one)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from expectations.printed import printed_decimals, printed_number, unit_scale
from expectations.runner import SUITES, suite_module
from transform import schemas

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "value"),
    [("21 466.8", 21466.8), ("1,038.6", 1038.6), ("(4.5)", -4.5), ("-12", -12.0), ("—", None), ("", None),
     ("1.2.3", None), ("12 个", None), ("190.962", 190.962)],
)  # fmt: skip
def test_the_audits_own_number_reading(text, value):
    assert printed_number(text) == value


def test_the_audits_own_unit_and_digit_reading():
    assert unit_scale("(千美元/员额数目)") == 1e3 and unit_scale("（百万美元）") == 1e6
    assert unit_scale("(百分比)") is None
    assert printed_decimals("21 466.8") == 1 and printed_decimals("245") == 0


def test_the_amount_audit_does_not_import_the_parser_it_audits():
    tree = ast.parse((ROOT / "expectations" / "budget_lines.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "transform.amounts" not in modules


def _model(table: str):
    name = "".join(part.capitalize() for part in table.split("_"))
    return getattr(schemas, name, None)


def _restated(expectation, model) -> str | None:
    """A description of the pandera check this expectation restates, or None."""
    columns = model.to_schema().columns
    column = getattr(expectation, "column", None)
    if column not in columns:
        return None
    spec = columns[column]
    kind = type(expectation).__name__
    checks = {check.name: check.statistics for check in spec.checks}
    if kind == "ExpectColumnValuesToBeInSet" and set(expectation.value_set) == set(
        checks.get("isin", {}).get("allowed_values", [None])
    ):
        return f"isin on {column}"
    if kind == "ExpectColumnValuesToNotBeNull" and not spec.nullable:
        return f"nullable=False on {column}"
    if kind == "ExpectColumnValuesToBeUnique" and spec.unique:
        return f"unique on {column}"
    if kind == "ExpectColumnValuesToBeBetween":
        bounds = (expectation.min_value, expectation.max_value)
        for name, stats in checks.items():
            if (name, bounds) in (("greater_than_or_equal_to", (stats.get("min_value"), None)),
                                  ("in_range", (stats.get("min_value"), stats.get("max_value")))):  # fmt: skip
                return f"{name} on {column}"
    return None


@pytest.mark.parametrize("table", SUITES)
def test_no_expectation_restates_a_pandera_check(table):
    model = _model(table)
    if model is None:
        pytest.skip(f"{table} has no pandera contract")
    restated = [(type(e).__name__, r) for e in suite_module(table).expectations() if (r := _restated(e, model))]
    assert restated == []
