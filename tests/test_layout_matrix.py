"""The layout matrix (issue #11): every answer key typeset in every house layout of tests/render,
read back by the real extractor and transform, meets the bars of the original samples.

Renderings are cached in pytest's cache directory by the renderer's code hash (one render per
change of the renderer or the keys); each rendering is extracted once per session, all of them at
the first request. Renderings and extractions run in worker processes (one per core, at most two):
they are independent and each keeps one core busy, so on the two-core machine the matrix takes
about half as long.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from score.variants import BARS, bars_missed, score_pdf
from tests.render.html_print import HTML_VARIANTS, unavailable
from tests.render.matrix import EXPECTED, rendered
from tests.render.typeset import NO_LINE_END, NO_LINE_START, VARIANTS, _cell_lines, _Writer

STEMS = sorted(p.stem for p in EXPECTED.glob("*.json"))
# the HTML house layout printed by headless Chromium (tests/render/html_print.py)
CHROMIUM_VARIANTS = {v.name for v in HTML_VARIANTS}
ALL_VARIANTS = [v.name for v in VARIANTS] + sorted(CHROMIUM_VARIANTS)
# where the matrix does not reach a bar yet, the figure it does reach and why (none left: the
# spaced layout's notes collected at the end of a section and run over onto the next page, where
# the separator is not repeated, read at 1.0 since 2026-12-02)
SHORT: dict[tuple[str, str], dict[str, float]] = {}


def _wanted(session: pytest.Session) -> list[tuple[str, str]]:
    """The (variant, stem) pairs the collected tests ask the matrix for."""
    pairs = set()
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "matrix" in getattr(item, "fixturenames", ()) and {"variant", "stem"} <= set(params):
            pairs.add((params["variant"], params["stem"]))
    return sorted(pairs)


@pytest.fixture(scope="session")
def matrix(request):
    pytest.importorskip("reportlab")
    # spawned, not forked: the test process runs the Prefect harness's threads
    pool = ProcessPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)), mp_context=get_context("spawn"))
    root = rendered(request.config.cache.mkdir("layout-matrix"), pool)
    keys = {stem: json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8")) for stem in STEMS}
    scores: dict[tuple[str, str], Future] = {}

    def submit(variant: str, stem: str) -> None:
        if (variant, stem) not in scores:
            scores[(variant, stem)] = pool.submit(score_pdf, root / variant / f"{stem}.pdf", keys[stem], stem)

    # the largest renderings first, so that the two workers end about together
    # (a Chromium variant is not rendered where Chromium or its font is missing: its tests skip)
    present = [(v, s) for v, s in _wanted(request.session) if (root / v / f"{s}.pdf").exists()]
    for variant, stem in sorted(present, key=lambda p: -(root / p[0] / f"{p[1]}.pdf").stat().st_size):
        submit(variant, stem)

    def get(variant: str, stem: str) -> dict:
        if variant in CHROMIUM_VARIANTS and unavailable():
            pytest.skip(f"{variant}: {unavailable()}")
        submit(variant, stem)
        return scores[(variant, stem)].result()

    yield get
    pool.shutdown(cancel_futures=True)


def test_the_variants_cover_the_conventions():
    """Together the variants print every convention of #11 point 1 on the text side."""
    seen = {
        "hanging numbers": any(v.numbers == "hanging" for v in VARIANTS),
        "inline numbers": any(v.numbers == "inline" for v in VARIANTS),
        "bold numbers": any(v.number_bold for v in VARIANTS),
        "plain numbers": any(not v.number_bold for v in VARIANTS),
        "list label column": any(v.list_gap == "wide" for v in VARIANTS),
        "list label and a space": any(v.list_gap == "space" for v in VARIANTS),
        "headings by weight": any(h.bold for v in VARIANTS for h in v.heads),
        "headings by 5 % size": any(1.0 < h.scale <= 1.05 for v in VARIANTS for h in v.heads),
        "headings by colour": any(h.colour and not h.bold for v in VARIANTS for h in v.heads),
        "headings by underline": any(h.underline and not h.bold for v in VARIANTS for h in v.heads),
        "headings by italics": any(h.italic and not h.bold for v in VARIANTS for h in v.heads),
        "headings by shading": any(h.shade and not h.bold for v in VARIANTS for h in v.heads),
        "notes at the page foot": any(v.footnotes == "page" for v in VARIANTS),
        "notes collected at the end": any(v.footnotes == "end" for v in VARIANTS),
        "markers raised only": any(v.marker_scale == 1.0 and v.marker_raise > 0 for v in VARIANTS),
        "markers smaller only": any(v.marker_scale < 1.0 and v.marker_raise == 0 for v in VARIANTS),
        "markers raised and smaller": any(v.marker_scale < 1.0 and v.marker_raise > 0 for v in VARIANTS),
        "running lines at several heights": len({v.header_at for v in VARIANTS}) >= 3,
        "spaced characters": any(v.spaced for v in VARIANTS),
        "two content streams": {v.producer for v in VARIANTS} == {"strings", "glyphs"},
        "a second PDF producer": any(v.producer == "chromium" for v in HTML_VARIANTS),
        "caption and title on one line": any(v.caption_inline for v in VARIANTS),
    }
    assert all(seen.values()), [k for k, ok in seen.items() if not ok]


