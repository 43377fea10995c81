-- Integrity of the money path: 异议核查中 as a claim state, objections that count (sender and contact
-- hashes for the per-day limits, an outcome the objector can look up), facts for conflict-of-interest and
-- risk checks (keyed hashes of the payout account and contact phones, the training institution),
-- the 风险隐患清单 (one row per claim and rule) and the review decisions' Idempotency-Keys.

ALTER TABLE claims DROP CONSTRAINT claims_state_check;
ALTER TABLE claims ADD CONSTRAINT claims_state_check CHECK (state IN ('submitted', 'accepted', 'first_review', 'second_review', 'announced',
  'objection_review', 'awaiting_payment', 'paid', 'needs_supplement', 'rejected', 'payment_failed', 'withdrawn'));
DROP INDEX claims_due;
CREATE INDEX claims_due ON claims (state, deadline) WHERE state IN ('announced', 'needs_supplement');

-- HMAC (server/crypto.ts, never the number itself) of the bank card the claim pays to; null for 社会保障卡
ALTER TABLE claims ADD COLUMN payout_account_hash text;
-- HMACs of the claimant's phone numbers (login and contact) at submission
ALTER TABLE claims ADD COLUMN contact_hashes text[] NOT NULL DEFAULT '{}';
-- the training institution of the course the claim rests on (institution_burst)
ALTER TABLE claims ADD COLUMN institution_id text;
CREATE INDEX claims_payout_hash ON claims (payout_account_hash) WHERE payout_account_hash IS NOT NULL;
CREATE INDEX claims_contact_hashes ON claims USING gin (contact_hashes);
CREATE INDEX claims_institution ON claims (institution_id, created_at) WHERE institution_id IS NOT NULL;
ALTER TABLE payout_accounts ADD COLUMN account_hash text;

-- objections: who sent it (HMAC of the address and of the contact phone, for the limits) and the outcome
ALTER TABLE objections ADD COLUMN sender_hash text;
ALTER TABLE objections ADD COLUMN contact_hash text;
ALTER TABLE objections ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed'));
ALTER TABLE objections ADD COLUMN resolved_by text;
ALTER TABLE objections ADD COLUMN resolved_at timestamptz;
ALTER TABLE objections ADD COLUMN resolution_reason text;
CREATE INDEX objections_sender ON objections (sender_hash, created_at);
CREATE INDEX objections_contact ON objections (contact_hash, item_id, created_at);
CREATE INDEX objections_open ON objections (claim_id) WHERE status = 'open';

-- 风险隐患清单: a rule that fired on a claim (at submission or at 初审), with its wording and source
CREATE TABLE claim_risk_flags (
  claim_id    text NOT NULL REFERENCES claims (id),
  code        text NOT NULL,
  message     text NOT NULL,
  source      jsonb NOT NULL,
  stage       text NOT NULL CHECK (stage IN ('submission', 'first_review')),
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (claim_id, code)
);
CREATE INDEX claim_risk_flags_new ON claim_risk_flags (created_at DESC);

-- a reviewer's decision retried with the same Idempotency-Key gets the first answer
CREATE TABLE review_decision_keys (
  actor_id     text NOT NULL,
  key          text NOT NULL,
  claim_id     text NOT NULL,
  fingerprint  text NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);
