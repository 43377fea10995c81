-- Notices of the same day are listed strictly newest first: the publish instant breaks the tie on the
-- document date (published_on stays the first key: a seeded notice dated last year stays below today's).
ALTER TABLE notices ADD COLUMN published_at timestamptz;
UPDATE notices SET published_at = created_at WHERE published_at IS NULL;
ALTER TABLE notices ALTER COLUMN published_at SET DEFAULT now();
ALTER TABLE notices ALTER COLUMN published_at SET NOT NULL;
DROP INDEX IF EXISTS notices_feed;
CREATE INDEX notices_feed ON notices (published_on DESC, published_at DESC, id DESC) WHERE status = 'published';
