-- Contract 0004 (additive): rows a row-level contract check set aside, kept rather than lost.
-- Published with the document's other rows in the same transaction (a document's slice, replaced
-- whole on re-publishing); a quarantined document with no published version has none.

CREATE TABLE IF NOT EXISTS rejected_rows (
    document_id VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    "row"       JSON NOT NULL,
    "check"     VARCHAR NOT NULL,
    check_kind  VARCHAR NOT NULL CHECK (check_kind IN ('structural', 'plausibility')),
    action      VARCHAR NOT NULL CHECK (action IN ('rejected', 'demoted', 'withheld')),
    page        INTEGER,
    table_key   VARCHAR,
    reason      VARCHAR NOT NULL
);

COMMENT ON TABLE rejected_rows IS 'Rows of a loaded document that failed a contract check, as they were read: rejected (not loaded), demoted (loaded in their safe reading, e.g. an unmarked footnote as a paragraph) or withheld with their table';
COMMENT ON COLUMN rejected_rows.document_id IS 'documents.document_id';
COMMENT ON COLUMN rejected_rows.table_name IS 'Contract table the row was meant for (paragraphs, posts, mandates ...)';
COMMENT ON COLUMN rejected_rows."row" IS 'The row as read, before any demotion: a JSON object of its columns';
COMMENT ON COLUMN rejected_rows."check" IS 'The failed check: Model.check or Model.column.check, as quality_issues.check names it';
COMMENT ON COLUMN rejected_rows.check_kind IS 'structural (an invariant of the document or table) | plausibility (one row looks wrong)';
COMMENT ON COLUMN rejected_rows.action IS 'rejected (row not loaded) | demoted (loaded in its safe reading) | withheld (its table was not loaded)';
COMMENT ON COLUMN rejected_rows.page IS 'Page (1-based) of the row';
COMMENT ON COLUMN rejected_rows.table_key IS 'tables.table_key of the row, when it belongs to a table';
COMMENT ON COLUMN rejected_rows.reason IS 'What was done with the row and why, readable';
