"""Acceptance of text extraction (extract.document) on the four sample PDFs against their answer keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extract.document import extract_document
from extract.models import Extraction
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
        ex = extract_document(SAMPLES / f"{stem}.pdf")
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
