-- Staff consent codes are counted per service station, not per client address: a station behind one NAT
-- must not share the login bucket of everyone else on that address.
ALTER TABLE sms_codes ADD COLUMN station_id text;
CREATE INDEX sms_codes_station ON sms_codes (station_id, created_at DESC) WHERE station_id IS NOT NULL;
