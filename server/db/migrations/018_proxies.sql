-- 亲情代办: a worker lets a relative (or a village helper) act for them. One row per invitation; it becomes the
-- relationship when the invited phone accepts, and ends when either side removes it or the worker's consent or
-- account goes. Rows are kept after the end so the worker's history can still say who did what.
CREATE TABLE proxies (
  id               text PRIMARY KEY,
  principal_id     text NOT NULL REFERENCES users (id),
  -- the relative's account, set on acceptance
  proxy_user_id    text REFERENCES users (id),
  relation         text NOT NULL CHECK (relation IN ('parent', 'child', 'spouse', 'sibling', 'relative', 'village_helper')),
  -- the invited phone: only an account logged in with it can accept (HMAC to look up, AES-GCM to show masked)
  phone_hash       text NOT NULL,
  phone_enc        text NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'active', 'ended')),
  -- the 6-digit code, HMAC with the invited phone; cleared once used
  code_hash        text,
  code_expires_at  timestamptz,
  failed_attempts  integer NOT NULL DEFAULT 0,
  -- the worker's consent: what the relative may do (text shown and agreed), its version, how it was given
  consent_text     text NOT NULL,
  consent_version  text NOT NULL,
  consent_method   text NOT NULL CHECK (consent_method IN ('worker', 'staff_sms', 'staff_signature')),
  consented_at     timestamptz NOT NULL,
  -- station staff path: who set it up
  staff_user_id    text,
  created_at       timestamptz NOT NULL,
  accepted_at      timestamptz,
  ended_at         timestamptz,
  ended_by         text,
  end_reason       text,
  last_act_at      timestamptz
);
-- one live invitation or relationship per worker and phone
CREATE UNIQUE INDEX proxies_live_phone ON proxies (principal_id, phone_hash) WHERE status IN ('pending', 'active');
CREATE INDEX proxies_principal ON proxies (principal_id, status);
CREATE INDEX proxies_proxy_user ON proxies (proxy_user_id, status);
CREATE INDEX proxies_pending_phone ON proxies (phone_hash) WHERE status = 'pending';

-- what a relative did for the worker (every successful change made while acting)
CREATE TABLE proxy_acts (
  id           bigserial PRIMARY KEY,
  proxy_id     text NOT NULL REFERENCES proxies (id),
  principal_id text NOT NULL,
  actor_id     text NOT NULL,
  action       text NOT NULL,
  object_id    text,
  at           timestamptz NOT NULL
);
CREATE INDEX proxy_acts_principal ON proxy_acts (principal_id, at DESC, id DESC);

-- sign-ups and claims made by a relative carry who did them (the relative's account id)
ALTER TABLE enrollments ADD COLUMN acted_by text;
ALTER TABLE claims ADD COLUMN acted_by text;
