"""Scoring of extracted text blocks (paragraph rows) against an answer key.

``score_paragraphs(expected, actual)`` compares the heading/paragraph/list_item/footnote blocks of an
answer-key JSON (tests/data/expected/*.json) with extracted paragraph rows (dicts with kind, number,
label, level, text, footnote_refs, links, page) in reading order. Tables, figures and page breaks
of the key are ignored. ``blocks_to_rows`` turns extract.models.Block objects into such rows.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

TEXT_KINDS = ("heading", "paragraph", "list_item")
FOOTNOTE_MIN = 0.95


def blocks_to_rows(blocks) -> list[dict[str, Any]]:
    """extract Blocks -> paragraph rows (the ``paragraphs`` table's columns, without ids)."""
    return [
        {
            "kind": b.kind,
            "number": b.number,
            "label": b.label,
            "level": b.level,
            "text": b.text,
            "footnote_refs": list(b.footnote_refs),
            "links": list(b.links),
            "page": b.page,
        }
        for b in blocks
    ]


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _lcs_in_order(exp: list[str], act: list[str]) -> int:
    """Length of the longest common subsequence of two number lists."""
    prev = [0] * (len(act) + 1)
    for e in exp:
        cur = [0] * (len(act) + 1)
        for j, a in enumerate(act, 1):
            cur[j] = prev[j - 1] + 1 if e == a else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1]


def _align_dp(exp: list[str], act: list[str]) -> list[tuple[int, int, float]]:
    """In-order alignment maximising the summed similarity (pairs below 0.5 are not matched)."""
    n, m = len(exp), len(act)
    if n == 0:
        return []
    if m == 0:
        return [(i, -1, 0.0) for i in range(n)]
    sim = [[0.0] * m for _ in range(n)]
    for i, e in enumerate(exp):
        for j, a in enumerate(act):
            r = _ratio(e, a)
            sim[i][j] = r if r >= 0.5 else 0.0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], sim[i][j] + best[i + 1][j + 1] if sim[i][j] else 0.0)
    out: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n:
        if j < m and sim[i][j] and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            out.append((i, j, sim[i][j]))
            i += 1
            j += 1
        elif j < m and best[i][j] == best[i][j + 1]:
            j += 1
        else:
            out.append((i, -1, 0.0))
            i += 1
    return out


def _anchored(blocks: list[dict], kind_key: str) -> dict[str | None, list[int]]:
    """Indices of unnumbered blocks grouped by the number of the numbered paragraph before them."""
    groups: dict[str | None, list[int]] = {}
    anchor: str | None = None
    for i, b in enumerate(blocks):
        if b[kind_key] == "paragraph" and b.get("number"):
            anchor = b["number"]
        else:
            groups.setdefault(anchor, []).append(i)
    return groups


def _leaks(expected: dict, actual: list[dict]) -> list[str]:
    """Rows carrying running-header/footer text: the symbol alone, "n/N" page numbers, the job number."""
    job = expected.get("job_number")
    symbol = expected.get("symbol")
    totals = {
        str(t) for t in (expected.get("page_count_hint"), max((r.get("page") or 0 for r in actual), default=0)) if t
    }
    # a page number "n/N" at either end of a row (where a leaked footer would be joined)
    page_no = [re.compile(rf"^(\d{{1,4}})\s*/\s*({t})(?![\d/])|(?<![\d/.\w])(\d{{1,4}})\s*/\s*({t})$") for t in totals]
    out = []
    for row in actual:
        text = (row.get("text") or "").strip()
        hit = any(
            int(m.group(1) or m.group(3)) <= int(m.group(2) or m.group(4)) for p in page_no for m in p.finditer(text)
        )
        if job and job in text:
            hit = True
        if symbol and (text == symbol or (text.startswith(symbol + " ") and len(text) < len(symbol) + 12)):
            hit = True
        if hit:
            out.append(text[:80])
    return out


