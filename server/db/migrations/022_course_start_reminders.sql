-- 开课提醒: one row per enrollment reminded the day before its course starts. The primary key is what makes
-- the reminder exactly-once: two instances or repeated sweeps race on the INSERT and only one wins.
CREATE TABLE course_start_reminders (
  enrollment_id  text PRIMARY KEY REFERENCES enrollments (id),
  user_id        text NOT NULL REFERENCES users (id),
  start_date     date NOT NULL,
  sent_at        timestamptz NOT NULL
);
CREATE INDEX course_start_reminders_user ON course_start_reminders (user_id);
