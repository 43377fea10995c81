-- Class sessions (课次) generated from each course's schedule, rotating check-in codes, attendance, 结业.
-- Sessions are generated on first use and regenerated when the course's schedule or dates change
-- (class_session_plans.fingerprint); a session somebody attended is never deleted.
CREATE TABLE class_session_plans (
  course_id    text PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
  fingerprint  text NOT NULL,
  planned_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE class_sessions (
  id         text PRIMARY KEY,
  course_id  text NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  slot       text NOT NULL CHECK (slot IN ('weekday_day', 'evening', 'weekend')),
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX class_sessions_course ON class_sessions (course_id, starts_at);

-- the codes an institution was shown (one per 30-second step), so a typed 6-digit code finds its session
CREATE TABLE checkin_codes (
  session_id  text NOT NULL REFERENCES class_sessions (id) ON DELETE CASCADE,
  step        bigint NOT NULL,
  code        text NOT NULL CHECK (code ~ '^[0-9]{6}$'),
  PRIMARY KEY (session_id, step)
);
CREATE INDEX checkin_codes_code ON checkin_codes (code, step);

-- one row per worker and session: a check-in, or 补签 by the institution (with its reason, audited).
-- Only the distance to the venue is kept, never the worker's position.
CREATE TABLE attendance (
  session_id     text NOT NULL REFERENCES class_sessions (id),
  user_id        text NOT NULL REFERENCES users (id),
  enrollment_id  text NOT NULL REFERENCES enrollments (id),
  course_id      text NOT NULL REFERENCES courses (id),
  method         text NOT NULL CHECK (method IN ('checkin', 'manual')),
  at             timestamptz NOT NULL,
  distance_m     integer,
  far            boolean NOT NULL DEFAULT false,
  reason         text,
  marked_by      text REFERENCES users (id),
  acted_by       text REFERENCES users (id),
  PRIMARY KEY (session_id, user_id),
  CHECK (method <> 'manual' OR (reason IS NOT NULL AND marked_by IS NOT NULL))
);
CREATE INDEX attendance_enrollment ON attendance (enrollment_id);
CREATE INDEX attendance_course ON attendance (course_id);

ALTER TABLE enrollments ADD COLUMN completed_at timestamptz;
ALTER TABLE enrollments ADD COLUMN completed_by text REFERENCES users (id);
