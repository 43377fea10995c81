-- The append-only tables become declaratively partitioned by month (China time): claim_events by `at`,
-- audit_log by `at`, inbox_messages by `created_at`, notice_reads by the notice's publish time. An old month
-- is then detached (archived) or dropped whole instead of deleted row by row, and vacuum and index upkeep
-- work on one month at a time. Every primary key gains the partition key. Existing rows are converted in
-- place (copied into their month's partition inside this migration's transaction). Months are created
-- ahead by zsb_month_partition (this migration: every month with rows up to two months ahead; then the
-- housekeeping job); a row whose month has no partition lands in the table's DEFAULT partition and is
-- moved into its own month when the job creates it.

CREATE FUNCTION zsb_china_month(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', (t AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

-- moving rows out of a DEFAULT partition into their own month (zsb_month_partition) is not a change
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('zsb.partition_move', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME;
END;
$$;

-- Creates `parent`'s partition for the China-time month containing `month` (named parent_pYYYYMM), moving
-- the rows of that month out of parent_default first; returns its name, or NULL when it already exists.
CREATE FUNCTION zsb_month_partition(parent text, key text, month date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', month)::date;
  part text := parent || '_p' || to_char(m, 'YYYYMM');
  lo timestamptz := (m::timestamp AT TIME ZONE 'UTC') - interval '8 hours';
  hi timestamptz := ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC') - interval '8 hours';
BEGIN
  -- two instances running the job at once: the second waits, then finds the partition
  PERFORM pg_advisory_xact_lock(7261016);
  IF to_regclass(part) IS NOT NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
  PERFORM set_config('zsb.partition_move', 'on', true);
  EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
    parent || '_default', key, key, part) USING lo, hi;
  PERFORM set_config('zsb.partition_move', 'off', true);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, lo, hi);
  RETURN part;
END;
$$;

-- The months to create for rows from `since` on: that month (or this one) through `ahead` months from now.
CREATE FUNCTION zsb_months_from(since timestamptz, ahead int) RETURNS SETOF date LANGUAGE sql STABLE AS $$
  SELECT generate_series(zsb_china_month(least(coalesce(since, now()), now())), zsb_china_month(now()) + make_interval(months => ahead), interval '1 month')::date
$$;

-- ---- claim_events (the claim timelines) ---------------------------------------------------------------
DROP TRIGGER claim_events_append_only ON claim_events;
ALTER TABLE claim_events RENAME TO claim_events_unpartitioned;
ALTER INDEX claim_events_pkey RENAME TO claim_events_unpartitioned_pkey;
DROP INDEX claim_events_claim;
ALTER SEQUENCE claim_events_id_seq OWNED BY NONE;
CREATE TABLE claim_events (
  id          bigint NOT NULL DEFAULT nextval('claim_events_id_seq'),
  claim_id    text NOT NULL,
  from_state  text,
  to_state    text NOT NULL,
  actor_id    text NOT NULL,
  actor_role  text NOT NULL CHECK (actor_role IN ('worker', 'reviewer', 'system')),
  office      text NOT NULL,
  reason      text,
  items       text[] NOT NULL DEFAULT '{}',
  deadline    date,
  at          timestamptz NOT NULL
) PARTITION BY RANGE (at);
ALTER SEQUENCE claim_events_id_seq OWNED BY claim_events.id;
CREATE TABLE claim_events_default PARTITION OF claim_events DEFAULT;
SELECT zsb_month_partition('claim_events', 'at', m) FROM zsb_months_from((SELECT min(at) FROM claim_events_unpartitioned), 2) m;
INSERT INTO claim_events SELECT * FROM claim_events_unpartitioned;
DROP TABLE claim_events_unpartitioned;
ALTER TABLE claim_events ADD PRIMARY KEY (id, at);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);
ALTER TABLE claim_events ADD FOREIGN KEY (claim_id) REFERENCES claims (id);
CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON claim_events FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- ---- audit_log (the hash-chained audit trail) -----------------------------------------------------------
DROP TRIGGER audit_log_append_only ON audit_log;
ALTER TABLE audit_log RENAME TO audit_log_unpartitioned;
ALTER INDEX audit_log_pkey RENAME TO audit_log_unpartitioned_pkey;
DROP INDEX audit_log_object;
DROP INDEX audit_log_chain;
ALTER SEQUENCE audit_log_id_seq OWNED BY NONE;
CREATE TABLE audit_log (
  id           bigint NOT NULL DEFAULT nextval('audit_log_id_seq'),
  actor        text NOT NULL,
  action       text NOT NULL,
  object_type  text NOT NULL,
  object_id    text NOT NULL,
  reason       text,
  at           timestamptz NOT NULL DEFAULT now(),
  chain        smallint,
  prev_hash    text,
  hash         text
) PARTITION BY RANGE (at);
ALTER SEQUENCE audit_log_id_seq OWNED BY audit_log.id;
CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;
SELECT zsb_month_partition('audit_log', 'at', m) FROM zsb_months_from((SELECT min(at) FROM audit_log_unpartitioned), 2) m;
INSERT INTO audit_log SELECT * FROM audit_log_unpartitioned;
DROP TABLE audit_log_unpartitioned;
ALTER TABLE audit_log ADD PRIMARY KEY (id, at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, at);
CREATE INDEX audit_log_chain ON audit_log (chain, id);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- ---- inbox_messages (claim messages; notices are computed on read) ------------------------------------
ALTER TABLE inbox_messages RENAME TO inbox_messages_unpartitioned;
ALTER INDEX inbox_messages_pkey RENAME TO inbox_messages_unpartitioned_pkey;
DROP INDEX inbox_user;
DROP INDEX inbox_unread;
CREATE TABLE inbox_messages (
  id          text NOT NULL,
  user_id     text NOT NULL,
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  link        text,
  ref_type    text,
  ref_id      text,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
) PARTITION BY RANGE (created_at);
CREATE TABLE inbox_messages_default PARTITION OF inbox_messages DEFAULT;
SELECT zsb_month_partition('inbox_messages', 'created_at', m) FROM zsb_months_from((SELECT min(created_at) FROM inbox_messages_unpartitioned), 2) m;
INSERT INTO inbox_messages SELECT * FROM inbox_messages_unpartitioned;
DROP TABLE inbox_messages_unpartitioned;
ALTER TABLE inbox_messages ADD PRIMARY KEY (id, created_at);
CREATE INDEX inbox_user ON inbox_messages (user_id, created_at DESC, id DESC);
CREATE INDEX inbox_unread ON inbox_messages (user_id) WHERE read_at IS NULL;
ALTER TABLE inbox_messages ADD FOREIGN KEY (user_id) REFERENCES users (id);

