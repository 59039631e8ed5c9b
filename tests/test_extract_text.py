"""Acceptance of text extraction (extract.document) on the four sample PDFs against their answer keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from conftest import sample_extraction

from extract.document import extract_document
from extract.geometry import read_geometry
from extract.layout import build_lines, horizontal_rules, text_size
from extract.models import Extraction
from extract.sandbox import Limits, extract_isolated
from extract.settings import ExtractSettings
from extract.text_frame import PageText, measure
from extract.text_settings import TextSettings
from score.paragraphs import blocks_to_rows, score_paragraphs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "data" / "expected"
STEMS = ["A_75_6_Sect.14_zh", "UNEP_EA.4_16_zh", "UNEP_GC.26_18_zh", "002_b61ed0f3630fa659_zh"]


@pytest.fixture(scope="session")
def extracted() -> dict[str, tuple[Extraction, dict, dict]]:
    """Each sample extracted once per session: (extraction, answer key, score)."""
    out = {}
    for stem in STEMS:
        ex, _ = sample_extraction(stem)  # shared with the table tests (conftest)
        key = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
        out[stem] = (ex, key, score_paragraphs(key, blocks_to_rows(ex.blocks)))
    return out


@pytest.mark.parametrize("stem", STEMS)
def test_numbered_paragraphs_all_found_in_order(extracted, stem):
    _, _key, score = extracted[stem]
    assert score["numbered_expected"] > 0
    assert score["numbered_recall"] == 1.0, score["numbered_found_in_order"]


@pytest.mark.parametrize("stem", STEMS)
def test_text_similarity(extracted, stem):
    score = extracted[stem][2]
    assert score["mean_similarity"] >= 0.995, score["worst"][:3]


@pytest.mark.parametrize("stem", STEMS)
def test_no_header_footer_leaks(extracted, stem):
    ex, _key, score = extracted[stem]
    assert score["leaks"] == 0, score["leak_samples"]
    # the page furniture itself is nowhere in the text: no "n/N" footer, no job number
    # a leaked footer would sit at a block's start or end, where lines are joined
    footer = re.compile(rf"^\d{{1,3}}/{ex.meta.page_count}\b|(?<![\w/])\d{{1,3}}/{ex.meta.page_count}$")
    for b in ex.blocks:
        assert not footer.search(b.text), b.text[:80]
        assert b.text != ex.meta.symbol
        if ex.meta.job_number:
            assert ex.meta.job_number not in b.text


@pytest.mark.parametrize("stem", STEMS)
def test_footnotes_found_with_marker_and_refs(extracted, stem):
    ex, _key, score = extracted[stem]
    assert score["footnote_recall"] == 1.0, score["footnotes_missing"]
    assert score["footnote_ref_recall"] == 1.0
    # markers are removed from the citing text
    cited = [b for b in ex.blocks if b.footnote_refs]
    for b in cited:
        assert b.kind != "footnote"


@pytest.mark.parametrize("stem", STEMS)
def test_links_attached_to_the_right_paragraph(extracted, stem):
    score = extracted[stem][2]
    assert score["link_recall"] == 1.0, score["links_missing"]
    assert score["links_extra"] == 0


@pytest.mark.parametrize("stem", STEMS)
def test_heading_and_list_labels(extracted, stem):
    score = extracted[stem][2]
    assert score["heading_label_recall"] == 1.0
    assert score["list_label_recall"] == 1.0
    assert score["kind_accuracy"] >= 0.99
    assert score["heading_level_accuracy"] >= 0.95


def test_subprogramme_heading_label_and_name(extracted):
    ex = extracted["A_75_6_Sect.14_zh"][0]
    heads = [b for b in ex.blocks if b.kind == "heading" and (b.label or "").startswith("次级方案")]
    assert [b.label for b in heads[:7]] == [f"次级方案 {i}" for i in range(1, 8)]
    assert heads[0].text == "气候变化" and heads[0].level == 2


def test_symbols(extracted):
    for stem in STEMS:
        ex, key, _ = extracted[stem]
        assert ex.meta.symbol == key["symbol"], stem
        assert ex.meta.page_count > 0


def test_job_number(extracted):
    ex, key, _ = extracted["A_75_6_Sect.14_zh"]
    assert ex.meta.job_number == key["job_number"]


def test_metadata_gc26(extracted):
    ex, key, _ = extracted["UNEP_GC.26_18_zh"]
    assert ex.meta.organ == "\n".join(key["organ"])
    assert ex.meta.session == key["session"]
    assert ex.meta.agenda_item == key["agenda_item"]
    assert ex.meta.title == key["title"]
    assert ex.meta.issued_on == key["date"]
    assert ex.meta.page_count == 4


def test_figures_kept_out_of_text(extracted):
    ex, key, _ = extracted["A_75_6_Sect.14_zh"]
    want = [(b["number"], b["title"]) for b in key["blocks"] if b["type"] == "figure"]
    assert [(f.number, f.title) for f in ex.figures] == want
    assert not any(b.text.startswith("图 14.") for b in ex.blocks)


def test_raw_and_normalised_text(extracted):
    for stem in STEMS:
        for b in extracted[stem][0].blocks:
            assert len(b.raw_text) == len(b.text)
            assert "\n" not in b.text


# -- text-extraction knobs (extract.text_settings.TextSettings) ----------------------------------------
# The tests above run with the default settings, so they are the proof that the defaults reproduce the
# answer keys. The tests below prove that each knob is really wired in: a changed value changes what a
# real sample page yields.


def _page_lines(stem: str, number: int, settings: TextSettings | None = None):
    with pdfplumber.open(SAMPLES / f"{stem}.pdf") as pdf:
        chars = pdf.pages[number - 1].chars
    return build_lines(chars, number, settings=settings or TextSettings())


def _pages(stem: str) -> list[PageText]:
    pages = []
    with pdfplumber.open(SAMPLES / f"{stem}.pdf") as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = build_lines(page.chars, number)
            rules = horizontal_rules(read_geometry(page), text_size(lines))
            pages.append(PageText(number, float(page.width), float(page.height), lines, rules))
    return pages


def test_a_small_cjk_gap_reads_the_autospace_as_spaces():
    default = _page_lines("UNEP_EA.4_16_zh", 2)
    tight = _page_lines("UNEP_EA.4_16_zh", 2, TextSettings(cjk_gap=0.05))
    assert len(tight) == len(default)
    # the same characters, only spaces added: the renderer's small gaps around CJK now count as spaces
    assert [ln.text.replace(" ", "") for ln in tight] == [ln.text.replace(" ", "") for ln in default]
    added = sum(t.text.count(" ") - d.text.count(" ") for t, d in zip(tight, default, strict=True))
    assert added > 10
    # e.g. a year printed as "1972年" with an autospace becomes "1972 年"
    year = re.compile(r"\d年")
    assert any(year.search(d.text) and not year.search(t.text) for t, d in zip(tight, default, strict=True))


def test_a_wide_segment_gap_keeps_hanging_labels_in_the_line():
    default = _page_lines("UNEP_EA.4_16_zh", 2)
    wide = _page_lines("UNEP_EA.4_16_zh", 2, TextSettings(segment_gap=3.0))
    assert sum(len(ln.segments) for ln in wide) < sum(len(ln.segments) for ln in default)
    assert all(len(ln.segments) <= len(d.segments) for ln, d in zip(wide, default, strict=True))


def test_the_superscript_ratio_decides_which_characters_are_footnote_markers():
    default = _page_lines("UNEP_GC.26_18_zh", 1)
    strict = _page_lines(
        "UNEP_GC.26_18_zh",
        1,
        TextSettings(superscript_ratio=0.3, superscript_small_only=0.3, superscript_raise_only=0.95),
    )
    markers = [g.text for ln in default for g in ln.glyphs if g.sup]
    assert markers  # the page cites footnotes
    assert not any(g.sup for ln in strict for g in ln.glyphs)


def test_the_repeat_threshold_decides_which_margin_lines_are_running_headers():
    pages = _pages("UNEP_GC.26_18_zh")
    default = measure(pages, settings=TextSettings())
    symbol_lines = {page for page, _, text in default.running_text if text == "UNEP/GC.26/18"}
    assert len(symbol_lines) >= 2  # the symbol is the running header of the later pages
    # demand more repeats than there are pages, in the margin band and at the text's edges: the
    # symbol no longer counts as a running header, while the "n/N" page-number footers are still
    # recognised by their pattern
    rare = measure(pages, settings=TextSettings(repeat_min=len(pages), repeat_min_inner=len(pages)))
    assert not any(text == "UNEP/GC.26/18" for _, _, text in rare.running_text)
    footers = {text for _, _, text in rare.running_text}
    assert footers and all(re.fullmatch(rf"\d+/{len(pages)}", text) for text in footers)


def test_text_knobs_reach_the_isolated_extraction(extracted):
    """ExtractSettings.text crosses the sandbox's process boundary and reaches blocks.py."""
    default = extracted["UNEP_GC.26_18_zh"][0]
    numbered = [b for b in default.blocks if b.number]
    assert numbered
    narrow = extract_isolated(
        SAMPLES / "UNEP_GC.26_18_zh.pdf", ExtractSettings(text=TextSettings(max_label=1)), Limits(timeout_s=120)
    )
    # no paragraph number fits a 1-character label: the numbers stay in the paragraphs' text
    assert not any(b.number for b in narrow.blocks)
    texts = [b.text for b in narrow.blocks]
    for block in numbered:
        assert any(t.startswith(f"{block.number} ") and block.text[:20] in t for t in texts), block.number


def test_footnote_and_figure_knobs_change_the_large_sample(extracted):
    default = extracted["A_75_6_Sect.14_zh"][0]
    changed = extract_document(
        SAMPLES / "A_75_6_Sect.14_zh.pdf",
        ExtractSettings(text=TextSettings(separator_max=0.01, figure_start_gap=0.01)),
    )
    # no rule is short enough to be a footnote separator: fewer footnote blocks are found
    assert sum(b.kind == "footnote" for b in changed.blocks) < sum(b.kind == "footnote" for b in default.blocks)
    # a drawing no longer starts close enough under the figure titles: the figures shrink to their
    # caption and title, and the chart labels fall back into the text
    assert [f.number for f in changed.figures] == [f.number for f in default.figures]
    assert sum(len(f.labels) for f in changed.figures) == 0 < sum(len(f.labels) for f in default.figures)
    assert all(c.bbox[3] < d.bbox[3] for c, d in zip(changed.figures, default.figures, strict=True))
    assert len(changed.blocks) > len(default.blocks)
