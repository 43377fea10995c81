-- Certificates, uploaded files, the development certificate registry, the institution filing register and
-- database-held rate-limit counters (shared by every server instance). Standard PostgreSQL only.

-- Uploaded files: stored re-encoded (JPEG, no metadata) under a random key; the client's file name is never kept.
CREATE TABLE files (
  id             text PRIMARY KEY,
  owner_user_id  text NOT NULL REFERENCES users (id),
  storage_key    text NOT NULL UNIQUE,
  content_type   text NOT NULL,
  bytes          integer NOT NULL,
  width          integer NOT NULL,
  height         integer NOT NULL,
  sha256         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);
CREATE INDEX files_owner ON files (owner_user_id, created_at DESC);

CREATE TABLE certificates (
  id               text PRIMARY KEY,
  user_id          text NOT NULL REFERENCES users (id),
  kind             text NOT NULL CHECK (kind IN ('qualification', 'skill_level', 'special_ability', 'training', 'special_operation')),
  number           text NOT NULL,
  occupation_code  text NOT NULL,
  occupation_name  text NOT NULL,
  level            text CHECK (level IN ('5', '4', '3', '2', '1', '0')),
  issued_on        date NOT NULL,
  issuer           text NOT NULL,
  source           text NOT NULL CHECK (source IN ('registry', 'upload')),
  verification     text NOT NULL CHECK (verification IN ('verified', 'pending', 'rejected')),
  photos           text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- set by the claims capability when a subsidy claim relies on it; then it cannot be deleted
  used_at          timestamptz,
  deleted_at       timestamptz,
  -- Idempotency-Key of the add request (hand-added only) and a digest of its body: a retry returns the same row
  idempotency_key  text,
  request_digest   text
);
CREATE UNIQUE INDEX certificates_idempotency ON certificates (user_id, idempotency_key);
-- one live record per worker and number: a second registry lookup or a retried add adds no duplicate
CREATE UNIQUE INDEX certificates_one_per_number ON certificates (user_id, kind, number) WHERE deleted_at IS NULL;
CREATE INDEX certificates_user ON certificates (user_id, issued_on DESC);

-- Development stand-in for the national 技能人才评价证书全国联网查询 (fictitious holders; seeded only outside
-- production). Dates are kept as "days before today" so the demo data never goes stale.
CREATE TABLE dev_certificate_registry (
  number           text PRIMARY KEY,
  holder_name      text NOT NULL,
  -- SHA-256 of the holder's ID number: lookups by name + ID without keeping the number itself
  id_sha256        text NOT NULL,
  kind             text NOT NULL,
  occupation_code  text NOT NULL,
  occupation_name  text NOT NULL,
  level            text,
  issued_days_ago  integer NOT NULL,
  issuer           text NOT NULL
);
CREATE INDEX dev_certificate_registry_holder ON dev_certificate_registry (id_sha256);

-- 培训机构备案 register for the public 机构备案查询
CREATE TABLE institution_filings (
  credit_code   text PRIMARY KEY,
  name          text NOT NULL,
  status        text NOT NULL CHECK (status IN ('filed', 'cancelled')),
  filing_no     text,
  region_code   text NOT NULL,
  filed_on      date NOT NULL,
  cancelled_on  date
);
CREATE INDEX institution_filings_name ON institution_filings USING gin (name gin_trgm_ops);

-- Fixed-window counters for public endpoints, keyed by (bucket, client, window start); in the database so that
-- every instance behind a load balancer counts together.
CREATE TABLE rate_limit_hits (
  bucket        text NOT NULL,
  client_key    text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL,
  PRIMARY KEY (bucket, client_key, window_start)
);
