-- Notices fan out on read: a notice is one row; a reader's inbox entries for it (and for its withdrawal) are
-- computed from their subscriptions when they look, with per-reader read marks. Publishing writes no row per
-- subscriber; only the WeChat subscribe messages are still queued per reader, by a paced job that walks the
-- subscribers in user-id order and keeps its place on the notice (pushed_until), in the same transaction as
-- the messages it queues, so a retried job neither skips nor repeats anyone.

-- the withdrawal note's read mark (the notice's own entry uses notice_reads, shared with the notices feed)
CREATE TABLE notice_withdrawal_reads (
  user_id    text NOT NULL,
  notice_id  text NOT NULL REFERENCES notices (id),
  read_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, notice_id)
);

ALTER TABLE notices ADD COLUMN pushed_until text;
-- readers the push job has queued a WeChat message for (the workbench's 已送达)
ALTER TABLE notices ADD COLUMN reached integer NOT NULL DEFAULT 0;

-- fan-outs written before: their place and count come from the delivery records
UPDATE notices n SET pushed_until = d.last, reached = d.n
FROM (SELECT notice_id, max(user_id) AS last, count(*)::int AS n FROM notice_deliveries GROUP BY notice_id) d
WHERE d.notice_id = n.id;

-- the copied entries become computed ones: keep what their readers had read, then drop the copies
INSERT INTO notice_reads (user_id, notice_id, read_at)
SELECT m.user_id, m.ref_id, m.read_at FROM inbox_messages m JOIN notices n ON n.id = m.ref_id
WHERE m.kind = 'notice' AND m.read_at IS NOT NULL
ON CONFLICT DO NOTHING;
INSERT INTO notice_withdrawal_reads (user_id, notice_id, read_at)
SELECT m.user_id, m.ref_id, m.read_at FROM inbox_messages m JOIN notices n ON n.id = m.ref_id
WHERE m.kind = 'notice_withdrawn' AND m.read_at IS NOT NULL
ON CONFLICT DO NOTHING;
DELETE FROM inbox_messages WHERE kind IN ('notice', 'notice_withdrawn');

-- the push walk reads subscribers in user-id order with their reach and tags from the index alone
CREATE INDEX notice_subscriptions_push ON notice_subscriptions (user_id) INCLUDE (reach, tags);
