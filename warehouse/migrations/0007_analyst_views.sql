-- Analyst views (docs/ANALYSTS.md answers questions with them). Every view:
--  * reads loaded, current documents only (documents.status = 'loaded' and is_current);
--  * never counts a fact twice: where the same figure is printed in several tables (a post table
--    14.14 that repeats 14.15, a component table that repeats a line of the overview), one row is
--    kept, from the first table printing it; category and total rows live in separate views;
--  * keeps the Chinese label and adds its English name (*_en, from labels; NULL when the term is
--    not in the vocabulary, see `unwh labels`).

CREATE OR REPLACE VIEW current_documents AS
SELECT * FROM documents WHERE status = 'loaded' AND coalesce(is_current, TRUE);

-- English for a ' > '-joined path of printed labels (org_unit, subprogramme): each part looked up.
CREATE OR REPLACE VIEW label_paths AS
WITH paths AS (
    SELECT DISTINCT p AS path FROM (
        SELECT org_unit AS p FROM budget_lines UNION ALL SELECT org_unit FROM posts
        UNION ALL SELECT subprogramme FROM results UNION ALL SELECT subprogramme FROM mandates
    ) WHERE p IS NOT NULL
), parts AS (
    SELECT path, unnest(string_split(path, ' > ')) AS part,
           unnest(range(1, len(string_split(path, ' > ')) + 1)) AS i
    FROM paths
)
, split AS (  -- '次级方案 1 气候变化' = 'Subprogramme 1' + a printed name
    SELECT path, i, part, regexp_extract(part, '^次级方案\s*(\d+)', 1) AS sp_no,
           trim(regexp_replace(part, '^次级方案\s*\d+\s*', '')) AS rest
    FROM parts
), named AS (
    SELECT s.path, s.i, s.part,
           CASE WHEN s.sp_no = '' THEN l.en
                WHEN s.rest = '' THEN 'Subprogramme ' || s.sp_no
                WHEN l.en IS NOT NULL THEN 'Subprogramme ' || s.sp_no || ' ' || l.en END AS en
    FROM split s LEFT JOIN (SELECT zh, min(en) AS en FROM labels WHERE kind = 'item' GROUP BY zh) l
        ON l.zh = label_key(s.rest)
)
SELECT path, string_agg(coalesce(en, part), ' > ' ORDER BY i) AS path_en,
       bool_and(en IS NOT NULL) AS fully_mapped
FROM named GROUP BY path;

CREATE OR REPLACE VIEW document_list AS
WITH organ_parts AS (
    SELECT document_id, unnest(string_split(replace(organ, ' / ', '/'), '/')) AS part,
           unnest(range(1, len(string_split(replace(organ, ' / ', '/'), '/')) + 1)) AS i
    FROM current_documents WHERE organ IS NOT NULL
), organ_en AS (
    SELECT o.document_id, string_agg(coalesce(l.en, o.part), ' / ' ORDER BY o.i) AS organ_en
    FROM organ_parts o LEFT JOIN (SELECT zh, min(en) AS en FROM labels WHERE kind = 'organ' GROUP BY zh) l
        ON l.zh = trim(o.part)
    GROUP BY o.document_id
)
SELECT d.document_id, d.symbol, d.title, d.organ, e.organ_en, d.session, d.agenda_item, d.issued_on,
       d.job_number, d.page_count, d.source_uri, d.ingested_at,
       (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.document_id) AS n_paragraphs,
       (SELECT count(*) FROM tables t WHERE t.document_id = d.document_id) AS n_tables,
       (SELECT count(*) FROM budget_lines b WHERE b.document_id = d.document_id) AS n_budget_lines,
       (SELECT count(*) FROM posts p WHERE p.document_id = d.document_id) AS n_posts,
       (SELECT count(*) FROM mandates m WHERE m.document_id = d.document_id) AS n_mandates,
       (SELECT count(*) FROM results r WHERE r.document_id = d.document_id) AS n_results
FROM current_documents d LEFT JOIN organ_en e USING (document_id);

-- Every budget line of a current document with its English labels (all row kinds, all tables).
CREATE OR REPLACE VIEW budget AS
SELECT b.document_id, b.symbol, b.table_key, t.title AS table_title,
       coalesce(tt.en, tc.en) AS table_title_en,
       b.fund, f.en AS fund_en, b.org_unit, lp.path_en AS org_unit_en,
       b.item, i.en AS item_en, i.subkind AS item_class, b.row_kind,
       b.measure, m.en AS measure_en, b.period, b.amount_usd, b.amount_text, b.unit, b.page
