-- A 工种 or category chip together with the panel's level (and mode) walked courses_attr_earth_gist, whose five
-- filter columns make it deep and wide: at 1 000 000 courses those searches touched 2.4–3.0× the buffers of the
-- plain search. These two indexes lead with exactly the columns such a search fixes (chip, level, mode), so the
-- walk prunes to the matching group at once, as the two-column indexes do for one filter alone. Each holds the
-- location as its own expression (the same point as `earth`: cube_enlarge by 0 into 7 / 8 dimensions adds zero
-- coordinates) so that the statement names the index it walks (server/catalog/courses.ts, NEARBY_POINT).
CREATE INDEX IF NOT EXISTS courses_occupation_level_earth_gist ON courses USING gist (occupation_code, level, mode, cube_enlarge(earth, 0, 7));
CREATE INDEX IF NOT EXISTS courses_category_level_earth_gist ON courses USING gist (category, level, mode, cube_enlarge(earth, 0, 8));
