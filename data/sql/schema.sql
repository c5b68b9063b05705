-- placevalue warehouse schema. Documented column by column in data/DICTIONARY.md.
-- No primary keys or foreign keys: DuckDB cannot delete and re-insert the same key in one
-- transaction, and keys block table renames; Load checks uniqueness and references instead.
CREATE SEQUENCE IF NOT EXISTS source_id_seq START 1;

CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS sources (
    source_id   BIGINT      NOT NULL,
    publication VARCHAR     NOT NULL,
    publisher   VARCHAR     NOT NULL,
    title       VARCHAR     NOT NULL,
    file_name   VARCHAR     NOT NULL,
    sha256      VARCHAR     NOT NULL,
    vintage     VARCHAR     NOT NULL,
    licence     VARCHAR     NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS regions (
    region_code   VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    level         VARCHAR NOT NULL,
    parent_code   VARCHAR,
    country       VARCHAR,
    superseded_in INTEGER -- year a reorganisation replaced the region; NULL while it is current
);

-- Reorganisations: old_code was replaced, wholly or in part, by new_code in year. Values stay on the
-- code they were published for.
CREATE TABLE IF NOT EXISTS region_changes (
    old_code VARCHAR NOT NULL,
    new_code VARCHAR NOT NULL,
    year     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    dimension    VARCHAR,
    unit         VARCHAR NOT NULL,
    direction    VARCHAR NOT NULL,
    source       VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS observations (
    source_id    BIGINT  NOT NULL,
    region_code  VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    value        DOUBLE,
    lower_bound  DOUBLE,
    upper_bound  DOUBLE,
    status       VARCHAR NOT NULL,
    source_file  VARCHAR NOT NULL,
    sheet        VARCHAR NOT NULL,
    cell         VARCHAR NOT NULL
);

-- The current view: for each region, indicator and period, the value from the latest vintage
-- (then the latest load). Earlier vintages stay in observations.
CREATE OR REPLACE VIEW current_observations AS
SELECT o.*, s.vintage
FROM observations o
JOIN sources s USING (source_id)
QUALIFY row_number() OVER (
    PARTITION BY o.region_code, o.indicator_id, o.period
    ORDER BY s.vintage DESC, s.loaded_at DESC, s.source_id DESC
) = 1;