def test_the_renderer_wraps_cells_as_word_processors_do(tmp_path):
    """Table cells break between ideographs and at spaces, never inside a figure or a Latin word
    (a figure may break at its separator space, the space staying at the end of the line); no
    closing mark starts a line and no opening mark ends one (Word's kinsoku for Chinese, UAX #14);
    only a word wider than the column is broken where it overflows. Widths in points at 10 pt:
    a digit 4.62, a space 2.07, an ideograph 10."""
    pytest.importorskip("reportlab")
    w = _Writer(tmp_path / "probe.pdf", VARIANTS[0], {})
    assert _cell_lines(w, "21 466.8", 10, 28) == ["21 ", "466.8"]
    assert _cell_lines(w, "1 038.6", 10, 28) == ["1 038.6"]
    label = _cell_lines(w, "关于适应和抵御能力的出版物(评估和工具)", 10, 140)
    assert label == ["关于适应和抵御能力的出版物", "(评估和工具)"]
    assert _cell_lines(w, "能源效率，以及减排", 10, 45) == ["能源效", "率，以及", "减排"]
    assert _cell_lines(w, "1 个 USG，1 个 ASG", 10, 50) == ["1 个 USG，", "1 个 ASG"]
    long = _cell_lines(w, "abcdefghijklmnop", 10, 28)
    assert "".join(long) == "abcdefghijklmnop" and all(w.printed(x, 10) <= 28 for x in long) and len(long) == 3
    key = "次级方案 1：按类别和次类别列示的(2019-2021 年)期间应交付产出，包括“团结”项目。"
    for width in range(30, 200, 7):
        lines = _cell_lines(w, key, 10, width)
        assert "".join(lines) == key
        assert not any(x[:1] in NO_LINE_START for x in lines[1:]) and not any(x[-1:] in NO_LINE_END for x in lines)


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("variant", ALL_VARIANTS)
def test_every_variant_meets_the_bars(matrix, variant, stem):
    figures = matrix(variant, stem)
    assert set(BARS) <= set(figures)
    short = SHORT.get((variant, stem), {})
    reached = {k: v for k, v in figures.items() if k != "detail"}
    for name, bar in short.items():
        assert figures[name] >= bar, (variant, stem, name, figures[name])
        reached[name] = None  # judged against the figure reached, above
    assert not bars_missed(reached), (variant, stem, bars_missed(reached), figures["detail"]["paragraphs"]["worst"][:3])


# tables per variant (issue #11 bars: found 100 %, body cells >= 0.995, budget lines and posts
# >= 0.99): the floors reached so far (measured 2026-12-02 with `python -m score --variants`), raised
# as the table extractor catches up. Figures: tables found, body cells, budget-line and post recall
# (None: the document has none). Every layout meets the bars; what still misses, by cause: "至14.125"
# set solid in the key where the page prints a space between ideograph and figure, and the line
# broke there (glyphs, spaced, Chromium); in 14.19 a paragraph of a cell that ends exactly at the
# cell's edge runs into the next (spaced, loose, as on the sample itself); on the loose layout two
# paragraph cells set flush right 0.55 em apart read as one column (14.8) and "5 个GS(OL)" (the key
# sets it solid, the cell spaces every other figure) wrapped there
TABLE_FLOORS = {
    ("glyphs-underline-shade", "A_75_6_Sect.14_zh"): (1.0, 0.9995, 1.0, 1.0),
    ("hanging-bold", "A_75_6_Sect.14_zh"): (1.0, 1.0, 1.0, 1.0),
    ("inline-size-colour", "A_75_6_Sect.14_zh"): (1.0, 1.0, 1.0, 1.0),
    ("spaced-inline-bold", "A_75_6_Sect.14_zh"): (1.0, 0.9995, 1.0, 1.0),
    ("glyphs-underline-shade", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
    ("hanging-bold", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
    ("inline-size-colour", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
    ("spaced-inline-bold", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
    # 12.5 pt on a 1.9 em pitch, the hanging numbers in a narrow margin, 11 narrow columns
    ("loose-12.5pt", "A_75_6_Sect.14_zh"): (1.0, 0.997, 1.0, 1.0),
    ("loose-12.5pt", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
    ("chromium-html", "A_75_6_Sect.14_zh"): (1.0, 0.999, 1.0, 1.0),
    ("chromium-html", "UNEP_EA.4_16_zh"): (1.0, 1.0, 1.0, None),
}


@pytest.mark.parametrize(("variant", "stem"), sorted(TABLE_FLOORS))
def test_tables_per_variant_reach_their_floor(matrix, variant, stem):
    """Numbered tables are found by their caption ("表 N" alone or with its title on the line, spaced
    or not, or closing the page with the table overleaf), their body cells read, and the budget
    lines and posts taken from them equal the reviewed expected facts, at least as well as last
    measured."""
    figures = matrix(variant, stem)
    for name, floor in zip(("tables", "cells", "budget", "posts"), TABLE_FLOORS[(variant, stem)], strict=True):
        if floor is None:
            assert figures[name] is None, (variant, stem, name, "no expected facts, yet scored")
        else:
            assert figures[name] is not None and figures[name] >= floor, (variant, stem, name, figures[name])
