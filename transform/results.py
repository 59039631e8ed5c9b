"""Results of budget fascicles: objectives, programme performance and planned results (from the
paragraphs frame), performance measures and deliverables (from the 业绩计量 / 应交付产出 tables)."""

from __future__ import annotations

import re

import pandas as pd

from extract.models import Table, TableRow
from extract.normalise import normalise_text
from transform.amounts import is_nil
from transform.mandates import subprogramme_of
from transform.tables import classify_table
from transform.targets import stated_target

RESULT_COLUMNS = [
    "document_id", "subprogramme", "kind", "number", "title", "text", "page",
    "target_text", "target_value", "achieved_text", "achieved_value", "value_unit",
]  # fmt: skip
MEASURE_COLUMNS = ["document_id", "table_key", "subprogramme", "year", "statement", "page"]
DELIVERABLE_COLUMNS = [
    "document_id", "table_key", "subprogramme", "category", "subcategory", "item", "unit", "year",
    "measure", "count", "page",
]  # fmt: skip

_PLANNED = re.compile(r"^成果\s*(\d+)\s*[：:]\s*(.*)$")
_PERFORMANCE = re.compile(r"^(\d{4})\s*年方案执行情况\s*(?:[：:]\s*(.*))?")
_OBJECTIVE = re.compile(r"^目标$")
_SUBPROGRAMME = re.compile(r"^次级方案\s*(\d+)")
_TITLE_SCOPE = re.compile(r"^(次级方案\s*(\d+))\s*[：:]")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_PLAN_COLUMN = re.compile(r"(\d{4})\s*年?\s*(计划数|实际数)")
_CATEGORY = re.compile(r"^[A-Z][.．]\s*\S")
_ITEM = re.compile(r"^\d+[.．]\s*\S")
_UNIT = re.compile(r"^(.*?)\s*([（(][^()（）]*[)）])\s*$")
_MEASURES = {"计划数": "planned", "实际数": "actual"}


def _heading_text(row) -> str:
    return " ".join(part for part in (row.label, row.text) if isinstance(part, str) and part.strip()).strip()


def _level(row) -> int:
    return int(row.level) if pd.notna(row.level) else 1


def _subprogramme(row) -> str | None:
    """The subprogramme a row belongs to (a 次级方案 heading is its own subprogramme)."""
    if row.kind == "heading" and _SUBPROGRAMME.match(_heading_text(row)):
        return _heading_text(row)
    return subprogramme_of(row.section)


def _body(rows: list, start: int, stop) -> tuple[str, int]:
    """Texts of the rows after rows[start] up to the first row for which stop(row) holds."""
    parts = []
    end = start + 1
    while end < len(rows) and not stop(rows[end]):
        if rows[end].kind != "footnote" and isinstance(rows[end].text, str) and rows[end].text.strip():
            parts.append(_heading_text(rows[end]) if rows[end].kind == "heading" else rows[end].text.strip())
        end += 1
    return "\n".join(parts), end


