-- Version 4: official count and population tables (SESNSP, INEGI, CONAPO), beside the event datasets.
-- A table's rows are one Arrow IPC stream (area, period, measure, unit, value …): they are read whole,
-- never queried row by row. A name is live once; a deleted table stays for a day (deleted_at).
CREATE TABLE atlas_official_table (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('counts', 'population')),
    meta        jsonb NOT NULL,
    arrow       bytea NOT NULL,
    editor      text NOT NULL DEFAULT '',
    imported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    deleted_at  timestamptz
);
CREATE UNIQUE INDEX atlas_official_table_live_name ON atlas_official_table (name) WHERE deleted_at IS NULL;
