-- Query analytics for operators: every search asked and every result followed. `query_key` groups
-- spellings of one query (NFC, lower case, whitespace collapsed); `query` is as typed, trimmed.
-- Timestamps are RFC 3339 UTC text with microseconds, so they compare as text.

CREATE TABLE search_queries (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    query_key TEXT NOT NULL,
    query     TEXT NOT NULL,
    results   INTEGER NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX search_queries_at ON search_queries(at);
CREATE INDEX search_queries_key ON search_queries(query_key, id);

CREATE TABLE search_clicks (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    query_key TEXT NOT NULL,
    url       TEXT NOT NULL,
    position  INTEGER,
    at        TEXT NOT NULL
);
CREATE INDEX search_clicks_at ON search_clicks(at);
CREATE INDEX search_clicks_key ON search_clicks(query_key, at);
