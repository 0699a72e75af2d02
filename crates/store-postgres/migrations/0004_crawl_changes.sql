-- The search index follows the frontier in (fetched_at, id) order.
CREATE INDEX crawl_urls_changes ON crawl_urls(fetched_at, id);
