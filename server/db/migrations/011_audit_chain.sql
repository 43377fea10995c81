-- Tamper-evident audit trail: 16 hash chains. Every row belongs to one chain and carries the hash of the
-- previous row of its chain and its own,
--   hash = hex(sha256(prev_hash || E'\n' || json_build_array(id, chain, actor, action, object_type, object_id, reason, extract(epoch FROM at))::text))
-- (prev_hash '' for a chain's first row). A transaction appends to one chain (chosen by its transaction id),
-- whose head row it locks FOR UPDATE until it ends: appends to one chain are serialised (no fork), while
-- transactions landing on different chains do not wait for each other (one chain would hold every audited
-- transaction in line from its audit row to its commit). One chain per transaction: no deadlock.
-- Rows written before this migration are chained here into chain 0, in id order, so the chains cover the
-- whole table. `npm run admin -- audit-verify` recomputes them (server/integrity/audit-chain.ts).

ALTER TABLE audit_log ADD COLUMN chain smallint;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;
CREATE INDEX audit_log_chain ON audit_log (chain, id);

CREATE TABLE audit_chain_head (
  id         integer PRIMARY KEY CHECK (id >= 0 AND id < 16),
  last_id    bigint,
  last_hash  text NOT NULL DEFAULT ''
);
INSERT INTO audit_chain_head (id, last_id, last_hash) SELECT g, NULL, '' FROM generate_series(0, 15) AS g;

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
    h := encode(sha256(convert_to(prev || E'\n' || json_build_array(r.id, 0, r.actor, r.action, r.object_type, r.object_id, r.reason, extract(epoch FROM r.at))::text, 'UTF8')), 'hex');
    UPDATE audit_log SET chain = 0, prev_hash = prev, hash = h WHERE id = r.id;
    prev := h;
    last := r.id;
  END LOOP;
  UPDATE audit_chain_head SET last_id = last, last_hash = prev WHERE id = 0;
END;
$$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
