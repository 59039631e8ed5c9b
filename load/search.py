"""Full-text search over paragraphs and table cells, Chinese and mixed text, offline.

How (measured in docs/ANALYSTS.md, "Full-text search"): every query term is matched as a
substring of the text, so a two-character word such as 海洋 is found wherever it is printed, with
no segmenter to split it differently and no index to keep in step with the published rows; hits are
ranked by BM25 with the term's occurrence count as term frequency and the text's length in
characters as document length. Works on a read-only connection (what analysts open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

# BM25 constants: the usual values (term-frequency saturation, length normalisation).
BM25_K1 = 1.2
BM25_B = 0.75
SNIPPET_CONTEXT = 40  # characters of text either side of the first hit in a snippet
MARK = ("«", "»")  # how a snippet highlights the matched terms

_CORPUS = """
    SELECT 'paragraph' AS source, p.document_id, d.symbol, p.page, p.seq, NULL::VARCHAR AS table_key,
           NULL::INTEGER AS "row", NULL::INTEGER AS col, p.section AS context, p.text
    FROM paragraphs p JOIN documents d USING (document_id)
    WHERE d.status = 'loaded' AND coalesce(d.is_current, TRUE) AND p.text IS NOT NULL
    UNION ALL
    SELECT 'cell', c.document_id, d.symbol, c.page, NULL, c.table_key, c."row", c.col,
           concat_ws(' / ', c.row_path, c.column_label), c.text
    FROM table_cells c JOIN documents d USING (document_id)
    WHERE d.status = 'loaded' AND coalesce(d.is_current, TRUE) AND c.text IS NOT NULL AND c.value IS NULL
"""


@dataclass(frozen=True, slots=True)
class Hit:
    source: str  # paragraph | cell
    document_id: str
    symbol: str | None
    page: int | None
    seq: int | None  # paragraphs.seq of a paragraph hit
    table_key: str | None  # table_cells key of a cell hit
    row: int | None
    col: int | None
    context: str | None  # the paragraph's section, or the cell's row path / column label
    text: str
    score: float

    def snippet(self, terms: list[str]) -> str:
        return make_snippet(self.text, terms)


def query_terms(query: str) -> list[str]:
    """Whitespace-separated terms, lower-cased (Latin words), duplicates dropped, order kept."""
    terms: list[str] = []
    for term in query.split():
        term = term.strip().lower()
        if term and term not in terms:
            terms.append(term)
    return terms


def search(con: duckdb.DuckDBPyConnection, query: str, *, document: str | None = None, limit: int = 20) -> list[Hit]:
    """Paragraphs and text cells containing every term of ``query``, best first.

    ``document`` narrows to one document: a document_id (or its prefix) or a symbol."""
    terms = query_terms(query)
    if not terms:
        return []
    tf = [
        f"((length(lower(text)) - length(replace(lower(text), ${i + 1}, ''))) // length(${i + 1}))"
        for i in range(len(terms))
    ]
    params: list[object] = list(terms)
    where = " AND ".join(f"tf{i} > 0" for i in range(len(terms)))
    narrow = ""
    if document:
        params += [document, document + "%"]
        narrow = f"WHERE symbol = ${len(params) - 1} OR document_id LIKE ${len(params)}"
    score = " + ".join(
        f"ln(1 + (n - df{i} + 0.5) / (df{i} + 0.5)) * tf{i} * {BM25_K1 + 1} "
        f"/ (tf{i} + {BM25_K1} * (1 - {BM25_B} + {BM25_B} * len / avg_len))"
        for i in range(len(terms))
    )
    df = ", ".join(f"count(*) FILTER (WHERE tf{i} > 0) AS df{i}" for i in range(len(terms)))
    sql = f"""
        WITH corpus AS (SELECT * FROM ({_CORPUS}) {narrow}),
        counted AS (SELECT *, length(text) AS len, {", ".join(f"{t} AS tf{i}" for i, t in enumerate(tf))} FROM corpus),
        stats AS (SELECT count(*) AS n, avg(len) AS avg_len, {df} FROM counted)
        SELECT source, document_id, symbol, page, seq, table_key, "row", col, context, text, {score} AS score
        FROM counted, stats WHERE {where}
        ORDER BY score DESC, document_id, page, seq NULLS LAST, table_key, "row", col
        LIMIT {int(limit)}
    """
    return [Hit(*row) for row in con.execute(sql, params).fetchall()]


def make_snippet(text: str, terms: list[str], context: int = SNIPPET_CONTEXT) -> str:
    """The text around the first matched term, every term marked «…»; … where text was cut."""
    lowered = text.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start, end = max(0, first - context), min(len(text), first + context + max(map(len, terms), default=0))
    piece = text[start:end]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    piece = pattern.sub(lambda m: f"{MARK[0]}{m.group(0)}{MARK[1]}", piece)
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def render_hits(hits: list[Hit], terms: list[str]) -> str:
    if not hits:
        return "no paragraph or table cell contains " + " and ".join(terms)
    lines = []
    for rank, hit in enumerate(hits, 1):
        where = f"p. {hit.page}" if hit.page is not None else "p. ?"
        place = f"¶{hit.seq}" if hit.source == "paragraph" else f"table {hit.table_key} r{hit.row} c{hit.col}"
        lines.append(f"{rank:>3}. {hit.symbol or hit.document_id[:12]}  {where}  {place}  score {hit.score:.2f}")
        lines.append(f"     {hit.snippet(terms)}")
    return "\n".join(lines)
