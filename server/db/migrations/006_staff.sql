-- Station staff: on-the-spot sign-ups (per-item idempotent), the worker's consent (SMS code or handwritten
-- signature) with method, time and staff member, and which station an enrollment counts for (a station
-- sign-up, or a self sign-up through the station's QR code). Standard PostgreSQL only.

ALTER TABLE enrollments ADD COLUMN source text NOT NULL DEFAULT 'self' CHECK (source IN ('self', 'station'));
-- the station the enrollment counts for: where staff signed the worker up, or whose QR code the worker scanned
ALTER TABLE enrollments ADD COLUMN station_id text REFERENCES stations (id);
ALTER TABLE enrollments ADD COLUMN staff_user_id text REFERENCES users (id);
CREATE INDEX enrollments_station ON enrollments (station_id, created_at) WHERE station_id IS NOT NULL;

-- handwritten signatures, re-encoded PNG (metadata stripped); the same request key returns the same row
CREATE TABLE staff_signatures (
  id               text PRIMARY KEY,
  station_id       text NOT NULL REFERENCES stations (id),
  staff_user_id    text NOT NULL REFERENCES users (id),
  idempotency_key  text NOT NULL,
  image            bytea NOT NULL,
  width            integer NOT NULL,
  height           integer NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (staff_user_id, idempotency_key)
);

-- the worker's consent as given at the station: which method, when, before which staff member
CREATE TABLE staff_consents (
  id                 text PRIMARY KEY,
  station_id         text NOT NULL REFERENCES stations (id),
  staff_user_id      text NOT NULL REFERENCES users (id),
  worker_user_id     text NOT NULL REFERENCES users (id),
  worker_phone_hash  text NOT NULL,
  method             text NOT NULL CHECK (method IN ('sms', 'signature')),
  -- sms: HMAC of the code read out by the worker, so an edited resubmission within 30 minutes needs no new code
  code_hash          text,
  signature_id       text REFERENCES staff_signatures (id),
  notice_version     text NOT NULL,
  given_at           timestamptz NOT NULL,
  CHECK ((method = 'sms' AND code_hash IS NOT NULL) OR (method = 'signature' AND signature_id IS NOT NULL))
);
CREATE INDEX staff_consents_phone ON staff_consents (worker_phone_hash, given_at DESC);

-- one row per item a staff member submitted, whatever its outcome; (staff, key) answers a replay with the first outcome
CREATE TABLE station_signups (
  id                text PRIMARY KEY,
  station_id        text NOT NULL REFERENCES stations (id),
  staff_user_id     text NOT NULL REFERENCES users (id),
  idempotency_key   text NOT NULL,
  fingerprint       text NOT NULL,
  -- no foreign key: an unknown course is an outcome ('invalid') that is recorded too
  course_id         text NOT NULL,
  worker_user_id    text REFERENCES users (id),
  worker_name       text NOT NULL,
  worker_id_enc     text NOT NULL,
  worker_phone_enc  text NOT NULL,
  consent_method    text NOT NULL CHECK (consent_method IN ('sms', 'signature')),
  consent_id        text REFERENCES staff_consents (id),
  outcome           text NOT NULL CHECK (outcome IN ('enrolled', 'already_enrolled', 'course_full', 'invalid', 'cancelled')),
  code              text,
  message           text NOT NULL,
  field             text,
  enrollment_id     text REFERENCES enrollments (id),
  day               date NOT NULL,
  created_at        timestamptz NOT NULL,
  UNIQUE (staff_user_id, idempotency_key)
);
CREATE INDEX station_signups_day ON station_signups (station_id, day, created_at);
