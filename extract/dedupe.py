"""Glyphs printed twice at the same place (bold by overprint) read once, in linear time.

``pdfplumber.Page.dedupe_chars`` keeps the first glyph of every cluster of glyphs that share text,
font and size and lie within a tolerance of each other, and then puts the kept glyphs back in
page order with ``sorted(kept, key=chars.index)``: one linear search of the page's glyphs per
kept glyph, quadratic in the glyphs of the page (on a dense page most of the extraction time).
``dedupe_page`` keeps exactly the same glyphs in exactly the same order (the position a glyph
sorts by is still that of the first glyph equal to it, as ``list.index`` finds it), found through
a lookup by text and position instead of a scan.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import pdfplumber
from pdfplumber.page import FilteredPage
from pdfplumber.utils import cluster_objects

_KEY = itemgetter("upright", "text", "fontname", "size")  # pdfplumber's default extra_attrs
_POSITION = itemgetter("doctop", "x0")


def _kept(chars: list[dict[str, Any]], tolerance: float) -> Iterator[dict[str, Any]]:
    """pdfplumber's choice of glyphs (utils.dedupe_chars), before its final ordering."""
    for _, same in itertools.groupby(sorted(chars, key=_KEY), key=_KEY):
        group = list(same)
        if len(group) == 1:  # a glyph alone of its text, font and size: its own cluster (most CJK glyphs)
            yield group[0]
            continue
        for row in cluster_objects(group, itemgetter("doctop"), tolerance):
            for cluster in cluster_objects(row, itemgetter("x0"), tolerance):
                yield sorted(cluster, key=_POSITION)[0]


def dedupe_chars(chars: list[dict[str, Any]], tolerance: float = 1) -> list[dict[str, Any]]:
    """The glyphs ``pdfplumber.utils.dedupe_chars(chars, tolerance)`` returns, in its order."""
    # equal glyphs (dicts) share text and position, so the first equal one is in the same bucket
    at: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, char in enumerate(chars):
        at[(char["text"], char["doctop"], char["x0"])].append(index)

    def first_equal(char: dict[str, Any]) -> int:
        return next(i for i in at[(char["text"], char["doctop"], char["x0"])] if chars[i] == char)

    return sorted(_kept(chars, tolerance), key=first_equal)


def dedupe_page(
    page: pdfplumber.page.Page, tolerance: float = 1, deduped: list[dict[str, Any]] | None = None
) -> FilteredPage:
    """``page.dedupe_chars(tolerance=tolerance)``, in linear time (see the module's comment).
    ``deduped``: ``dedupe_chars(page.chars, tolerance)`` when the caller has it already."""
    derived = FilteredPage(page, lambda _: True)
    derived._objects = dict(page.objects)
    derived._objects["char"] = list(deduped) if deduped is not None else dedupe_chars(page.chars, tolerance)
    return derived
