-- Online courses (线上) have no class sessions to check in to: 结业 is measured by the study hours the institution's
-- learning platform recorded for the worker, entered by the institution (audited), against the course's 学时.
-- One row per enrollment; a new entry replaces the figure (the audit log keeps every entry).
CREATE TABLE online_study_hours (
  enrollment_id  text PRIMARY KEY REFERENCES enrollments (id),
  user_id        text NOT NULL REFERENCES users (id),
  course_id      text NOT NULL REFERENCES courses (id),
  hours          numeric(7, 1) NOT NULL CHECK (hours >= 0),
  note           text NOT NULL,
  recorded_by    text NOT NULL REFERENCES users (id),
  recorded_at    timestamptz NOT NULL
);
CREATE INDEX online_study_hours_course ON online_study_hours (course_id);
CREATE INDEX online_study_hours_user ON online_study_hours (user_id);