-- ---- notice_reads (a reader's read mark per notice), by the notice's publish month ---------------------
-- notice_at copies notices.published_at: (user_id, notice_id) stays unique because a notice has one
-- publish time, and a notice's marks live in its own month, dropped with it.
ALTER TABLE notice_reads RENAME TO notice_reads_unpartitioned;
ALTER INDEX notice_reads_pkey RENAME TO notice_reads_unpartitioned_pkey;
CREATE TABLE notice_reads (
  user_id    text NOT NULL,
  notice_id  text NOT NULL,
  notice_at  timestamptz NOT NULL,
  read_at    timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (notice_at);
CREATE TABLE notice_reads_default PARTITION OF notice_reads DEFAULT;
SELECT zsb_month_partition('notice_reads', 'notice_at', m) FROM zsb_months_from((SELECT min(published_at) FROM notices), 2) m;
INSERT INTO notice_reads (user_id, notice_id, notice_at, read_at)
  SELECT r.user_id, r.notice_id, n.published_at, r.read_at FROM notice_reads_unpartitioned r JOIN notices n ON n.id = r.notice_id;
DROP TABLE notice_reads_unpartitioned;
ALTER TABLE notice_reads ADD PRIMARY KEY (user_id, notice_id, notice_at);
ALTER TABLE notice_reads ADD FOREIGN KEY (notice_id) REFERENCES notices (id);

-- ---- notice_deliveries: the old write-time fan-out's records -------------------------------------------
-- Nothing reads or writes them since fan-out on read (030); the only use left was deleting a reader's rows
-- on 注销, which dropping the table does for everyone.
DROP TABLE notice_deliveries;
