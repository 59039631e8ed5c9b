"""Scoring of mandates, citations, results, performance measures and deliverables against the answer
keys (tests/data/expected/*.json) and the hand-built lists of citations (tests/data/citations.json,
in text and in table cells) and of stated targets (tests/data/performance_targets.json).

Expected values are read from the keys here, independently of transform/: a mandate list entry is a
list item under a group caption inside a '立法授权' section; its key follows from the caption's organ
and the label; deliverables counts and performance statements are the keys' table cells.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pandas as pd

# group captions of the mandate lists -> organ code (first match wins)
CAPTION_ORGANS = [("环境大会", "UNEA"), ("经济及社会理事会", "ECOSOC"), ("理事会", "UNEP-GC"), ("大会", "GA")]


def _number(text: str) -> str:
    """'2997（XXVII）', '2997(XXVII)' -> '2997 (XXVII)'; 'SS.VIII/1, sect. II' -> 'SS.VIII/1'."""
    text = re.sub(r"^第\s*|\s*号\s*(决议|决定)$", "", text.strip())
    text = re.sub(r"\s*[,，]\s*sect\..*$", "", text)
    match = re.match(r"^(\d+)\s*[（(]\s*([IVXLC]+)\s*[)）]$", text)
    return f"{match[1]} ({match[2]})" if match else text.replace(" ", "")


def _f1(matched: int, expected: int, actual: int) -> dict[str, float | int]:
    return {
        "expected": expected,
        "actual": actual,
        "matched": matched,
        "recall": matched / expected if expected else 1.0,
        "precision": matched / actual if actual else 1.0,
    }


def _multiset_score(expected: Counter, actual: Counter) -> dict[str, Any]:
    matched = sum((expected & actual).values())
    return {
        **_f1(matched, sum(expected.values()), sum(actual.values())),
        "missing": list(expected - actual),
        "extra": list(actual - expected),
    }


def expected_mandate_list(key: dict) -> list[dict[str, Any]]:
    """Every mandate list entry of a key: caption, label, mandate_key, part ('sect. II' of
    'SS.VIII/1, sect. II'), title, url (first link)."""
    out, region, caption = [], None, None
    for block in key["blocks"]:
        if block["type"] == "heading":
            if region is not None and block["level"] <= region:
                region, caption = None, None
            if "立法授权" in block["text"]:
                region = block["level"]
            elif region is not None:
                caption = block["text"]
            continue
        if region is None or block["type"] != "list_item" or caption is None:
            continue
        label = block["label"]
        organ = next(code for word, code in CAPTION_ORGANS if word in caption)
        if "/HLS." in label:
            kind, number, organ = "declaration", label, "UNEA"
        else:
            kind = "decision" if label.endswith("号决定") or "决议" not in caption else "resolution"
            number = _number(label)
        links = block.get("links") or []
        out.append(
            {
                "caption": caption,
                "label": label,
                "mandate_key": f"{organ}:{kind}:{number}",
                "part": part[1] if (part := re.search(r"[,，]\s*(sect\.\s*\S+)$", label)) else None,
                "title": block["text"],
                "url": links[0] if links else None,
            }
        )
    return out


def score_mandate_list(key: dict, mandates: pd.DataFrame) -> dict[str, Any]:
    """Entries matched on (mandate_key, title, url, part); misses and extras listed."""
    expected = [(e["mandate_key"], e["title"], e["url"], e["part"]) for e in expected_mandate_list(key)]
    rows = mandates[mandates["source"] == "mandate_list"].sort_values("paragraph_seq")
    actual = [
        (r.mandate_key, r.title, _text_or_none(r.url), _text_or_none(r.part)) for r in rows.itertuples(index=False)
    ]
    return _multiset_score(Counter(expected), Counter(actual))


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _locate(at: str, paragraphs: pd.DataFrame) -> list[int]:
    """Seqs of the text rows an 'at' of citations.json names (number, label, footnote marker, prefix)."""
    seqs = []
    for row in paragraphs.itertuples(index=False):
        if row.kind not in ("paragraph", "list_item", "footnote"):
            continue
        text = str(row.text or "")
        names = {row.number, row.label, text[:20]}
        if row.kind == "footnote":
            names.add(f"footnote {row.label}")
        if at in names:
            seqs.append(int(row.seq))
    return seqs


def score_citations(expected: list[dict[str, str]], mandates: pd.DataFrame, paragraphs: pd.DataFrame) -> dict:
    """Recall and precision of citation rows against a document's hand-labelled citations: a match
    is the same paragraph, organ, kind and number (one per occurrence)."""
    want: Counter = Counter()
    for entry in expected:
        seqs = _locate(entry["at"], paragraphs)
        number = _number(entry["number"])
        # a label used twice (two lists print 'SS.VIII/1, sect. II') may point at either
        want[(tuple(seqs), entry["organ"], entry["kind"], number)] += 1
    cited = mandates[(mandates["source"] == "citation") & mandates["paragraph_seq"].notna()]
    have = Counter((int(r.paragraph_seq), r.organ, r.kind, _number(r.number)) for r in cited.itertuples(index=False))
    matched = 0
    missing = []
    for (seqs, organ, kind, number), count in want.items():
        for _ in range(count):
            hit = next((s for s in seqs if have[(s, organ, kind, number)] > 0), None)
            if hit is None:
                missing.append((seqs, organ, kind, number))
                continue
            have[(hit, organ, kind, number)] -= 1
            matched += 1
    extra = [k for k, v in have.items() for _ in range(v)]
    return {**_f1(matched, sum(want.values()), len(cited)), "missing": missing, "extra": extra}


def score_cell_citations(
    expected: dict[str, list[dict]], mandates: pd.DataFrame, references: pd.DataFrame, tables: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """Citations and document references in table cells against the hand-labelled ones of a
    document: matched per printed table number (organ, kind, number / symbol), one per occurrence."""
    printed = {r.table_key: _text_or_none(r.number) for r in tables.itertuples(index=False)}

    cited = mandates[(mandates["source"] == "citation") & mandates["table_key"].notna()]
    want = Counter((e["table"], e["organ"], e["kind"], _number(e["number"])) for e in expected["citations"])
    have = Counter(
        (printed.get(r.table_key), r.organ, r.kind, _number(r.number)) for r in cited.itertuples(index=False)
    )
    want_refs = Counter((e["table"], e["symbol"]) for e in expected["references"])
    have_refs = Counter(
        (printed.get(r.table_key), r.symbol)
        for r in references[references["table_key"].notna()].itertuples(index=False)
    )
    return {"citations": _multiset_score(want, have), "references": _multiset_score(want_refs, have_refs)}


def score_targets(expected: list[dict], results: pd.DataFrame) -> dict[str, Any]:
    """Stated targets against the hand-labelled ones: subprogramme, target and achieved as printed
    and as numbers, unit."""
    want = Counter(
        (e["subprogramme"], e["target"], float(e["target_value"]), e["achieved"], float(e["achieved_value"]), e["unit"])
        for e in expected
    )
    stated = results[results["target_text"].notna()]
    have = Counter(
        (
            r.subprogramme,
            r.target_text,
            float(r.target_value),
            _text_or_none(r.achieved_text),
            None if pd.isna(r.achieved_value) else float(r.achieved_value),
            r.value_unit,
        )
        for r in stated.itertuples(index=False)
    )
    return _multiset_score(want, have)


def _key_tables(key: dict, table_keys: dict[int, str] | None, title_word: str) -> list[tuple[str, dict]]:
    """(frame table_key, block) of the key's tables whose title has ``title_word``; table_keys maps
    the key's table index to the frame's table_key (default: the printed number)."""
    tables = [b for b in key["blocks"] if b["type"] == "table"]
    table_keys = table_keys or {i: b.get("number") or f"t{i}" for i, b in enumerate(tables)}
    return [(table_keys[i], b) for i, b in enumerate(tables) if title_word in (b.get("title") or "")]


def _plan_columns(block: dict) -> dict[int, tuple[str, str]]:
    out = {}
    for c, cell in enumerate(block["header"][-1]):
        match = re.search(r"(\d{4})\s*年(计划数|实际数)", cell["text"])
        if match:
            out[c] = (match[1], "planned" if match[2] == "计划数" else "actual")
    return out


def score_deliverables(
    key: dict, deliverables: pd.DataFrame, table_keys: dict[int, str] | None = None
) -> dict[str, Any]:
    """Counts of every numbered item of the key's 应交付产出 tables ('—' = NULL) against the frame's
    rows (table_key, item, year, measure, count). table_keys maps the key's table index to the
    frame's table_key (default: the printed table number)."""
    expected: Counter[tuple[Any, ...]] = Counter()
    for table_key, block in _key_tables(key, table_keys, "应交付产出"):
        columns = _plan_columns(block)
        for row in block["rows"]:
            if row["kind"] != "data" or not re.match(r"^\d+\.\s", row["cells"][0]):
                continue
            for c, (year, measure) in columns.items():
                cell = row["cells"][c].replace(" ", "")
                expected[(table_key, row["cells"][0], year, measure, int(cell) if cell.isdigit() else None)] += 1
    actual = Counter(
        (r.table_key, r.item, r.year, r.measure, None if pd.isna(r.count) else int(r.count))
        for r in deliverables.itertuples(index=False)
    )
    return _multiset_score(expected, actual)


