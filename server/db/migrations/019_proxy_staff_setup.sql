-- 亲情代办 set up at a station for a worker without a phone: the station, the worker's consent recorded there
-- (SMS code or handwritten signature, staff_consents), and the staff member's request key, so a retried
-- request answers with the first invitation (its code kept encrypted until the relative accepts).
ALTER TABLE proxies ADD COLUMN station_id text;
ALTER TABLE proxies ADD COLUMN staff_consent_id text;
ALTER TABLE proxies ADD COLUMN staff_key text;
ALTER TABLE proxies ADD COLUMN staff_fingerprint text;
ALTER TABLE proxies ADD COLUMN staff_code_enc text;
CREATE UNIQUE INDEX proxies_staff_key ON proxies (staff_user_id, staff_key) WHERE staff_key IS NOT NULL;