def score_paragraphs(expected: dict, actual: list[dict]) -> dict[str, Any]:
    """Compare extracted paragraph rows with an answer key; every figure is in [0, 1] or a count."""
    key = [b for b in expected["blocks"] if b["type"] in (*TEXT_KINDS, "footnote")]
    exp_text = [b for b in key if b["type"] in TEXT_KINDS]
    act_text = [r for r in actual if r["kind"] in TEXT_KINDS]

    # numbered paragraphs: by number, in order
    exp_nums = [b["number"] for b in exp_text if b["type"] == "paragraph" and b.get("number")]
    act_nums = [r["number"] for r in act_text if r["kind"] == "paragraph" and r.get("number")]
    in_order = _lcs_in_order(exp_nums, act_nums) if exp_nums else 0
    num_recall = in_order / len(exp_nums) if exp_nums else 1.0
    act_by_num: dict[str, list[dict]] = {}
    for r in act_text:
        if r["kind"] == "paragraph" and r.get("number"):
            act_by_num.setdefault(r["number"], []).append(r)
    sims: list[float] = []
    worst: list[tuple[float, str, str, str]] = []
    matched: dict[int, dict] = {}  # expected block index in exp_text -> actual row
    used: dict[str, int] = {}
    for i, b in enumerate(exp_text):
        if b["type"] == "paragraph" and b.get("number"):
            cands = act_by_num.get(b["number"], [])
            k = used.get(b["number"], 0)
            if k < len(cands):
                used[b["number"]] = k + 1
                r = cands[k]
                s = _ratio(b["text"], r["text"])
                matched[i] = r
                sims.append(s)
                worst.append((s, b["number"], b["text"], r["text"]))
            else:
                sims.append(0.0)
                worst.append((0.0, b["number"], b["text"], ""))
    # unnumbered blocks: aligned in order between the same numbered paragraphs
    exp_groups = _anchored(exp_text, "type")
    act_groups = _anchored(act_text, "kind")
    for anchor, idx in exp_groups.items():
        cand = act_groups.get(anchor, [])
        for k, j, s in _align_dp([exp_text[i]["text"] for i in idx], [act_text[c]["text"] for c in cand]):
            i = idx[k]
            b = exp_text[i]
            sims.append(s)
            if j >= 0:
                matched[i] = act_text[cand[j]]
            worst.append((s, str(b.get("label") or b["type"]), b["text"], act_text[cand[j]]["text"] if j >= 0 else ""))
    mean_sim = sum(sims) / len(sims) if sims else 1.0

    # heading and list-item labels
    def label_recall(kind: str) -> tuple[float, int, int]:
        want = [(i, b) for i, b in enumerate(exp_text) if b["type"] == kind and b.get("label")]
        ok = sum(
            1 for i, b in want if i in matched and matched[i].get("label") == b["label"] and matched[i]["kind"] == kind
        )
        return (ok / len(want) if want else 1.0), ok, len(want)

    head_recall, head_ok, head_n = label_recall("heading")
    list_recall, list_ok, list_n = label_recall("list_item")
    kinds_ok = sum(1 for i, b in enumerate(exp_text) if i in matched and matched[i]["kind"] == b["type"])
    # per kind: expected blocks matched by a row of the same kind (and the same label, if labelled)
    per_kind: dict[str, list[int]] = {}
    for i, b in enumerate(exp_text):
        tally = per_kind.setdefault(b["type"], [0, 0])
        tally[1] += 1
        hit = matched.get(i)
        label_ok = (
            b["type"] == "paragraph" or not b.get("label") or (hit is not None and hit.get("label") == b["label"])
        )
        if hit is not None and hit["kind"] == b["type"] and label_ok:
            tally[0] += 1
    levels = [(b, matched[i]) for i, b in enumerate(exp_text) if b["type"] == "heading" and i in matched]
    level_acc = sum(1 for b, r in levels if r.get("level") == b.get("level")) / len(levels) if levels else 1.0

    # footnotes: marker and text
    exp_fn = [b for b in key if b["type"] == "footnote"]
    act_fn = [r for r in actual if r["kind"] == "footnote"]
    fn_found = 0
    missing_fn = []
    pool = list(act_fn)
    for b in exp_fn:
        hit = next(
            (r for r in pool if r.get("label") == b["marker"] and _ratio(b["text"], r["text"]) >= FOOTNOTE_MIN),
            None,
        )
        if hit is not None:
            fn_found += 1
            pool.remove(hit)
        else:
            missing_fn.append(f"{b['marker']} {b['text'][:60]}")
    # footnote refs of matched paragraphs
    ref_total = ref_ok = 0
    for i, b in enumerate(exp_text):
        if b.get("footnote_refs"):
            ref_total += len(b["footnote_refs"])
            if i in matched:
                ref_ok += sum(1 for m in b["footnote_refs"] if m in (matched[i].get("footnote_refs") or []))

    # links: each expected link attached to the actual row matching the expected block
    link_total = link_ok = 0
    missing_links = []
    for i, b in enumerate(exp_text):
        for url in b.get("links") or []:
            link_total += 1
            if i in matched and url in (matched[i].get("links") or []):
                link_ok += 1
            else:
                missing_links.append(f"{b.get('number') or b.get('label') or b['text'][:20]}: {url}")
    exp_links = {u for b in exp_text for u in b.get("links") or []}
    extra_links = sum(1 for r in act_text for u in r.get("links") or [] if u not in exp_links)

    leaks = _leaks(expected, actual)
    worst.sort(key=lambda t: t[0])
    return {
        "numbered_expected": len(exp_nums),
        "numbered_found_in_order": in_order,
        "numbered_recall": num_recall,
        "mean_similarity": mean_sim,
        "blocks_expected": len(exp_text),
        "blocks_actual": len(act_text),
        "kind_accuracy": kinds_ok / len(exp_text) if exp_text else 1.0,
        "kind_recall": {k: ok / n for k, (ok, n) in per_kind.items()},
        "heading_level_accuracy": level_acc,
        "leaks": len(leaks),
        "leak_samples": leaks[:5],
        "footnotes_expected": len(exp_fn),
        "footnote_recall": fn_found / len(exp_fn) if exp_fn else 1.0,
        "footnotes_missing": missing_fn,
        "footnote_ref_recall": ref_ok / ref_total if ref_total else 1.0,
        "links_expected": link_total,
        "link_recall": link_ok / link_total if link_total else 1.0,
        "links_missing": missing_links[:20],
        "links_extra": extra_links,
        "heading_label_recall": head_recall,
        "heading_labels": (head_ok, head_n),
        "list_label_recall": list_recall,
        "list_labels": (list_ok, list_n),
        "worst": [
            {"similarity": round(s, 4), "key": k, "expected": e[:300], "actual": a[:300]} for s, k, e, a in worst[:8]
        ],
    }
