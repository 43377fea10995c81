-- The development clock can also stand at a moment inside a day (a class session's check-in window):
-- milliseconds added on top of the whole days.
ALTER TABLE dev_clock ADD COLUMN offset_ms bigint NOT NULL DEFAULT 0;