def results_frame(document_id: str, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per subprogramme objective ('目标'), programme-performance section ('2019 年方案执行
    情况…') and planned result ('成果 1：…'), with the text under its heading; a programme-performance
    row also carries the target and achieved value its text states (transform.targets)."""
    rows = list(paragraphs.itertuples(index=False))
    out = []
    for i, row in enumerate(rows):
        if row.kind != "heading" or not isinstance(row.text, str):
            continue
        text = normalise_text(_heading_text(row))
        level = _level(row)
        subprogramme = subprogramme_of(row.section)

        def same_or_higher(other, level=level) -> bool:
            return other.kind == "heading" and _level(other) <= level

        planned = _PLANNED.match(text)
        performance = _PERFORMANCE.match(text)
        if planned:

            def next_result(other, level=level) -> bool:
                return other.kind == "heading" and (
                    _level(other) < level
                    or (_level(other) == level and bool(_PLANNED.match(normalise_text(_heading_text(other)))))
                )

            body, _ = _body(rows, i, next_result)
            kind, number, title = "planned_result", planned[1], planned[2].strip() or None
        elif performance:
            body, _ = _body(rows, i, same_or_higher)
            kind, number, title = "programme_performance", None, (performance[2] or "").strip() or text
        elif _OBJECTIVE.match(text) and subprogramme:
            body, _ = _body(rows, i, same_or_higher)
            kind, number, title = "objective", None, None
        else:
            continue
        target = stated_target(body) if kind == "programme_performance" else None
        out.append(
            {
                "document_id": document_id,
                "subprogramme": subprogramme,
                "kind": kind,
                "number": number,
                "title": title,
                "text": body or None,
                "page": int(row.page),
                "target_text": target.target_text if target else None,
                "target_value": target.target_value if target else None,
                "achieved_text": target.achieved_text if target else None,
                "achieved_value": target.achieved_value if target else None,
                "value_unit": target.unit if target else None,
            }
        )
    frame = pd.DataFrame(out, columns=RESULT_COLUMNS)
    return frame.astype({"page": "int64", "target_value": "float64", "achieved_value": "float64"})


def _subprogramme_headings(paragraphs: pd.DataFrame) -> dict[str, str]:
    """'1' -> '次级方案 1 气候变化' for every subprogramme heading (first occurrence)."""
    out: dict[str, str] = {}
    for row in paragraphs.itertuples(index=False):
        if row.kind != "heading":
            continue
        text = _heading_text(row)
        match = _SUBPROGRAMME.match(normalise_text(text))
        if match and match[1] not in out:
            out[match[1]] = text
    return out


def table_subprogramme(table: Table, paragraphs: pd.DataFrame, anchor_words: tuple[str, ...] = ()) -> str | None:
    """The subprogramme a table belongs to: its title prefix ('次级方案 1：…', named as the document's
    heading for that subprogramme), else the subprogramme around the last text before the table that
    cites it ('表 14.3') or carries one of anchor_words in a heading, else around the last text on
    or before its first page."""
    title = normalise_text(table.title or "")
    scope = _TITLE_SCOPE.match(title)
    if scope:
        return _subprogramme_headings(paragraphs).get(scope[2], re.sub(r"\s+", " ", scope[1]))
    before = paragraphs[paragraphs["page"] <= table.page_first]
    if before.empty:
        return None
    cites = re.compile(rf"表\s*{re.escape(table.number)}(?![\d.])") if table.number else None
    anchor = None
    for row in before.itertuples(index=False):
        text = normalise_text(str(row.text or ""))
        if (cites and cites.search(text)) or (row.kind == "heading" and any(word in text for word in anchor_words)):
            anchor = row
    if anchor is None:
        anchor = next(before.iloc[[-1]].itertuples(index=False))
    return _subprogramme(anchor)


def year_columns(table: Table) -> dict[int, str]:
    """Leaf columns whose header is a bare year ('2019' or '2019 年'): col -> year."""
    out = {}
    for c, label in enumerate(table.column_labels):
        match = _YEAR.match(normalise_text(label or "").rsplit(" / ", 1)[-1])
        if match:
            out[c] = match[1]
    return out


def is_performance_table(table: Table) -> bool:
    years = year_columns(table)
    return classify_table(table) == "performance" or (len(years) >= 2 and len(years) >= table.n_cols - 1)


def performance_measures_frame(document_id: str, tables: list[Table], paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per statement cell of a performance-measure table (业绩计量): its year column."""
    out = []
    for table in tables:
        years = year_columns(table)
        if not years or not is_performance_table(table):
            continue
        subprogramme = table_subprogramme(table, paragraphs, ("业绩计量",))
        for row in table.rows:
            for c, year in years.items():
                statement = row.cells[c].strip() if c < len(row.cells) else ""
                if not statement or is_nil(statement):
                    continue
                out.append(
                    {
                        "document_id": document_id,
                        "table_key": table.table_key,
                        "subprogramme": subprogramme,
                        "year": year,
                        "statement": statement,
                        "page": int(row.page),
                    }
                )
    frame = pd.DataFrame(out, columns=MEASURE_COLUMNS)
    return frame.astype({"page": "int64"})


def plan_columns(table: Table) -> dict[int, tuple[str, str]]:
    """Deliverables columns '2019 年计划数' / '2019 年实际数': col -> (year, planned | actual)."""
    out = {}
    for c, label in enumerate(table.column_labels):
        match = _PLAN_COLUMN.search(normalise_text(label or ""))
        if match:
            out[c] = (match[1], _MEASURES[match[2]])
    return out


def parse_count(text: str) -> int | None:
    """'12' -> 12; '1 200' -> 1200; '—', '' and text -> None."""
    compact = normalise_text(text or "").replace(" ", "")
    return int(compact) if compact.isdigit() else None


def split_unit(label: str) -> tuple[str, str | None]:
    """'实地和技术合作项目(项目数目)' -> ('实地和技术合作项目', '(项目数目)')."""
    match = _UNIT.match(label.strip())
    return (match[1].strip(), match[2]) if match else (label.strip(), None)


def is_deliverables_table(table: Table) -> bool:
    """A deliverables table: titled 应交付产出, or planned/actual year columns with category or
    subcategory rows ('B. 生成和转让知识', '出版物(出版物数目)'); a compliance-rate table with the
    same columns ('合规率', in per cent) is not one."""
    if "应交付产出" in normalise_text(table.title or ""):
        return True
    if not plan_columns(table) or classify_table(table) != "deliverables":
        return False
    labels = [normalise_text(row.cells[0]).strip() for row in table.rows if row.cells]
    return any(
        row.kind == "section" or (row.kind == "subtotal" and split_unit(label)[1])
        for row, label in zip(table.rows, labels, strict=False)
    )


def _counts(row: TableRow, columns: dict[int, tuple[str, str]], what: dict[str, object]) -> list[dict[str, object]]:
    """One deliverables row per planned/actual column of a table row ('—' and blanks -> NULL)."""
    return [
        {
            **what,
            "year": year,
            "measure": measure,
            "count": parse_count(row.cells[c] if c < len(row.cells) else ""),
            "page": int(row.page),
        }
        for c, (year, measure) in columns.items()
    ]


def table_deliverables(table: Table, subprogramme: str | None) -> list[dict[str, object]]:
    """The long-form rows of one deliverables table (without document_id)."""
    columns = plan_columns(table)
    out: list[dict[str, object]] = []
    where = {"table_key": table.table_key, "subprogramme": subprogramme}
    category = None
    pending: tuple[TableRow, dict[str, object]] | None = None  # a subcategory whose items are not seen yet
    scope: dict[str, object] = {"category": None, "subcategory": None, "unit": None}
    for row in table.rows:
        label = normalise_text(row.cells[0]).strip() if row.cells else ""
        values = [row.cells[c] for c in columns if c < len(row.cells)]
        counted = any(parse_count(v) is not None or is_nil(v) for v in values)
        if row.kind == "section" or (not counted and _CATEGORY.match(label)):
            if pending is not None:
                out += _counts(pending[0], columns, pending[1])
            pending = None
            category = label or None
            scope = {"category": category, "subcategory": None, "unit": None}
            continue
        if not counted:
            continue  # free text under C./D.
        if row.kind in ("subtotal", "total") or (row.indent == 0 and not _ITEM.match(label)):
            if pending is not None:
                out += _counts(pending[0], columns, pending[1])
            subcategory, unit = split_unit(label)
            scope = {"category": category, "subcategory": subcategory, "unit": unit}
            pending = (row, {**where, **scope, "item": None})
            continue
        pending = None
        out += _counts(row, columns, {**where, **scope, "item": label or None})
    if pending is not None:
        out += _counts(pending[0], columns, pending[1])
    return out


def deliverables_frame(document_id: str, tables: list[Table], paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Deliverables tables (应交付产出) in long form: one row per numbered item and year column; a
    subcategory with no numbered items gives one row per column itself (item NULL). Free-text rows
    (C./D. categories) give no counts; '—' gives a NULL count."""
    out: list[dict[str, object]] = []
    for table in tables:
        if not plan_columns(table) or not is_deliverables_table(table):
            continue
        subprogramme = table_subprogramme(table, paragraphs, ("应交付产出",))
        out += [{"document_id": document_id, **row} for row in table_deliverables(table, subprogramme)]
    frame = pd.DataFrame(out, columns=DELIVERABLE_COLUMNS)
    return frame.astype({"count": "Int64", "page": "int64"})
