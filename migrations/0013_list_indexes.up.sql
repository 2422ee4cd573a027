-- Every role's case list is an index walk, newest first, that stops at the
-- page's end however many cases there are (the benchmark reads a million).

-- A caseworker's region, with or without a status; the committee's share.
CREATE INDEX cases_region_created ON cases (region, created_at DESC, id DESC);
CREATE INDEX cases_region_status_created ON cases (region, status, created_at DESC, id DESC);
DROP INDEX cases_region_status;

-- A family's own applications; and a person's cases, whether open or not.
CREATE INDEX cases_applicant_created ON cases (applicant_id, created_at DESC, id DESC);
CREATE INDEX cases_person ON cases (person_id);

-- An assessor's cases are walked through their assignments in the cases'
-- order, so the case's creation time is kept beside the assignment.
ALTER TABLE assignments ADD COLUMN case_created_at timestamptz;
UPDATE assignments a SET case_created_at = c.created_at FROM cases c WHERE c.id = a.case_id;
ALTER TABLE assignments ALTER COLUMN case_created_at SET NOT NULL;
CREATE INDEX assignments_assessor_created ON assignments (assessor_id, case_created_at DESC, case_id DESC);
DROP INDEX assignments_assessor;

-- A part of a name is found through the name's characters and pairs of
-- characters (a Chinese name is two to four characters, too short for
-- trigrams).
CREATE FUNCTION ltc_name_grams(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
        SELECT substr(name, i, 1) FROM generate_series(1, length(name)) i
        UNION ALL
        SELECT substr(name, i, 2) FROM generate_series(1, length(name) - 1) i
    ) grams (g)
$$;
ALTER TABLE persons ADD COLUMN name_grams text[] GENERATED ALWAYS AS (ltc_name_grams(name)) STORED;
CREATE INDEX persons_name_grams ON persons USING gin (name_grams) WITH (fastupdate = off);

-- A GIN index's pending list is read whole by every search until a vacuum
-- merges it: a family's list would slow with every new application.
ALTER INDEX cases_family SET (fastupdate = off);
