-- 内容安全 of uploaded photos (server/safety): every photo waits for WeChat's asynchronous check before anyone
-- but its owner sees it. pending = 待检测 (trace_id set once submitted; null = not yet accepted by WeChat,
-- the sweep submits it again), passed = shown as evidence, refused = hidden from everyone, owner told to retake.
-- Photos stored before this check existed start as pending and are checked by the sweep like new ones.
ALTER TABLE files ADD COLUMN safety text NOT NULL DEFAULT 'pending' CHECK (safety IN ('pending', 'passed', 'refused'));
ALTER TABLE files ADD COLUMN safety_trace_id text;
ALTER TABLE files ADD COLUMN safety_submitted_at timestamptz;
ALTER TABLE files ADD COLUMN safety_checked_at timestamptz;
-- WeChat's label for a refused photo (e.g. 20002 色情); never shown to the worker
ALTER TABLE files ADD COLUMN safety_label integer;
CREATE UNIQUE INDEX files_safety_trace ON files (safety_trace_id) WHERE safety_trace_id IS NOT NULL;
CREATE INDEX files_safety_pending ON files (safety_submitted_at NULLS FIRST, id) WHERE safety = 'pending' AND deleted_at IS NULL;
