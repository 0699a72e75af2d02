-- The hub: directive information items (Annex II), API keys, webhooks.

CREATE TABLE hub_items (
    id             INTEGER PRIMARY KEY,
    ref_id         INTEGER,
    item_type      INTEGER NOT NULL,
    title          TEXT NOT NULL,
    sapo           TEXT NOT NULL,
    content        TEXT NOT NULL,
    avatar         TEXT NOT NULL,
    attachments    TEXT NOT NULL,
    original_url   TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    published_date TEXT,
    site_id        INTEGER,
    source         TEXT NOT NULL,
    state          TEXT NOT NULL,
    version        INTEGER NOT NULL,
    seq            INTEGER NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX hub_items_listing ON hub_items(state, published_date, id);

-- Unit ids an item is distributed to; no row means "to everyone".
CREATE TABLE hub_item_targets (
    item_id INTEGER NOT NULL REFERENCES hub_items(id) ON DELETE CASCADE,
    target  TEXT NOT NULL,
    PRIMARY KEY (item_id, target)
);
CREATE INDEX hub_item_targets_target ON hub_item_targets(target, item_id);

-- The change sequence: taken with a row lock inside each write, so the order
-- of sequence numbers is the order of commits (incremental sync relies on it).
CREATE TABLE hub_counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO hub_counters (name, value) VALUES ('seq', 0);

CREATE TABLE api_keys (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    secret_hash          TEXT NOT NULL,
    previous_hash        TEXT,
    previous_valid_until TEXT,
    allow_ips            TEXT NOT NULL,
    scope                TEXT,
    rate_per_minute      INTEGER NOT NULL,
    revoked_at           TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    active     BOOLEAN NOT NULL,
    created_at TEXT NOT NULL
);

-- A transactional outbox: rows are written with the item change they report.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    item_id         INTEGER NOT NULL,
    event           TEXT NOT NULL,
    item_version    INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT,
    delivered_at    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(delivered_at, next_attempt_at);
