-- Version 1: datasets and their events, with a spatial index.
-- One row per stored version of a dataset; a delete only sets deleted_at (the one-day trash),
-- so at most one row per name has deleted_at IS NULL (the live one).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE atlas_dataset (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,             -- the slug
    title         text NOT NULL,             -- the name as the editor typed it
    imported_at   text NOT NULL,             -- ISO 8601 UTC, whole seconds: the version a user saw
    rows_kept     bigint NOT NULL,
    rows_rejected bigint NOT NULL,
    source        text NOT NULL DEFAULT '',  -- uploaded file name (a label only)
    format        text NOT NULL DEFAULT '',
    data_source   text NOT NULL DEFAULT '',
    licence       text NOT NULL DEFAULT '',
    citation      text NOT NULL DEFAULT '',
    layout        text NOT NULL DEFAULT '',
    notices       jsonb NOT NULL DEFAULT '[]',
    deleted_at    timestamptz                -- NULL: live; else in the trash since then
);
CREATE UNIQUE INDEX atlas_dataset_live_name ON atlas_dataset (name) WHERE deleted_at IS NULL;
CREATE INDEX atlas_dataset_trash ON atlas_dataset (deleted_at) WHERE deleted_at IS NOT NULL;

-- The columns of dashboard.imports.rows.ROW_COLUMNS; text is never NULL ('' for none), counts may be.
CREATE TABLE atlas_event (
    dataset_id      bigint NOT NULL REFERENCES atlas_dataset (id) ON DELETE CASCADE,
    ord             integer NOT NULL,        -- the row's position in the import
    id              text NOT NULL,
    date            text NOT NULL,
    year            bigint NOT NULL,
    type            text NOT NULL,
    type_original   text NOT NULL,
    cartels         text NOT NULL,           -- ';'-joined cartel ids
    actors          text NOT NULL,
    place           text NOT NULL,
    admin1          text NOT NULL,
    country         text NOT NULL,
    lat             double precision NOT NULL,
    lon             double precision NOT NULL,
    killed          bigint,
    injured         bigint,
    source          text NOT NULL,
    notes           text NOT NULL,
    geocoded        boolean NOT NULL,
    line            bigint NOT NULL,
    date_end        text NOT NULL,
    date_precision  text NOT NULL,
    precision       text NOT NULL,
    precision_code  text NOT NULL,
    killed_low      bigint,
    killed_high     bigint,
    organisations   text NOT NULL,
    actor_names     text NOT NULL,
    -- derived from lat/lon by the server, so the two can never disagree
    geom            geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
    PRIMARY KEY (dataset_id, ord)
);
CREATE INDEX atlas_event_geom ON atlas_event USING gist (geom);
