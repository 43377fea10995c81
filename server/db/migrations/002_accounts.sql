-- Accounts, consent, profiles, enrollments, idempotency and audit. Standard PostgreSQL only.
-- Personal numbers (ID, phone) are stored AES-256-GCM encrypted (server/crypto.ts); lookups go through HMAC-SHA256 hashes.

CREATE TABLE users (
  id             text PRIMARY KEY,
  wechat_openid  text UNIQUE,
  phone_hash     text UNIQUE,
  phone_enc      text,
  login_method   text NOT NULL CHECK (login_method IN ('wechat', 'sms')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz
);

-- only the SHA-256 of the bearer token is stored
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sms_codes (
  id              bigserial PRIMARY KEY,
  phone_hash      text NOT NULL,
  code_hash       text NOT NULL,
  ip              text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  failed_attempts integer NOT NULL DEFAULT 0
);
CREATE INDEX sms_codes_phone ON sms_codes (phone_hash, created_at DESC);
CREATE INDEX sms_codes_ip ON sms_codes (ip, created_at DESC);

-- development SMS adapter writes here instead of sending (never used in production mode)
CREATE TABLE sms_outbox (
  id          bigserial PRIMARY KEY,
  phone_hash  text NOT NULL,
  text        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE consents (
  id            bigserial PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users (id),
  version       text NOT NULL,
  accepted_at   timestamptz NOT NULL DEFAULT now(),
  withdrawn_at  timestamptz
);
CREATE INDEX consents_user ON consents (user_id, accepted_at DESC);

CREATE TABLE profiles (
  user_id             text PRIMARY KEY REFERENCES users (id),
  real_name           text,
  id_number_enc       text,
  id_hash             text,
  birth_date          date,
  gender              text CHECK (gender IN ('male', 'female')),
  phone_enc           text,
  hukou_type          text,
  home_region         text REFERENCES regions (code),
  work_region         text REFERENCES regions (code),
  groups              text[] NOT NULL DEFAULT '{}',
  employment_status   text,
  insured_locally     boolean,
  wanted_occupations  text[] NOT NULL DEFAULT '{}',
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX profiles_id_hash ON profiles (id_hash);

CREATE TABLE enrollments (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users (id),
  course_id     text NOT NULL REFERENCES courses (id),
  status        text NOT NULL CHECK (status IN ('registered', 'confirmed', 'in_training', 'completed', 'not_completed', 'cancelled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  cancelled_at  timestamptz
);
-- at most one active enrollment per worker and course (the last guard behind the transaction's checks)
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (user_id, course_id)
  WHERE status IN ('registered', 'confirmed', 'in_training');
CREATE INDEX enrollments_user ON enrollments (user_id, created_at DESC);
CREATE INDEX enrollments_course ON enrollments (course_id);

CREATE TABLE idempotency_keys (
  user_id          text NOT NULL REFERENCES users (id),
  key              text NOT NULL,
  fingerprint      text NOT NULL,
  response_status  integer NOT NULL,
  response_body    jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- every state change: who, what, which object, why, when (人社厅发〔2023〕55号 第十三条 fund safety)
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  actor        text NOT NULL,
  action       text NOT NULL,
  object_type  text NOT NULL,
  object_id    text NOT NULL,
  reason       text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, at);