FROM budget_lines b
JOIN current_documents d USING (document_id)
LEFT JOIN tables t ON t.document_id = b.document_id AND t.table_key = b.table_key
LEFT JOIN labels tt ON tt.kind = 'table_kind' AND tt.subkind = 'title'
    AND tt.zh = regexp_replace(t.title, '^[^：:]{1,30}[：:]\s*', '')
LEFT JOIN labels tc ON tc.kind = 'table_kind' AND tc.subkind = 'category' AND tc.code = t.category
LEFT JOIN labels f ON f.kind = 'fund' AND f.code = b.fund
LEFT JOIN labels m ON m.kind = 'measure' AND m.code = b.measure
LEFT JOIN (SELECT zh, min(en) AS en, min(subkind) AS subkind FROM labels WHERE kind = 'item' GROUP BY zh) i
    ON i.zh = label_key(b.item)
LEFT JOIN label_paths lp ON lp.path = b.org_unit;

-- Budget by object of expenditure (员额 Posts, 咨询人 Consultants, 招待费 Hospitality ...): one row
-- per document, fund, org_unit, object, measure and period. SUM(amount_usd) over the objects of one
-- (document, fund, org_unit, measure, period) is the entity's total; totals are in budget_totals.
CREATE OR REPLACE VIEW budget_by_object AS
SELECT document_id, symbol, fund, fund_en, org_unit, org_unit_en, item AS object, item_en AS object_en,
       measure, measure_en, period, amount_usd, amount_text, unit, table_key, page
FROM budget
WHERE item_class = 'object_of_expenditure' AND row_kind = 'data' AND measure IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY document_id, fund, org_unit, label_key(item), measure, period ORDER BY page, table_key) = 1;

-- Total and subtotal lines (共计, 小计, 非员额 ...), one per document, fund, org_unit, label, measure, period.
CREATE OR REPLACE VIEW budget_totals AS
SELECT document_id, symbol, fund, fund_en, org_unit, org_unit_en, item, item_en, row_kind,
       measure, measure_en, period, amount_usd, amount_text, unit, table_key, page
FROM budget
WHERE (row_kind IN ('total', 'subtotal') OR item_class IN ('total', 'category')) AND measure IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY document_id, fund, org_unit, label_key(item), measure, period ORDER BY page, table_key) = 1;

-- Posts of current documents with English labels; rank 1 = the authoritative row of its fact.
CREATE OR REPLACE VIEW posts_labelled AS
WITH p AS (
    SELECT p.*, CASE WHEN p.grade IS NOT NULL THEN 'grade' WHEN p.category IS NOT NULL THEN 'category'
                     ELSE 'total' END AS level
    FROM posts p JOIN current_documents d USING (document_id)
), known_fund AS (  -- facts also printed with their fund: the copy without a fund is a repeat
    SELECT DISTINCT document_id, org_unit, level, category, grade, period, status, count
    FROM p WHERE fund IS NOT NULL
)
SELECT p.document_id, p.symbol, p.table_key, p.fund, f.en AS fund_en, p.org_unit, lp.path_en AS org_unit_en,
       p.level, p.category, c.en AS category_en, p.grade, g.en AS grade_en, p.period, p.status, p.count, p.page,
       p.fund IS NULL AND k.document_id IS NOT NULL AS repeats_a_funded_row,
       row_number() OVER (
           PARTITION BY p.document_id, p.fund, p.org_unit, p.level, CASE WHEN p.level <> 'grade' THEN p.category END,
                        p.grade, p.period, p.status
           ORDER BY p.page, p.table_key) AS copy_rank
FROM p
LEFT JOIN known_fund k ON p.fund IS NULL AND k.document_id = p.document_id
    AND k.org_unit IS NOT DISTINCT FROM p.org_unit AND k.level = p.level
    AND (p.level = 'grade' OR k.category IS NOT DISTINCT FROM p.category)  -- a grade row may omit its category
    AND k.grade IS NOT DISTINCT FROM p.grade
    AND k.period IS NOT DISTINCT FROM p.period AND k.status IS NOT DISTINCT FROM p.status AND k.count = p.count
LEFT JOIN labels f ON f.kind = 'fund' AND f.code = p.fund
LEFT JOIN labels c ON c.kind = 'category' AND c.code = p.category
LEFT JOIN labels g ON g.kind = 'grade' AND g.code = p.grade
LEFT JOIN label_paths lp ON lp.path = p.org_unit;

-- Posts by grade: one row per document, fund, org_unit, grade, period and status, never two copies
-- of one printed fact; SUM(count) over one (document, fund, org_unit, period, status) is safe.
CREATE OR REPLACE VIEW posts_by_grade AS
SELECT document_id, symbol, fund, fund_en, org_unit, org_unit_en, category, category_en, grade, grade_en,
       period, status, count, table_key, page
