-- The crawl: frontier and pages (one row per site and normalised URL), sitemaps read, and the
-- per-site state kept between runs. Timestamps are RFC 3339 UTC text with microseconds, so
-- they compare as text.

CREATE TABLE crawl_urls (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id         INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    source          TEXT NOT NULL,
    depth           INTEGER NOT NULL,
    state           TEXT NOT NULL,
    next_fetch_at   TEXT NOT NULL,
    sitemap_lastmod TEXT,
    etag            TEXT,
    last_modified   TEXT,
    status          INTEGER,
    fetched_at      TEXT,
    changed_at      TEXT,
    interval_secs   INTEGER NOT NULL,
    failures        INTEGER NOT NULL,
    last_error      TEXT,
    content_hash    TEXT,
    simhash         INTEGER,
    kind            TEXT,
    title           TEXT,
    canonical       TEXT,
    noindex         BOOLEAN NOT NULL,
    document        TEXT,
    UNIQUE (site_id, url)
);
CREATE INDEX crawl_urls_due ON crawl_urls(site_id, next_fetch_at);
CREATE INDEX crawl_urls_hash ON crawl_urls(content_hash);

CREATE TABLE crawl_sitemaps (
    site_id       INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    parent        TEXT,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT,
    entries       INTEGER NOT NULL,
    error         TEXT,
    PRIMARY KEY (site_id, url)
);

CREATE TABLE crawl_sites (
    site_id              INTEGER PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
    robots_body          TEXT,
    robots_status        INTEGER,
    robots_etag          TEXT,
    robots_last_modified TEXT,
    robots_fetched_at    TEXT,
    sitemaps_read_at     TEXT,
    report               TEXT
);
