-- A verdict can overtake its own submission (WeChat pushes before we have stored the trace id it returned):
-- it waits here until the submission records the trace id, then applies. Old rows are purged by the sweep.
CREATE TABLE content_safety_early_verdicts (
  trace_id    text PRIMARY KEY,
  suggest     text NOT NULL,
  label       integer NOT NULL,
  received_at timestamptz NOT NULL
);
