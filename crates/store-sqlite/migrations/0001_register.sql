-- The register: units of government, their successions, sites and focal contacts.
-- Dates and timestamps are ISO-8601 text (see ketnoi-store/src/rows.rs).

CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    code        TEXT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    parent_id   TEXT REFERENCES units(id),
    valid_from  TEXT,
    valid_to    TEXT
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_code ON units(code);
CREATE INDEX units_name_key ON units(name_key);
CREATE INDEX units_level ON units(level);

CREATE TABLE unit_successions (
    predecessor_id TEXT NOT NULL REFERENCES units(id),
    successor_id   TEXT NOT NULL REFERENCES units(id),
    coverage       TEXT NOT NULL,
    is_default     BOOLEAN NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_successions_successor ON unit_successions(successor_id);

CREATE TABLE sites (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id             TEXT REFERENCES units(id),
    name                TEXT NOT NULL,
    status              TEXT NOT NULL,
    technology          TEXT,
    hosting             TEXT NOT NULL,
    parent_site_id      INTEGER REFERENCES sites(id) ON DELETE SET NULL,
    sitemaps            TEXT NOT NULL,
    crawl_enabled       BOOLEAN NOT NULL,
    crawl_delay_seconds INTEGER,
    crawl_max_urls      INTEGER,
    note                TEXT,
    version             INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX sites_unit ON sites(unit_id);

CREATE TABLE site_urls (
    site_id  INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    url      TEXT NOT NULL,
    url_key  TEXT NOT NULL UNIQUE,
    host     TEXT NOT NULL,
    PRIMARY KEY (site_id, position)
);
CREATE INDEX site_urls_host ON site_urls(host);

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    role       TEXT NOT NULL,
    full_name  TEXT NOT NULL,
    position   TEXT,
    department TEXT,
    phone      TEXT,
    email      TEXT,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX contacts_unit ON contacts(unit_id);
