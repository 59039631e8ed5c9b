-- Versions of one report: re-saved bytes of the same report (same symbol, language and job
-- number) are separate documents rows; exactly one loaded row of a report is current.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS is_current BOOLEAN;  -- 0006 adds it too, if missing
ALTER TABLE documents ADD COLUMN IF NOT EXISTS version_of VARCHAR;

COMMENT ON COLUMN documents.is_current IS 'TRUE for the latest ingested loaded version of a report (same symbol, language and job_number, different bytes), FALSE for the versions it replaced, NULL for a quarantined document; a document without a symbol is its own report. Count facts WHERE is_current';
COMMENT ON COLUMN documents.version_of IS 'document_id of the version of the same report that this one replaced when it was published (the previous current one), or NULL for a first version';

-- existing rows: the latest ingested loaded version of each report is current
UPDATE documents AS d SET is_current = v.rank = 1, version_of = v.previous
FROM (
    SELECT document_id,
           row_number() OVER w AS rank,
           lead(document_id) OVER w AS previous
    FROM documents
    WHERE status = 'loaded' AND symbol IS NOT NULL
    WINDOW w AS (PARTITION BY symbol, language, job_number ORDER BY ingested_at DESC, document_id)
) AS v
WHERE d.document_id = v.document_id;
UPDATE documents SET is_current = TRUE WHERE status = 'loaded' AND symbol IS NULL;
