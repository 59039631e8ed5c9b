"""Derive the expected budget_lines and posts of the samples from the answer keys' tables.

    python tools/expected_facts.py            # writes tests/data/expected_facts/{budget_lines,posts}.csv
    python tools/expected_facts.py --check    # exit 1 when the committed files differ from a fresh run

Deliberately simple and written apart from transform/: it imports nothing from the project, reads
the answer keys (tests/data/expected/*.json: header cells and body cells exactly as printed) and
applies a short, explicit reading of each table. Its output was then reviewed by hand against the
pages (tests/data/expected_facts/REVIEW.md); the reviewed CSV files, not this script, are what
`make score` and the tests compare the warehouse with. Where the review found this reading wrong
for a table, the fix goes into the OVERRIDES below with the reason, so the data stays reproducible.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = ROOT / "tests" / "data" / "expected"
OUT = ROOT / "tests" / "data" / "expected_facts"

BUDGET_FIELDS = [
    "document", "symbol", "table_key", "row", "col", "row_kind", "item", "fund", "org_unit", "measure",
    "period", "amount_text", "amount_usd",
]  # fmt: skip
POST_FIELDS = [
    "document", "symbol", "table_key", "row", "col", "fund", "org_unit", "category", "grade", "period",
    "status", "count",
]  # fmt: skip

# Evidence read on the pages outside the table (see REVIEW.md): table number -> fund.
# A/75/6 (Sect. 14) para 14.110: "表 14.13 至 14.15 显示 2021 年拟议经常预算资源".
TEXT_FUND = {("A_75_6_Sect.14_zh", "14.13"): "regular_budget", ("A_75_6_Sect.14_zh", "14.14"): "regular_budget",
             ("A_75_6_Sect.14_zh", "14.15"): "regular_budget"}  # fmt: skip

GRADES = {
    "USG": "USG", "ASG": "ASG", "D-2": "D-2", "D-1": "D-1", "P-5": "P-5", "P-4": "P-4", "P-3": "P-3",
    "P-2/1": "P-2/1", "P-2": "P-2/1", "P-1": "P-2/1", "GS(PL)": "GS (PL)", "GS(OL)": "GS (OL)", "LL": "LL",
    "特等": "GS (PL)", "其他职等": "GS (OL)", "当地雇员": "LL",
}  # fmt: skip


def number(text: str) -> float | None:
    """'21 466.8' -> 21466.8; '—' or '' -> None. Only digits, one dot and thousands spaces."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    return float(compact) if re.fullmatch(r"-?\d+(\.\d+)?", compact) else None


def leaf_labels(block: dict) -> list[list[str]]:
    """For each leaf column, the header texts above it, top to bottom."""
    n = block["columns"]
    labels: list[list[str]] = [[] for _ in range(n)]
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(block["header"]):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.get("rowspan", 1)):
                for dc in range(cell.get("colspan", 1)):
                    taken.add((r + dr, c + dc))
            for dc in range(cell.get("colspan", 1)):
                if cell["text"] and c + dc < n:
                    labels[c + dc].append(cell["text"])
            c += cell.get("colspan", 1)
    return labels


def year(text: str) -> str | None:
    m = re.search(r"(\d{4})\s*[–-]\s*(\d{4})|(\d{4})", text)
    if not m:
        return None
    return f"{m[1]}–{m[2]}" if m[1] else m[3]


def measure(path: list[str]) -> str | None:
    """The budget measure a column's header path names (None: not an amount column)."""
    text = "/".join(path).replace(" ", "")
    leaf = path[-1].replace(" ", "") if path else ""
    if "百分比" in leaf:
        return None
    if text.startswith("变动"):
        for word, code in (("技术调整", "technical_adjustments"), ("新的", "new_mandates"),
                           ("其他", "other_changes"), ("共计", "total_changes")):  # fmt: skip
            if word in leaf:
                return code
        return None
    for word, code in (("重计费用前", "estimate_before_recosting"), ("重计费用后", "estimate_after_recosting"),
                       ("重计费用", "recosting"), ("支出数", "expenditure"), ("批款数", "appropriation"),
                       ("核准拨款", "approved"), ("收到的资金", "received"), ("捐款", "contributions"),
                       ("供资", "contributions"), ("估计数", "estimate")):  # fmt: skip
        if word in text:
            return code
    return None


