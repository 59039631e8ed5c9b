-- Contract 0003 (additive: existing queries keep working).
--  * results: the target and achieved value a programme-performance text states
--    ("……新增了 35 个，而目标是 35 个"), as printed and as numbers.
--  * mandates: the part of an act a mandate list cites ("SS.VIII/1, sect. II" -> part 'sect. II').
--  * mandates, document_references: citations found in table cells point at their cell
--    (table_key, row, col) instead of a paragraph.

ALTER TABLE results ADD COLUMN target_text VARCHAR;
ALTER TABLE results ADD COLUMN target_value DOUBLE;
ALTER TABLE results ADD COLUMN achieved_text VARCHAR;
ALTER TABLE results ADD COLUMN achieved_value DOUBLE;
ALTER TABLE results ADD COLUMN value_unit VARCHAR;

ALTER TABLE mandates ADD COLUMN part VARCHAR;
ALTER TABLE mandates ADD COLUMN table_key VARCHAR;
ALTER TABLE mandates ADD COLUMN "row" INTEGER;
ALTER TABLE mandates ADD COLUMN col INTEGER;

ALTER TABLE document_references ADD COLUMN table_key VARCHAR;
ALTER TABLE document_references ADD COLUMN "row" INTEGER;
ALTER TABLE document_references ADD COLUMN col INTEGER;

COMMENT ON COLUMN results.target_text IS 'The target as printed in text (substring of text), e.g. 35 个 from 而目标是 35 个; NULL when the text states none';
COMMENT ON COLUMN results.target_value IS 'target_text as a number (35, 90 for 90%)';
COMMENT ON COLUMN results.achieved_text IS 'The achieved value the target is compared with, as printed (substring of text)';
COMMENT ON COLUMN results.achieved_value IS 'achieved_text as a number';
COMMENT ON COLUMN results.value_unit IS 'Unit of target and achieved values: % or the measure word (个, 项, 家 ...)';
COMMENT ON COLUMN mandates.part IS 'Part of the act named with it, as printed: sect. II of the list entry SS.VIII/1, sect. II; 第 10 段 of the citation 第 4/1 号决定第 10 段; else NULL';
COMMENT ON COLUMN mandates.table_key IS 'tables.table_key when the citation is in a table cell; else NULL';
COMMENT ON COLUMN mandates."row" IS 'table_cells.row of the citing cell; else NULL';
COMMENT ON COLUMN mandates.col IS 'table_cells.col of the citing cell; else NULL';
COMMENT ON COLUMN document_references.table_key IS 'tables.table_key when the reference is in a table cell; else NULL';
COMMENT ON COLUMN document_references."row" IS 'table_cells.row of the citing cell; else NULL';
COMMENT ON COLUMN document_references.col IS 'table_cells.col of the citing cell; else NULL';
COMMENT ON COLUMN mandates.paragraph_seq IS 'paragraphs.seq of the citing paragraph or list entry; NULL for a citation in a table cell';
COMMENT ON COLUMN document_references.paragraph_seq IS 'paragraphs.seq of the citing paragraph; NULL for a reference in a table cell';