FROM posts_labelled WHERE level = 'grade' AND copy_rank = 1 AND NOT repeats_a_funded_row;

-- Category and total post rows, apart from the grades they sum (level = category | total).
CREATE OR REPLACE VIEW posts_totals AS
SELECT document_id, symbol, fund, fund_en, org_unit, org_unit_en, level, category, category_en,
       period, status, count, table_key, page
FROM posts_labelled WHERE level <> 'grade' AND copy_rank = 1 AND NOT repeats_a_funded_row;

-- Mandates with the documents citing them: one row per mandate and citing document.
CREATE OR REPLACE VIEW mandates_cited AS
SELECT m.mandate_key, max(m.symbol) AS mandate_symbol, m.organ, max(o.en) AS organ_en, m.kind, m.number,
       max(m.title) AS title, m.document_id, d.symbol AS document_symbol, d.title AS document_title,
       count(*) AS n_citations, list(DISTINCT m.page ORDER BY m.page) AS pages,
       list(DISTINCT m.source ORDER BY m.source) AS sources
FROM mandates m
JOIN current_documents d USING (document_id)
LEFT JOIN labels o ON o.kind = 'organ' AND o.code = m.organ
GROUP BY m.mandate_key, m.organ, m.kind, m.number, m.document_id, d.symbol, d.title;

-- Results (objectives, planned results, programme performance) with the target and achieved value
-- the text states; target_met is NULL when the text states no target.
CREATE OR REPLACE VIEW results_with_targets AS
SELECT r.document_id, d.symbol, r.subprogramme, lp.path_en AS subprogramme_en, r.kind, r.number, r.title,
       r.target_text, r.target_value, r.achieved_text, r.achieved_value, r.value_unit,
       r.achieved_value >= r.target_value AS target_met, r.text, r.page
FROM results r
JOIN current_documents d USING (document_id)
LEFT JOIN label_paths lp ON lp.path = r.subprogramme;

COMMENT ON VIEW current_documents IS 'Documents that analysts query: loaded and the current version of their report';
COMMENT ON VIEW label_paths IS 'English for each org_unit / subprogramme path, part by part (unknown parts stay Chinese; fully_mapped tells)';
COMMENT ON VIEW document_list IS 'One row per current document: metadata (symbol, title, organ with English, session, issue date) and row counts per fact table';
COMMENT ON VIEW budget IS 'Every budget line of a current document with English labels (table title, fund, org unit, item, measure); includes totals and repeats across tables: use budget_by_object or budget_totals to sum';
COMMENT ON VIEW budget_by_object IS 'Budget by object of expenditure: one row per document, fund, org unit, object, measure and period (repeats across tables removed, totals excluded)';
COMMENT ON VIEW budget_totals IS 'Total, subtotal and category lines (共计, 小计, 非员额): one row per document, fund, org unit, label, measure and period';
COMMENT ON VIEW posts_labelled IS 'Every post row of a current document with English labels, its level (grade | category | total) and copy_rank (1 = the authoritative copy)';
COMMENT ON VIEW posts_by_grade IS 'Posts by grade without double counting: one row per document, fund, org unit, grade, period and status; category and total rows are in posts_totals';
COMMENT ON VIEW posts_totals IS 'Post category rows and total rows, one per document, fund, org unit, level, category, period and status';
COMMENT ON VIEW mandates_cited IS 'Each mandate with each current document citing it: number of citations, pages, sources (mandate_list | citation)';
COMMENT ON VIEW results_with_targets IS 'Results with the target and achieved value their text states and whether the target was met';

