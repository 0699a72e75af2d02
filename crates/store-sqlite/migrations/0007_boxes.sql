-- Saved embeddable boxes. `spec` is the box's configuration as JSON text, kept verbatim: its
-- meaning belongs to ketnoi-boxes, not to the store. `edit_key_hash` is the hex SHA-256 of the
-- key that lets its owner edit it (the key itself is never stored). `version` starts at 1 and
-- goes up by one on every update, for optimistic concurrency.

CREATE TABLE boxes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    spec          TEXT NOT NULL,
    edit_key_hash TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
