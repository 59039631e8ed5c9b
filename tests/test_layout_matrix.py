"""The layout matrix (issue #11): every answer key typeset in every house layout of tests/render,
read back by the real extractor and transform, meets the bars of the original samples.

Renderings are cached in pytest's cache directory by the renderer's code hash (one render per
change of the renderer or the keys); each rendering is extracted once per session.
"""

from __future__ import annotations

import json

import pytest

from score.variants import BARS, bars_missed, score_pdf
from tests.render.html_print import HTML_VARIANTS, unavailable
from tests.render.matrix import EXPECTED, rendered
from tests.render.typeset import VARIANTS

STEMS = sorted(p.stem for p in EXPECTED.glob("*.json"))
# the HTML house layout printed by headless Chromium (tests/render/html_print.py)
CHROMIUM_VARIANTS = {v.name for v in HTML_VARIANTS}
ALL_VARIANTS = [v.name for v in VARIANTS] + sorted(CHROMIUM_VARIANTS)
# where the matrix does not reach a bar yet, the figure it does reach (measured 2026-12-01), and why:
# on pages set with a space between every two characters, notes collected at the end of a section
# are read as plain paragraphs without their marker (text side; no longer lost to tables)
SHORT = {
    ("spaced-inline-bold", "A_75_6_Sect.14_zh"): {"footnotes": 0.8},
    ("spaced-inline-bold", "UNEP_EA.4_16_zh"): {"footnotes": 0.33},
}  # fmt: skip


@pytest.fixture(scope="session")
def matrix(request):
    pytest.importorskip("reportlab")
    root = rendered(request.config.cache.mkdir("layout-matrix"))
    scores: dict[tuple[str, str], dict] = {}

    def get(variant: str, stem: str) -> dict:
        if variant in CHROMIUM_VARIANTS and unavailable():
            pytest.skip(f"{variant}: {unavailable()}")
        if (variant, stem) not in scores:
            key = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
            scores[(variant, stem)] = score_pdf(root / variant / f"{stem}.pdf", key, stem)
        return scores[(variant, stem)]

    return get


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


# tables per variant (issue #11 bars: found 100 %, body cells >= 0.995): the floors reached so far
# (measured 2026-12-01 with `python -m score --variants`), raised as the table extractor catches up.
# What still misses, by cause: running headers/footers far inside the page (the table side still
# cuts a fixed margin band, so they split tables), a caption left alone at a page foot with its
# table overleaf, header labels wrapped a character a line in narrow columns, the unnumbered post
# tables (organigrams) matched to other tables' fragments
TABLE_FLOORS = {
    ("glyphs-underline-shade", "A_75_6_Sect.14_zh"): (0.91, 0.64),
    ("hanging-bold", "A_75_6_Sect.14_zh"): (0.77, 0.77),
    ("inline-size-colour", "A_75_6_Sect.14_zh"): (0.81, 0.75),
    ("spaced-inline-bold", "A_75_6_Sect.14_zh"): (0.77, 0.77),
    ("glyphs-underline-shade", "UNEP_EA.4_16_zh"): (1.0, 1.0),
    ("hanging-bold", "UNEP_EA.4_16_zh"): (1.0, 1.0),
    ("inline-size-colour", "UNEP_EA.4_16_zh"): (0.5, 0.66),
    ("spaced-inline-bold", "UNEP_EA.4_16_zh"): (0.5, 0.66),
    # Chromium: captions left at a page foot with the table overleaf (14.15, 14.17(2)), the
    # organigram boxes, row indents in drawn grids
    ("chromium-html", "A_75_6_Sect.14_zh"): (0.7, 0.85),
    ("chromium-html", "UNEP_EA.4_16_zh"): (1.0, 1.0),
}


@pytest.mark.parametrize(("variant", "stem"), sorted(TABLE_FLOORS))
def test_tables_per_variant_reach_their_floor(matrix, variant, stem):
    """Numbered tables are found by their caption ("表 N" alone or with its title on the line, spaced
    or not) and their body cells read, at least as well as last measured."""
    figures = matrix(variant, stem)
    found, cells = TABLE_FLOORS[(variant, stem)]
    assert figures["tables"] >= found, (variant, stem, "tables found", figures["tables"])
    assert figures["cells"] >= cells, (variant, stem, "body cells", figures["cells"])
