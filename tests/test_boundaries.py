"""Package boundaries (STYLE.md): flows/ alone imports prefect, extract/ alone pdfplumber, load/
alone writes DuckDB, expectations/ alone uses Great Expectations; dependencies point one way."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["flows", "extract", "transform", "load", "expectations", "sources", "score"]
OWNER = {"prefect": {"flows"}, "prefect_dask": {"flows"}, "pdfplumber": {"extract"}, "pdfminer": {"extract"},
         "great_expectations": {"expectations"}}  # fmt: skip
# who may import whom (flows -> everything; nothing imports flows except flows)
ALLOWED = {
    "extract": {"extract"},
    "transform": {"transform", "extract"},
    "load": {"load"},
    "expectations": {"expectations", "transform", "load", "extract"},
    "sources": {"sources", "extract", "load"},  # fingerprints, and read-only "already loaded" look-ups
    "score": {"score", "extract", "transform", "load"},
    "flows": set(PACKAGES),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_third_party_owners_and_dependency_direction():
    violations = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for name in _imports(path):
                if name in OWNER and package not in OWNER[name]:
                    violations.append(f"{path.relative_to(ROOT)} imports {name}")
                if name in PACKAGES and name not in ALLOWED[package]:
                    violations.append(f"{path.relative_to(ROOT)} imports {name}")
    assert violations == []


def test_only_load_writes_duckdb():
    writers = []
    for package in PACKAGES:
        if package in ("load",):
            continue
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            opens_duckdb = "duckdb.connect(" in text
            opens_for_writing = "open_warehouse(" in text and package != "flows"  # flows hands it to load/
            if opens_duckdb or opens_for_writing:
                writers.append(str(path.relative_to(ROOT)))
    assert writers == []
