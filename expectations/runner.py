"""Audit a document's staged rows before publishing (Great Expectations, pandas datasource)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def audit_document(staged: dict[str, pd.DataFrame], *, data_docs_dir: Path | None = None) -> list[dict[str, object]]:
    """Run every suite on the staged rows of one document; return issue dicts (stage 'audit').

    Placeholder until the Great Expectations suites land (issue 5): audits nothing.
    """
    return []
