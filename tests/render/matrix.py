"""Render every answer key in every layout variant once, cached by the renderer's code hash.

``python -m tests.render.matrix OUT_DIR`` writes OUT_DIR/<variant>/<stem>.pdf (used by
``make score-variants``); the tests use ``rendered()`` with a cache under .pytest_cache.
"""

from __future__ import annotations

import hashlib
import json
import sys
from concurrent.futures import Executor
from pathlib import Path

from tests.render.typeset import VARIANTS, typeset

HERE = Path(__file__).resolve().parent
EXPECTED = HERE.parent / "data" / "expected"


def code_hash() -> str:
    h = hashlib.sha256()
    for src in sorted(HERE.glob("*.py")):
        h.update(src.read_bytes())
    for key in sorted(EXPECTED.glob("*.json")):
        h.update(key.read_bytes())
    return h.hexdigest()[:16]


def rendered(cache_root: Path, pool: Executor | None = None) -> Path:
    """The directory of renderings for the current renderer code (rendered on first use, by
    ``pool``'s workers when given: each rendering is independent of the others)."""
    out = cache_root / code_hash()
    done = out / ".complete"
    if done.exists():
        return out
    jobs = []
    for variant in VARIANTS:
        vdir = out / variant.name
        vdir.mkdir(parents=True, exist_ok=True)
        for key_path in sorted(EXPECTED.glob("*.json")):
            key = json.loads(key_path.read_text(encoding="utf-8"))
            if pool is None:
                typeset(key, variant, vdir / f"{key_path.stem}.pdf")
            else:
                jobs.append(pool.submit(typeset, key, variant, vdir / f"{key_path.stem}.pdf"))
    for job in jobs:
        job.result()
    done.touch()
    return out


if __name__ == "__main__":
    print(rendered(Path(sys.argv[1] if len(sys.argv) > 1 else "build/variants")))
