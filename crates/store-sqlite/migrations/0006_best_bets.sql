-- Operator best bets: a URL pinned to a query, shown above the organic results. `query_key` is the
-- search log's key folded (tones removed, đ → d), so "dich vu cong" finds "dịch vụ công";
-- `query` is as the operator typed it, trimmed. `position` orders the entries of one key, from 1.

CREATE TABLE search_best_bets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    query_key   TEXT NOT NULL,
    query       TEXT NOT NULL,
    url         TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT,
    position    INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (query_key, url)
);
