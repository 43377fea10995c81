-- The read-aloud cache is bounded in bytes: least recently used audio is evicted first.
ALTER TABLE notice_audio ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX notice_audio_lru ON notice_audio (last_used_at);
