"""Answer keys for tests: the conversions live in score.answer_keys (also used by `make score`)."""

from __future__ import annotations

from score.answer_keys import EXPECTED, ROOT, SAMPLES, column_labels, load_key, tables_of

__all__ = ["EXPECTED", "ROOT", "SAMPLES", "column_labels", "load_key", "tables_of"]