-- Columns the views derive (the others keep the name and meaning of the contract column they copy).
COMMENT ON COLUMN label_paths.path IS 'An org_unit or subprogramme path as printed (parts joined by " > ")';
COMMENT ON COLUMN label_paths.path_en IS 'The path in English, part by part; a part without a label stays Chinese';
COMMENT ON COLUMN label_paths.fully_mapped IS 'TRUE when every part of the path has an English label';
COMMENT ON COLUMN document_list.organ_en IS 'organ in English, part by part (parts joined by " / ")';
COMMENT ON COLUMN document_list.n_paragraphs IS 'paragraphs rows of the document';
COMMENT ON COLUMN document_list.n_tables IS 'tables rows of the document';
COMMENT ON COLUMN document_list.n_budget_lines IS 'budget_lines rows of the document';
COMMENT ON COLUMN document_list.n_posts IS 'posts rows of the document (printed rows, repeats included)';
COMMENT ON COLUMN document_list.n_mandates IS 'mandates rows of the document';
COMMENT ON COLUMN document_list.n_results IS 'results rows of the document';
COMMENT ON COLUMN budget.table_title IS 'tables.title of the table the line comes from';
COMMENT ON COLUMN budget.table_title_en IS 'English name of the table title (its "次级方案 N：" prefix aside), else of its category';
COMMENT ON COLUMN budget.fund_en IS 'fund in English (Regular budget, Extrabudgetary ...)';
COMMENT ON COLUMN budget.org_unit_en IS 'org_unit in English, part by part';
COMMENT ON COLUMN budget.item_en IS 'item in English (员额 Posts, 咨询人 Consultants ...); NULL when not in labels';
COMMENT ON COLUMN budget.item_class IS 'labels.subkind of the item: object_of_expenditure | category | total | component | subprogramme | organ | fund_line';
COMMENT ON COLUMN budget.measure_en IS 'measure in English';
COMMENT ON COLUMN budget_by_object.object IS 'The object of expenditure as printed (budget_lines.item)';
COMMENT ON COLUMN budget_by_object.object_en IS 'The object of expenditure in English';
COMMENT ON COLUMN budget_by_object.fund_en IS 'fund in English';
COMMENT ON COLUMN budget_by_object.org_unit_en IS 'org_unit in English; NULL org_unit is the whole entity';
COMMENT ON COLUMN budget_by_object.measure_en IS 'measure in English';
COMMENT ON COLUMN budget_by_object.table_key IS 'The first table printing this figure (repeats in later tables dropped)';
COMMENT ON COLUMN budget_totals.item_en IS 'The total label in English (Total, Subtotal, Non-post ...)';
COMMENT ON COLUMN budget_totals.fund_en IS 'fund in English';
COMMENT ON COLUMN budget_totals.org_unit_en IS 'org_unit in English';
COMMENT ON COLUMN budget_totals.measure_en IS 'measure in English';
COMMENT ON COLUMN posts_labelled.level IS 'grade (a grade row) | category (a post category row) | total (a total row)';
COMMENT ON COLUMN posts_labelled.fund_en IS 'fund in English';
COMMENT ON COLUMN posts_labelled.org_unit_en IS 'org_unit in English';
COMMENT ON COLUMN posts_labelled.category_en IS 'category in English';
COMMENT ON COLUMN posts_labelled.grade_en IS 'grade in English (Under-Secretary-General ... Local level)';
COMMENT ON COLUMN posts_labelled.repeats_a_funded_row IS 'TRUE for a row printed without its fund that another table prints with one (same grade/category, period, status, count)';
COMMENT ON COLUMN posts_labelled.copy_rank IS '1 for the first table printing this fact, 2.. for its repeats';
COMMENT ON COLUMN posts_by_grade.fund_en IS 'fund in English';
COMMENT ON COLUMN posts_by_grade.org_unit_en IS 'org_unit in English';
COMMENT ON COLUMN posts_by_grade.category_en IS 'category in English (NULL when the table prints grades without categories)';
COMMENT ON COLUMN posts_by_grade.grade_en IS 'grade in English';
COMMENT ON COLUMN posts_by_grade.table_key IS 'The first table printing this figure';
COMMENT ON COLUMN posts_totals.level IS 'category | total';
COMMENT ON COLUMN posts_totals.fund_en IS 'fund in English';
COMMENT ON COLUMN posts_totals.org_unit_en IS 'org_unit in English';
COMMENT ON COLUMN posts_totals.category_en IS 'category in English; NULL on total rows';
COMMENT ON COLUMN mandates_cited.mandate_symbol IS 'mandates.symbol: the official symbol of the act where derivable';
COMMENT ON COLUMN mandates_cited.organ_en IS 'The mandating organ in English';
COMMENT ON COLUMN mandates_cited.document_symbol IS 'Symbol of the citing document (NULL when it prints none)';
COMMENT ON COLUMN mandates_cited.document_title IS 'Title of the citing document';
COMMENT ON COLUMN mandates_cited.n_citations IS 'mandates rows of this mandate in this document (list entries and citations)';
COMMENT ON COLUMN mandates_cited.pages IS 'Pages citing it, ascending';
COMMENT ON COLUMN mandates_cited.sources IS 'How it was found: mandate_list and/or citation';
COMMENT ON COLUMN results_with_targets.subprogramme_en IS 'subprogramme in English';
COMMENT ON COLUMN results_with_targets.target_met IS 'achieved_value >= target_value; NULL when the text states no target';
