-- Training catalogue: regions, institutions, courses. Standard PostgreSQL + contrib extensions.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE regions (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  parent_code text REFERENCES regions (code),
  level       text NOT NULL CHECK (level IN ('province', 'city', 'district', 'county')),
  full_name   text NOT NULL,
  -- codes of this region and all its ancestors, e.g. {140000,140300,140322}
  path        text[] NOT NULL,
  lat         double precision NOT NULL,
  lng         double precision NOT NULL
);

CREATE TABLE institutions (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  type          text NOT NULL,
  filing_status text NOT NULL,
  filing_no     text,
  address       text NOT NULL,
  lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng           double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  region_code   text NOT NULL REFERENCES regions (code),
  contact_phone text NOT NULL,
  intro         text NOT NULL
);

CREATE TABLE courses (
  id               text PRIMARY KEY,
  institution_id   text NOT NULL REFERENCES institutions (id),
  title            text NOT NULL,
  occupation_code  text NOT NULL,
  occupation_name  text NOT NULL,
  category         text NOT NULL,
  shortage         boolean NOT NULL DEFAULT false,
  training_type    text NOT NULL,
  level            text NOT NULL,
  certificate_kind text NOT NULL,
  mode             text NOT NULL,
  schedule         text[] NOT NULL,
  start_date       date NOT NULL,
  end_date         date NOT NULL,
  total_hours      integer NOT NULL CHECK (total_hours > 0),
  seats_total      integer NOT NULL CHECK (seats_total > 0),
  seats_left       integer NOT NULL CHECK (seats_left >= 0 AND seats_left <= seats_total),
  fee_yuan         integer NOT NULL CHECK (fee_yuan >= 0),
  subsidized       boolean NOT NULL,
  region_code      text NOT NULL REFERENCES regions (code),
  -- region_code and its ancestors, so a filter on a province, city or district is one array test
  region_path      text[] NOT NULL,
  lat              double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng              double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  -- the point on the earth model, computed on write, so the nearby search reads it instead of recomputing it
  earth            cube NOT NULL GENERATED ALWAYS AS (ll_to_earth(lat, lng)) STORED,
  allow_late_join  boolean NOT NULL DEFAULT false,
  -- keyword search: title + occupation + institution, as typed text, full pinyin and initials
  search_text      text NOT NULL,
  search_pinyin    text NOT NULL,
  search_initials  text NOT NULL
);
-- courses holds what a list and its filters read (kept narrow: the nearby search visits many rows per page);
-- the long texts only the detail page shows live here, one row per course
CREATE TABLE course_details (
  course_id       text PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
  description     text NOT NULL,
  syllabus        text[] NOT NULL,
  schedule_text   text NOT NULL,
  address         text NOT NULL,
  contact_phone   text NOT NULL,
  eligible_groups text[] NOT NULL
);

-- nearby: KNN (ORDER BY earth <-> point) and earth_box radius tests
CREATE INDEX courses_earth_gist ON courses USING gist (earth);
-- list without location: ORDER BY start_date, id with keyset pagination
CREATE INDEX courses_start_id ON courses (start_date, id);
CREATE INDEX courses_institution ON courses (institution_id, start_date);
CREATE INDEX courses_category ON courses (category, start_date);
CREATE INDEX courses_occupation ON courses (occupation_code, start_date);
CREATE INDEX courses_region_path ON courses USING gin (region_path);
-- keyword: trigram indexes serve ILIKE '%…%'
CREATE INDEX courses_search_text_trgm ON courses USING gin (search_text gin_trgm_ops);
CREATE INDEX courses_search_pinyin_trgm ON courses USING gin (search_pinyin gin_trgm_ops);
CREATE INDEX courses_search_initials_trgm ON courses USING gin (search_initials gin_trgm_ops);
CREATE INDEX institutions_region ON institutions (region_code);
