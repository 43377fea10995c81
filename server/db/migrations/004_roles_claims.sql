-- Roles, stations, subsidy claims (state, timeline, 补正, 公示, objections), payout accounts, inbox,
-- notifier outbox, the shared development clock and the social-insurance development registry.
-- Standard PostgreSQL only. Personal numbers (bank account) AES-256-GCM encrypted (server/crypto.ts).

-- 就业服务站 / 零工市场
CREATE TABLE stations (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('就业服务站', '零工市场')),
  region_code  text NOT NULL REFERENCES regions (code),
  address      text NOT NULL,
  lat          double precision NOT NULL,
  lng          double precision NOT NULL
);

-- roles beyond worker (every signed-in user is a worker); reviewers by region prefix, staff by station
CREATE TABLE user_roles (
  id             bigserial PRIMARY KEY,
  user_id        text NOT NULL REFERENCES users (id),
  role           text NOT NULL CHECK (role IN ('worker', 'station_staff', 'reviewer', 'admin')),
  region_prefix  text CHECK (region_prefix ~ '^[1-8][0-9]{1,5}$'),
  station_id     text REFERENCES stations (id),
  granted_by     text NOT NULL,
  granted_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'reviewer' OR region_prefix IS NOT NULL),
  CHECK (role <> 'station_staff' OR station_id IS NOT NULL)
);
CREATE UNIQUE INDEX user_roles_one ON user_roles (user_id, role, coalesce(region_prefix, ''), coalesce(station_id, ''));
CREATE INDEX user_roles_user ON user_roles (user_id);

-- one row, the development clock's offset, so every instance on this database agrees on "now"
CREATE TABLE dev_clock (
  id           integer PRIMARY KEY CHECK (id = 1),
  offset_days  integer NOT NULL DEFAULT 0
);
INSERT INTO dev_clock (id, offset_days) VALUES (1, 0);

-- the worker's default payout account: 社会保障卡 or a bank card in their own name
CREATE TABLE payout_accounts (
  user_id          text PRIMARY KEY REFERENCES users (id),
  type             text NOT NULL CHECK (type IN ('social_security_card', 'bank_card')),
  bank_name        text,
  account_enc      text,
  account_last4    text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE claims (
  id                 text PRIMARY KEY,
  user_id            text NOT NULL REFERENCES users (id),
  kind               text NOT NULL CHECK (kind IN ('training', 'skill_upgrade', 'evaluation', 'living')),
  state              text NOT NULL CHECK (state IN ('submitted', 'accepted', 'first_review', 'second_review', 'announced',
                        'awaiting_payment', 'paid', 'needs_supplement', 'rejected', 'payment_failed', 'withdrawn')),
  certificate_id     text,
  enrollment_id      text REFERENCES enrollments (id),
  occupation_code    text,
  occupation_name    text NOT NULL,
  level              text,
  amount_yuan        integer,
  -- the handling office: GB/T 2260 code; reviewers see claims whose office lies in their prefix
  office_region      text NOT NULL REFERENCES regions (code),
  verdicts           jsonb NOT NULL,
  insurance_label    text NOT NULL DEFAULT '',
  -- the payout account copied at submission (updated after 拨付失败)
  payout_type        text NOT NULL CHECK (payout_type IN ('social_security_card', 'bank_card')),
  payout_bank        text,
  payout_account_enc text,
  payout_last4       text,
  -- deadline of the current step (YYYY-MM-DD, working days) and whether its reminder went out
  deadline           date,
  reminded_for       date,
  supplement_items   text[] NOT NULL DEFAULT '{}',
  appeals_used       integer NOT NULL DEFAULT 0,
  announcement_id    text,
  submitted_on       date NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX claims_user ON claims (user_id, created_at DESC);
CREATE INDEX claims_office ON claims (office_region, state, deadline);
CREATE INDEX claims_due ON claims (state, deadline) WHERE state IN ('announced', 'needs_supplement');
-- one live claim per certificate (the last guard behind the pre-check's no-repeat rule)
CREATE UNIQUE INDEX claims_one_per_certificate ON claims (certificate_id, kind)
  WHERE certificate_id IS NOT NULL AND state NOT IN ('withdrawn', 'rejected');

-- the claim's timeline: every state it entered, who (role + user), the office, reason, items and the next deadline.
-- Append-only: the app never updates or deletes rows (triggers refuse it).
CREATE TABLE claim_events (
  id          bigserial PRIMARY KEY,
  claim_id    text NOT NULL REFERENCES claims (id),
  from_state  text,
  to_state    text NOT NULL,
  actor_id    text NOT NULL,
  actor_role  text NOT NULL CHECK (actor_role IN ('worker', 'reviewer', 'system')),
  office      text NOT NULL,
  reason      text,
  items       text[] NOT NULL DEFAULT '{}',
  deadline    date,
  at          timestamptz NOT NULL
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON claim_events FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- 补正 material the worker sent
CREATE TABLE claim_supplements (
  id          bigserial PRIMARY KEY,
  claim_id    text NOT NULL REFERENCES claims (id),
  note        text,
  photo_ids   text[] NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL
);
CREATE INDEX claim_supplements_claim ON claim_supplements (claim_id);

-- 公示 batches: one office, one period; items carry only de-identified fields
CREATE TABLE announcements (
  id            text PRIMARY KEY,
  region_code   text NOT NULL REFERENCES regions (code),
  office        text NOT NULL,
  start_date    date NOT NULL,
  end_date      date NOT NULL,
  published_by  text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX announcements_region ON announcements (region_code, end_date);
CREATE TABLE announcement_items (
  id               text PRIMARY KEY,
  announcement_id  text NOT NULL REFERENCES announcements (id),
  claim_id         text NOT NULL UNIQUE REFERENCES claims (id),
  name_masked      text NOT NULL,
  occupation_name  text NOT NULL,
  level_label      text NOT NULL,
  kind_label       text NOT NULL,
  amount_yuan      integer
);
CREATE INDEX announcement_items_ann ON announcement_items (announcement_id);

CREATE TABLE objections (
  id            text PRIMARY KEY,
  item_id       text NOT NULL REFERENCES announcement_items (id),
  claim_id      text NOT NULL REFERENCES claims (id),
  content       text NOT NULL,
  contact_enc   text NOT NULL,
  contact_masked text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX objections_claim ON objections (claim_id);

-- 站内消息 (claims, and later notices)
CREATE TABLE inbox_messages (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL,
  link        text,
  ref_type    text,
  ref_id      text,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz
);
CREATE INDEX inbox_user ON inbox_messages (user_id, created_at DESC, id DESC);
CREATE INDEX inbox_unread ON inbox_messages (user_id) WHERE read_at IS NULL;

-- what the Notifier sends (WeChat subscribe messages): written in the business transaction, sent after it;
-- the development adapter only records (sent_at set, adapter 'dev')
CREATE TABLE notifier_outbox (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  template    text NOT NULL,
  data        jsonb NOT NULL,
  page        text,
  created_at  timestamptz NOT NULL,
  sent_at     timestamptz,
  adapter     text,
  error       text
);
CREATE INDEX notifier_outbox_pending ON notifier_outbox (created_at) WHERE sent_at IS NULL;

-- development SocialInsuranceRegistry: stands for the 社保 system's query by ID hash (never used in production)
CREATE TABLE dev_social_insurance (
  id_sha256    text PRIMARY KEY,  -- SHA-256 of the ID number (a stand-in key; the real registry is queried over HTTPS)
  insured      boolean NOT NULL,
  region_code  text NOT NULL,
  since        date,
  employer     text
);
