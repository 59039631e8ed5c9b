"""The extraction knobs (ExtractSettings with its nested TableSettings and TextSettings): nonsense is
rejected with a message naming the field, and every knob is part of the stored form and of the
extraction cache key (a changed knob must never be served a cached extraction made without it)."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from extract.models import SourceFile
from extract.settings import ExtractSettings
from extract.table_settings import TableSettings
from extract.text_settings import TextSettings
from flows.ingest import _extract_cache_key
from flows.settings import Settings

BAD_TEXT_VALUES = [
    ("latin_gap", 0.0),
    ("latin_gap", -0.2),
    ("latin_gap", 0.95),  # wider than segment_gap: a gap that splits segments always shows a space
    ("cjk_gap", 0.0),
    ("cjk_gap", math.nan),
    ("cjk_gap", "0.45"),
    ("segment_gap", 0.0),
    ("segment_gap", math.inf),
    ("superscript_ratio", 0.0),
    ("superscript_ratio", 1.2),
    ("superscript_raise", -0.1),
    ("superscript_raise", 1.0),
    ("separator_max", 0.0),
    ("separator_max", 1.5),
    ("repeat_min", 0),
    ("repeat_min", 1.5),
    ("repeat_min", True),
    ("region_rule_min", -0.3),
    ("region_rule_min", 2.0),
    ("figure_start_gap", 0.0),
    ("figure_join_gap", -1.0),
    ("max_label", 0),
    ("max_label", None),
]


@pytest.mark.parametrize(("name", "value"), BAD_TEXT_VALUES)
def test_nonsensical_text_knobs_are_rejected_with_the_field_named(name, value):
    with pytest.raises(ValueError, match=rf"TextSettings\.{name} must be"):
        TextSettings(**{name: value})


def test_the_space_gaps_are_checked_against_the_segment_gap_actually_given():
    TextSettings(latin_gap=1.5, cjk_gap=1.5, segment_gap=2.0)  # coherent when all three grow
    with pytest.raises(ValueError, match=r"cjk_gap must be in \(0, segment_gap=0.4\)"):
        TextSettings(segment_gap=0.4)  # the default cjk_gap (0.45) would now split before it spaces


def test_extract_settings_reject_nonsense_and_are_frozen():
    with pytest.raises(ValueError, match="margin_band"):
        TableSettings(margin_band=0)
    with pytest.raises(ValueError, match="min_text_chars"):
        ExtractSettings(min_text_chars=-1)
    with pytest.raises(ValueError, match="text must be a TextSettings"):
        ExtractSettings(text={"cjk_gap": 0.3})  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TextSettings().cjk_gap = 0.3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ExtractSettings().text = TextSettings()  # type: ignore[misc]


def test_every_knob_is_in_the_stored_form():
    stored = ExtractSettings().as_dict()
    text_fields = {f.name for f in dataclasses.fields(TextSettings)}
    table_fields = {f.name for f in dataclasses.fields(TableSettings)}
    assert set(stored["text"]) == text_fields
    assert set(stored["tables"]) == table_fields
    assert {"latin_gap", "cjk_gap", "segment_gap", "repeat_min", "separator_max", "max_label"} <= text_fields
    # the stored form is plain JSON and rebuilds the same settings
    again = json.loads(json.dumps(stored))
    rebuilt = ExtractSettings(
        min_text_chars=again["min_text_chars"],
        tables=TableSettings(**again["tables"]),
        text=TextSettings(**again["text"]),
    )
    assert rebuilt == ExtractSettings()


def _key(extract: ExtractSettings) -> str:
    source = SourceFile(path="x.pdf", document_id="ab" * 32, file_size=1, source_uri="file:///x.pdf")
    return _extract_cache_key(None, {"source": source, "settings": Settings(extract=extract)})


@pytest.mark.parametrize(
    "changed",
    [
        TextSettings(cjk_gap=0.3),
        TextSettings(repeat_min=2),
        TextSettings(max_label=12),
        TextSettings(figure_join_gap=0.0),
    ],
)
def test_a_changed_text_knob_changes_the_extraction_cache_key(changed):
    default = _key(ExtractSettings())
    assert _key(ExtractSettings(text=TextSettings())) == default  # equal settings share the cache
    assert _key(ExtractSettings(text=changed)) != default
