-- Contract 0006 (additive): the curated Chinese -> English vocabulary behind the analyst views.
--  * labels: one row per term; filled from warehouse/labels.csv every time the writer opens the
--    warehouse (load/labels.py), so editing the CSV is the way to add a term.
--  * label_key(text): the form a printed label is looked up under (enumerators such as 'A. ',
--    '1. ', '(1) ' and a trailing '，C' stripped, runs of spaces collapsed).
--  * documents.is_current: added here only if the versioning migration has not added it already.

CREATE TABLE IF NOT EXISTS labels (
    kind VARCHAR NOT NULL,
    code VARCHAR,
    zh VARCHAR,
    en VARCHAR NOT NULL,
    subkind VARCHAR
);

ALTER TABLE documents ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT TRUE;

CREATE OR REPLACE MACRO label_key(t) AS
    regexp_replace(
        regexp_replace(
            regexp_replace(trim(t), '^(?:(?:[A-Z]|[0-9]{1,2}|\([0-9]{1,2}\))[.．、]?\s+)+', ''),
            '\s*[，,]\s*\(?[A-Z0-9]{1,3}\)?$', ''),
        '\s+', ' ', 'g');

COMMENT ON TABLE labels IS 'Curated vocabulary: English names of printed Chinese terms and of the warehouse codes (source: warehouse/labels.csv); the *_en columns of the analyst views come from here, unknown terms stay Chinese';
COMMENT ON COLUMN labels.kind IS 'item (row labels: objects of expenditure, components, subprogrammes, totals) | fund | measure | grade | category | row_kind | table_kind | organ';
COMMENT ON COLUMN labels.code IS 'The warehouse code the term stands for (budget_lines.fund, .measure, posts.grade, .category, row_kind, tables.category, mandates.organ); NULL for printed labels without a code';
COMMENT ON COLUMN labels.zh IS 'The Chinese term as printed, in label_key() form (no enumerator such as A. or 1.)';
COMMENT ON COLUMN labels.en IS 'English name (United Nations budget terminology where one exists)';
COMMENT ON COLUMN labels.subkind IS 'For items: object_of_expenditure | category | total | component | subprogramme | organ | fund_line; for measures: change (a change, not a level); for table_kind: category (tables.category) | title (a table title)';
COMMENT ON COLUMN documents.is_current IS 'TRUE for the latest ingested version of the same report (same symbol, language and job number); the analyst views read current documents only';