def post_status(path: list[str]) -> str | None:
    text = "/".join(path).replace(" ", "")
    if text.startswith("变动") or "百分比" in text or "支出数" in text:
        return None
    for word, code in (("核定数", "approved"), ("批款数", "approved"), ("重计费用前", "proposed"),
                       ("拟议数", "proposed"), ("估计数", "estimate")):  # fmt: skip
        if word in text:
            return code
    return None


def periods(labels: list[list[str]]) -> list[str | None]:
    """A column's year; a change or recosting column takes the year of the next dated column right."""
    own = [year("/".join(p)) for p in labels]
    out = []
    for i, p in enumerate(own):
        out.append(p or next((q for q in own[i + 1 :] if q), None))
    return out


def fund_named(text: str | None) -> str | None:
    text = (text or "").replace(" ", "")
    if "经常预算" in text:
        return "regular_budget"
    if "预算外" in text:
        return "extrabudgetary"
    if "专用捐款" in text:
        return "earmarked"
    if "环境基金" in text.replace("全球环境基金", ""):
        return "environment_fund"
    return None


def table_key(block: dict) -> str:
    part = block.get("part")
    m = re.match(r"\s*[(（]\s*(\w{1,3})\s*[)）]", part or "")
    return block["number"] + (f"({m[1]})" if m else "")


def is_unit(label: str) -> bool:
    return bool(re.match(r"^(?:[A-Z]\.|\d+\.)\s", label))


def row_units(rows: list[dict]) -> list[str | None]:
    """The component path of each row of a table whose rows are components ('C. 工作方案 > 1. 气候变化');
    a '小计，C' row is component C; a part subtotal '小计，(1)' and the grand total are the whole entity."""
    out: list[str | None] = []
    section: str | None = None
    for row in rows:
        label = row["cells"][0].strip()
        if row["indent"] == 0 and row["kind"] == "section":
            section = label
            out.append(None)
            continue
        if row["indent"] == 0:
            section = None
        m = re.match(r"^小计，(\w)$", label)
        if m:
            named = [u for u in out if u and u.startswith(m[1] + ".")]
            out.append(named[0].split(" > ")[0] if named else None)
        elif row["kind"] in ("subtotal", "total"):
            out.append(None)
        elif is_unit(label):
            out.append(f"{section} > {label}" if section and row["indent"] > 0 else label)
        else:
            out.append(None)
    return out


