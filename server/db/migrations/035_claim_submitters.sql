-- One row per worker who has submitted a claim: `seq` counts their submissions. A submission reads it with
-- the earlier claims, judges the annual-cap and no-repeat rules on what it read, and writes the claim in one
-- statement only if `seq` is still what it read (the upsert below bumps it, waiting for and re-checking a
-- concurrent submitter's row). A moved `seq` sends the submission down the locked path (server/claims/submit.ts).
CREATE TABLE claim_submitters (
  user_id  text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  seq      integer NOT NULL
);
