-- A station sign-up moved to another course after 已开课 / 名额已满 reuses the consent the worker gave for the
-- refused item (same worker, same staff member): the new row's consent_id is that consent, and this column
-- names the earlier item (its request key) whose consent it is. NULL = consent given for this item itself.
ALTER TABLE station_signups ADD COLUMN consent_from_key text;
