-- 培训机构 staff: a role bound to one institution (its courses, 花名册, class sessions, check-in, 结业).
ALTER TABLE user_roles ADD COLUMN institution_id text REFERENCES institutions (id);
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
  CHECK (role IN ('worker', 'station_staff', 'reviewer', 'admin', 'institution_staff'));
ALTER TABLE user_roles ADD CONSTRAINT user_roles_institution_check CHECK (role <> 'institution_staff' OR institution_id IS NOT NULL);
DROP INDEX user_roles_one;
CREATE UNIQUE INDEX user_roles_one ON user_roles (user_id, role, coalesce(region_prefix, ''), coalesce(station_id, ''), coalesce(institution_id, ''));
CREATE INDEX user_roles_institution ON user_roles (institution_id) WHERE institution_id IS NOT NULL;
