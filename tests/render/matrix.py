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

from tests.render.html_print import HTML_VARIANTS, print_pdfs, unavailable
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


def _keys() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXPECTED.glob("*.json"))}


def rendered(cache_root: Path, pool: Executor | None = None) -> Path:
    """The directory of renderings for the current renderer code (rendered on first use, the
    reportlab ones by ``pool``'s workers when given: each rendering is independent of the others).

    Each variant's directory is complete once its marker file exists; the Chromium variants are
    left out (no directory) where Chromium or the CJK font is missing (``html_print.unavailable``).
    """
    out = cache_root / code_hash()
    keys = _keys()
    jobs = []
    for variant in VARIANTS:
        vdir = out / variant.name
        if (out / f".complete-{variant.name}").exists():
            continue
        vdir.mkdir(parents=True, exist_ok=True)
        for stem, key in keys.items():
            if pool is None:
                typeset(key, variant, vdir / f"{stem}.pdf")
            else:
                jobs.append((variant, pool.submit(typeset, key, variant, vdir / f"{stem}.pdf")))
        if pool is None:
            (out / f".complete-{variant.name}").touch()
    for job in [j for _, j in jobs]:
        job.result()
    for variant in {v.name for v, _ in jobs}:
        (out / f".complete-{variant}").touch()
    if unavailable() is None:
        for hvariant in HTML_VARIANTS:
            if (out / f".complete-{hvariant.name}").exists():
                continue
            print_pdfs(keys, hvariant, out / hvariant.name)
            (out / f".complete-{hvariant.name}").touch()
    return out


if __name__ == "__main__":
    print(rendered(Path(sys.argv[1] if len(sys.argv) > 1 else "build/variants")))
