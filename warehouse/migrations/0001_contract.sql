-- 0001: the warehouse contract (DESIGN.md). Schema `main` is what analysts read;
-- schema `staging` holds a document's rows between validation, audit and publishing.

CREATE TABLE IF NOT EXISTS documents (
    document_id      VARCHAR PRIMARY KEY,
    symbol           VARCHAR,
    language         VARCHAR NOT NULL DEFAULT 'zh',
    title            VARCHAR,
    organ            VARCHAR,
    session          VARCHAR,
    agenda_item      VARCHAR,
    issued_on        DATE,
    job_number       VARCHAR,
    page_count       INTEGER,
    source_uri       VARCHAR,
    file_size        BIGINT,
    ingested_at      TIMESTAMP,
    pipeline_version VARCHAR NOT NULL,
    status           VARCHAR NOT NULL CHECK (status IN ('loaded', 'quarantined')),
    status_reason    VARCHAR
);

CREATE TABLE IF NOT EXISTS paragraphs (
    document_id   VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    page          INTEGER NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('heading', 'paragraph', 'list_item', 'footnote')),
    number        VARCHAR,
    label         VARCHAR,
    level         INTEGER,
    section       VARCHAR,
    text          VARCHAR NOT NULL,
    raw_text      VARCHAR,
    page_last     INTEGER,
    footnote_refs VARCHAR[],
    links         VARCHAR[]
);

CREATE TABLE IF NOT EXISTS tables (
    document_id VARCHAR NOT NULL,
    table_key   VARCHAR NOT NULL,
    number      VARCHAR,
    part        VARCHAR,
    title       VARCHAR,
    unit        VARCHAR,
    factor      DOUBLE,
    page_first  INTEGER NOT NULL,
    page_last   INTEGER NOT NULL,
    n_rows      INTEGER NOT NULL,
    n_cols      INTEGER NOT NULL,
    category    VARCHAR NOT NULL CHECK (category IN ('budget', 'posts', 'deliverables', 'performance', 'other')),
    notes       VARCHAR[]
);

CREATE TABLE IF NOT EXISTS table_cells (
    document_id  VARCHAR NOT NULL,
    table_key    VARCHAR NOT NULL,
    "row"        INTEGER NOT NULL,
    col          INTEGER NOT NULL,
    row_kind     VARCHAR NOT NULL CHECK (row_kind IN ('data', 'section', 'subtotal', 'total')),
    row_label    VARCHAR,
    row_path     VARCHAR,
    column_label VARCHAR,
    text         VARCHAR NOT NULL,
    value        DOUBLE,
    page         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS budget_lines (
    document_id VARCHAR NOT NULL,
    symbol      VARCHAR,
    table_key   VARCHAR NOT NULL,
    fund        VARCHAR,
    org_unit    VARCHAR,
    item        VARCHAR,
    row_kind    VARCHAR,
    measure     VARCHAR NOT NULL,
    period      VARCHAR,
    amount_usd  DOUBLE,
    amount_text VARCHAR NOT NULL,
    unit        VARCHAR,
    page        INTEGER NOT NULL,
    "row"       INTEGER,
    col         INTEGER
);

CREATE TABLE IF NOT EXISTS posts (
    document_id VARCHAR NOT NULL,
    symbol      VARCHAR,
    table_key   VARCHAR NOT NULL,
    fund        VARCHAR,
    org_unit    VARCHAR,
    category    VARCHAR,
    grade       VARCHAR,
    period      VARCHAR,
    status      VARCHAR,
    count       INTEGER,
    page        INTEGER NOT NULL,
    "row"       INTEGER,
    col         INTEGER
);

CREATE TABLE IF NOT EXISTS mandates (
    document_id   VARCHAR NOT NULL,
    mandate_key   VARCHAR NOT NULL,
    symbol        VARCHAR,
    organ         VARCHAR,
    kind          VARCHAR,
    number        VARCHAR,
    title         VARCHAR,
    source        VARCHAR NOT NULL CHECK (source IN ('mandate_list', 'citation')),
    subprogramme  VARCHAR,
    paragraph_seq INTEGER,
    page          INTEGER NOT NULL,
    url           VARCHAR
);

CREATE TABLE IF NOT EXISTS document_references (
    document_id   VARCHAR NOT NULL,
    symbol        VARCHAR NOT NULL,
    paragraph_seq INTEGER,
    page          INTEGER NOT NULL,
    url           VARCHAR
);

CREATE TABLE IF NOT EXISTS results (
    document_id  VARCHAR NOT NULL,
    subprogramme VARCHAR,
    kind         VARCHAR NOT NULL CHECK (kind IN ('objective', 'planned_result', 'programme_performance')),
    number       VARCHAR,
    title        VARCHAR,
    text         VARCHAR,
    page         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS performance_measures (
    document_id  VARCHAR NOT NULL,
    table_key    VARCHAR NOT NULL,
    subprogramme VARCHAR,
    year         VARCHAR,
    statement    VARCHAR,
    page         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS deliverables (
    document_id  VARCHAR NOT NULL,
    table_key    VARCHAR NOT NULL,
    subprogramme VARCHAR,
    category     VARCHAR,
    subcategory  VARCHAR,
    item         VARCHAR,
    unit         VARCHAR,
    year         VARCHAR,
    measure      VARCHAR CHECK (measure IN ('planned', 'actual')),
    count        INTEGER,
    page         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS quality_issues (
    document_id      VARCHAR NOT NULL,
    stage            VARCHAR NOT NULL,
    "check"          VARCHAR NOT NULL,
    severity         VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    table_key        VARCHAR,
    page             INTEGER,
    detail           VARCHAR NOT NULL,
    pipeline_version VARCHAR,
    recorded_at      TIMESTAMP
);

CREATE SCHEMA IF NOT EXISTS staging;
