-- Filtered nearby search walks a GiST index that holds the filter columns beside the location (btree_gist gives
-- text columns GiST support): the KNN walk prunes every subtree whose values cannot match, so a filter that
-- matches few courses near the point reads about a page of rows instead of the whole radius box. GiST clusters
-- by the first column, then the next on ties, so each index serves equality on a leading group of columns.
-- Each index holds the location as its own expression (the same point as `earth`), and the statement for a
-- filter combination orders by that expression (server/catalog/courses.ts, NEARBY_POINT): the planner cannot
-- tell these indexes apart by cost, so the statement names the one to walk.
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- a category or 工种 chip, with or without the panel's level / mode / training type
CREATE INDEX courses_attr_earth_gist ON courses USING gist (category, occupation_code, level, mode, training_type, ll_to_earth(lat, lng));
-- the panel's level / mode / training type without a category
CREATE INDEX courses_kind_earth_gist ON courses USING gist (mode, training_type, level, cube_enlarge(earth, 0, 3));
-- a region alone (codes share their province's / city's leading digits, so a region is a code range)
CREATE INDEX courses_region_earth_gist ON courses USING gist (region_code, cube_enlarge(earth, 0, 2));
-- one 工种, mode, category or training type alone: a two-column index is as cheap to walk as the plain one (the
-- grouped indexes above are deeper: 2.4–4.6× the plain walk's buffers at 1 000 000 courses for these alone).
-- cube_enlarge by 0 into 4–6 dimensions adds zero coordinates: the same distances, a different expression.
CREATE INDEX courses_occupation_earth_gist ON courses USING gist (occupation_code, cube_enlarge(earth, 0, 1));
CREATE INDEX courses_mode_earth_gist ON courses USING gist (mode, cube_enlarge(earth, 0, 4));
CREATE INDEX courses_category_earth_gist ON courses USING gist (category, cube_enlarge(earth, 0, 5));
CREATE INDEX courses_type_earth_gist ON courses USING gist (training_type, cube_enlarge(earth, 0, 6));
