-- A value sealed with the data key at first start: a server started with another DATA_KEY cannot open it and
-- refuses to start instead of failing later on every encrypted field. While data moves to a new key
-- (DATA_KEY_PREVIOUS set), next_sealed holds the same value sealed with the new key, so a server started with
-- the old key alone is refused too (it could not read what the new key wrote).
CREATE TABLE data_key_check (
  id          int PRIMARY KEY CHECK (id = 1),
  sealed      text NOT NULL,
  next_sealed text,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