def read_table(stem: str, symbol: str | None, block: dict) -> tuple[list[dict], list[dict]]:
    unit = (block.get("unit") or "").replace(" ", "")
    title = block.get("title") or ""
    money_factor = 1e6 if "百万美元" in unit else 1e3 if "千美元" in unit else None
    labels = leaf_labels(block)
    dated = periods(labels)
    key = table_key(block)
    rows = block["rows"]
    components = sum(1 for r in rows if r["kind"] == "data" and is_unit(r["cells"][0])) >= 0.6 * sum(
        1 for r in rows if r["kind"] == "data"
    )
    units = row_units(rows) if components else [None] * len(rows)
    scope = title.split("：")[0] if "：" in title else (title if labels[0] == [title] else None)
    part_fund = fund_named(block.get("part"))
    table_fund = part_fund or fund_named(title) or TEXT_FUND.get((stem, key))
    column_fund = [fund_named("/".join(p)) for p in labels]
    appropriated = any(measure(p) == "appropriation" for p in labels)
    pivoted = all(re.fullmatch(r"\d{4}–\d{4}", r["cells"][0].strip()) for r in rows)
    base = {"document": stem, "symbol": symbol, "table_key": key}
    budget, posts = [], []
    section = ""
    after_part_subtotal = False
    for i, row in enumerate(rows):
        label = row["cells"][0].strip()
        if row["kind"] == "section":
            if row["indent"] == 0:
                section = label
            continue
        if label.startswith("小计，("):
            after_part_subtotal = True
        spans_parts = row["kind"] == "total" and after_part_subtotal
        posts_row = "员额资源" in section or ("员额" in title and money_factor is None)
        fund = None if spans_parts else table_fund
        org_unit = None if spans_parts else (units[i] if components else scope)
        for c in range(1, block["columns"]):
            text = row["cells"][c]
            value = number(text)
            if value is None and text.strip() != "—":
                continue
            col_fund = fund or column_fund[c] or (None if spans_parts or not appropriated else "regular_budget")
            if posts_row:
                status = post_status(labels[c])
                if status is None or (value is None and text.strip() != "—"):
                    continue
                grade = GRADES.get(label.replace(" ", ""))
                category = None
                for words, code in (("专业", "professional_and_higher"), ("一般事务", "general_service_and_related")):
                    if words in label or words in section:
                        category = code
                if section == "其他":
                    category = "other"
                if row["kind"] == "total" and row["indent"] == 0:
                    category = None  # the grand total spans every category
                posts.append({**base, "row": i, "col": c, "fund": col_fund, "org_unit": org_unit,
                              "category": category, "grade": grade, "period": dated[c], "status": status,
                              "count": 0 if value is None else int(value)})  # fmt: skip
            elif money_factor is not None:
                m = measure(labels[c])
                if m is None:
                    continue
                budget.append({**base, "row": i, "col": c, "row_kind": row["kind"],
                               "item": "/".join(labels[c]) if pivoted else label, "fund": col_fund,
                               "org_unit": org_unit, "measure": m,
                               "period": label if pivoted else dated[c], "amount_text": text,
                               "amount_usd": None if value is None else round(value * money_factor, 6)})  # fmt: skip
    return budget, posts


def read_grade_list(stem: str, symbol: str | None, block: dict) -> list[dict]:
    """A table whose rows are '2020 年核定数 | 113 | 1 个 USG，1 个 ASG，…': the total and each grade."""
    out = []
    key = table_key(block)
    for i, row in enumerate(block["rows"]):
        status = post_status([row["cells"][0]])
        if status is None:
            continue
        base = {"document": stem, "symbol": symbol, "table_key": key, "row": i,
                "fund": TEXT_FUND.get((stem, key)), "org_unit": None, "period": year(row["cells"][0]),
                "status": status}  # fmt: skip
        for c, text in enumerate(row["cells"][1:], start=1):
            listed = re.findall(r"(\d+)\s*个\s*([A-Z]{1,3}(?:-\d(?:/1)?)?(?:\s*\([A-Z]{2}\))?)", text)
            if listed:
                for count, grade in listed:
                    out.append({**base, "col": c, "category": None, "grade": GRADES[grade.replace(" ", "")],
                                "count": int(count)})  # fmt: skip
            elif number(text) is not None:
                out.append({**base, "col": c, "category": None, "grade": None, "count": int(number(text) or 0)})
    return out


def derive(keys: Path = KEYS) -> tuple[list[dict], list[dict]]:
    budget: list[dict] = []
    posts: list[dict] = []
    for path in sorted(keys.glob("*.json")):
        key = json.loads(path.read_text(encoding="utf-8"))
        stem, symbol = path.stem, key.get("symbol")
        for block in key["blocks"]:
            if block["type"] != "table":
                continue
            if block.get("number") is None:
                continue  # unnumbered: the organisation chart's boxes and a text table (REVIEW.md)
            if any("个" in c for r in block["rows"] for c in r["cells"][1:]) and "员额" in (block.get("title") or ""):
                posts.extend(read_grade_list(stem, symbol, block))
                continue
            b, p = read_table(stem, symbol, block)
            budget.extend(b)
            posts.extend(p)
    return budget, posts


def to_csv(rows: list[dict], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in fields})
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    budget, posts = derive()
    files = {"budget_lines.csv": to_csv(budget, BUDGET_FIELDS), "posts.csv": to_csv(posts, POST_FIELDS)}
    if args.check:
        stale = [n for n, text in files.items() if (OUT / n).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{OUT / name} differs from a fresh derivation", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"{len(budget)} budget lines, {len(posts)} posts -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
