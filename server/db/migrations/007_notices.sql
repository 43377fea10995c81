-- Policy notices, who read them, subscriptions and the fan-out bookkeeping. Standard PostgreSQL only.

CREATE TABLE notices (
  id               text PRIMARY KEY,
  title            text NOT NULL,
  summary          text NOT NULL,
  body             text NOT NULL,
  issuer           text NOT NULL,
  doc_number       text NOT NULL DEFAULT '',
  -- targets: '000000' (全国) or GB/T 2260 prefixes of 2/4/6 digits ('14', '1403', '140322')
  regions          text[] NOT NULL,
  tags             text[] NOT NULL DEFAULT '{}',
  course_ids       text[] NOT NULL DEFAULT '{}',
  -- the date on the document (China time); feeds sort by it, then by id
  published_on     date NOT NULL,
  valid_until      date,
  status           text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
  withdrawn_at     timestamptz,
  withdraw_reason  text,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- fan-out to subscribers (a job): pending → running → done; seeded notices are 'done' (nobody to tell)
  fanout           text NOT NULL DEFAULT 'pending' CHECK (fanout IN ('pending', 'running', 'done')),
  -- withdrawal notes: the last reader (user id order) already told, so a retried job resumes there
  withdraw_noted_until text
);
CREATE INDEX notices_feed ON notices (published_on DESC, id DESC) WHERE status = 'published';
CREATE INDEX notices_regions ON notices USING gin (regions);

CREATE TABLE notice_reads (
  user_id    text NOT NULL,
  notice_id  text NOT NULL REFERENCES notices (id),
  read_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, notice_id)
);

CREATE TABLE notice_subscriptions (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  -- '000000' or a 2/4/6-digit prefix; reach = the targets that reach this region (domain targetsReaching)
  region      text NOT NULL,
  reach       text[] NOT NULL,
  -- empty = every tag
  tags        text[] NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, region, tags)
);
CREATE INDEX notice_subscriptions_user ON notice_subscriptions (user_id);

-- one row per (notice, reader) told about it: makes the fan-out job resumable and exactly-once per reader,
-- and lists who must get the note when a notice is withdrawn
CREATE TABLE notice_deliveries (
  notice_id     text NOT NULL REFERENCES notices (id),
  user_id       text NOT NULL,
  delivered_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, user_id)
);

-- read-aloud audio by content hash (voice + text); the bytes live in the file store
CREATE TABLE notice_audio (
  content_hash  text PRIMARY KEY,
  file_key      text NOT NULL,
  bytes         integer NOT NULL,
  content_type  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
