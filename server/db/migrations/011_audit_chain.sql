-- Tamper-evident audit trail: every row carries the hash of the row before it and its own hash,
--   hash = hex(sha256(prev_hash || E'\n' || json_build_array(id, actor, action, object_type, object_id, reason, extract(epoch FROM at))::text))
-- (prev_hash '' for the first row). Appends are serialised on the one chain-head row (locked FOR UPDATE in
-- the appending transaction), so two transactions can never both link to the same predecessor.
-- Rows written before this migration are chained here, in id order, so the chain covers the whole table.
-- `npm run admin -- audit-verify` recomputes it (server/integrity/audit-chain.ts).

ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;

CREATE TABLE audit_chain_head (
  id         integer PRIMARY KEY CHECK (id = 1),
  last_id    bigint,
  last_hash  text NOT NULL DEFAULT ''
);
INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, NULL, '');

-- the append-only trigger refuses UPDATE; chaining the existing rows is the one sanctioned rewrite
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  r record;
  prev text := '';
  h text;
  last bigint := NULL;
BEGIN
  FOR r IN SELECT id, actor, action, object_type, object_id, reason, at FROM audit_log ORDER BY id LOOP
    h := encode(sha256(convert_to(prev || E'\n' || json_build_array(r.id, r.actor, r.action, r.object_type, r.object_id, r.reason, extract(epoch FROM r.at))::text, 'UTF8')), 'hex');
    UPDATE audit_log SET prev_hash = prev, hash = h WHERE id = r.id;
    prev := h;
    last := r.id;
  END LOOP;
  UPDATE audit_chain_head SET last_id = last, last_hash = prev WHERE id = 1;
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