def score_performance_measures(
    key: dict, measures: pd.DataFrame, table_keys: dict[int, str] | None = None
) -> dict[str, Any]:
    """Statements of the key's 业绩计量 tables, per year column, against the frame's rows."""
    expected: Counter[tuple[str, ...]] = Counter()
    for table_key, block in _key_tables(key, table_keys, "业绩计量"):
        years = [cell["text"].strip() for cell in block["header"][-1]]
        for row in block["rows"]:
            for year, cell in zip(years, row["cells"], strict=True):
                if cell.strip():
                    expected[(table_key, year, cell.strip())] += 1
    actual = Counter((r.table_key, r.year, r.statement) for r in measures.itertuples(index=False))
    return _multiset_score(expected, actual)


def expected_planned_results(key: dict) -> list[tuple[str | None, str, str]]:
    """(subprogramme heading, number, title) of every '成果 N：…' heading of a key."""
    out, subprogramme = [], None
    for block in key["blocks"]:
        if block["type"] != "heading":
            continue
        text = " ".join(p for p in (block.get("label"), block["text"]) if p)
        if text.startswith("次级方案"):
            subprogramme = text
        elif block["level"] <= 2:
            subprogramme = None
        match = re.match(r"^成果\s*(\d+)\s*[：:]\s*(.+)$", text)
        if match:
            out.append((subprogramme, match[1], match[2]))
    return out


def score_results(key: dict, results: pd.DataFrame) -> dict[str, Any]:
    expected = Counter(expected_planned_results(key))
    planned = results[results["kind"] == "planned_result"]
    actual = Counter((r.subprogramme, r.number, r.title) for r in planned.itertuples(index=False))
    return _multiset_score(expected, actual)
