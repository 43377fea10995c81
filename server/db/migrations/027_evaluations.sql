-- 职业技能等级认定: 考核批次 of an evaluator institution (评价机构), the workers registered for them, and the
-- development certificate registry's rows written by a pass (a fixed issue date, and the request that wrote
-- them so a retried issuance adds nothing).
CREATE TABLE evaluation_batches (
  id                text PRIMARY KEY,
  occupation_code   text NOT NULL,
  occupation_name   text NOT NULL,
  level             text NOT NULL CHECK (level IN ('5', '4', '3', '2', '1')),
  -- the day of the exam (China date); sign-up closes at the end of the day before
  exam_on           date NOT NULL,
  -- e.g. 08:30–11:30 理论 / 13:30–16:30 实操
  exam_time         text NOT NULL,
  address           text NOT NULL,
  region_code       text NOT NULL REFERENCES regions (code),
  seats_total       integer NOT NULL CHECK (seats_total > 0),
  seats_left        integer NOT NULL CHECK (seats_left >= 0 AND seats_left <= seats_total),
  fee_yuan          integer NOT NULL DEFAULT 0,
  -- the 评价机构 that examines and whose staff enter the results
  institution_id    text NOT NULL REFERENCES institutions (id),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evaluation_batches_region ON evaluation_batches (region_code, exam_on);
CREATE INDEX evaluation_batches_institution ON evaluation_batches (institution_id, exam_on);

CREATE TABLE evaluation_registrations (
  id                  text PRIMARY KEY,
  batch_id            text NOT NULL REFERENCES evaluation_batches (id),
  user_id             text NOT NULL REFERENCES users (id),
  status              text NOT NULL CHECK (status IN ('registered', 'cancelled', 'passed', 'failed', 'absent')),
  created_at          timestamptz NOT NULL,
  cancelled_at        timestamptz,
  -- the relative who signed up for the worker (亲情代办), else null
  acted_by            text,
  score               integer,
  result_at           timestamptz,
  result_by           text,
  -- set once the registry has issued the certificate of a pass
  certificate_number  text,
  issued_on           date,
  -- 考前提醒 sent (the day before the exam): set by the one sweep that wins the conditional UPDATE
  reminded_at         timestamptz
);
-- one live registration per worker and batch (a cancelled one may be followed by a new one)
CREATE UNIQUE INDEX evaluation_registrations_one ON evaluation_registrations (batch_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX evaluation_registrations_user ON evaluation_registrations (user_id, created_at DESC);
-- passes still waiting for their certificate (retried by the sweep when the registry was unreachable)
CREATE INDEX evaluation_registrations_to_issue ON evaluation_registrations (result_at) WHERE status = 'passed' AND certificate_number IS NULL;

ALTER TABLE dev_certificate_registry ADD COLUMN issued_on date;
ALTER TABLE dev_certificate_registry ADD COLUMN issue_request_id text;
CREATE UNIQUE INDEX dev_certificate_registry_request ON dev_certificate_registry (issue_request_id);
