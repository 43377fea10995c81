-- Operations: when each periodic housekeeping task last ran. One row per task; an instance runs a task only
-- if it moves last_run_at forward by a full period in one UPDATE, so with N instances each period runs once.
CREATE TABLE ops_schedule (
  name         text PRIMARY KEY,
  last_run_at  timestamptz NOT NULL,
  last_result  jsonb
);
-- housekeeping deletes by age
CREATE INDEX sms_codes_created ON sms_codes (created_at);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
