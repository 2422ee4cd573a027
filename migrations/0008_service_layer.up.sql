-- The purpose of the assessment under way (initial, objection, renewal,
-- status_change): a family reads a re-assessment's steps as such.
ALTER TABLE cases ADD COLUMN purpose text NOT NULL DEFAULT 'initial';

-- The family accounts (keyed hashes of the person's and the agent's phone
-- numbers) that see the case, whoever filed it.
ALTER TABLE cases ADD COLUMN family text[] NOT NULL DEFAULT '{}';
CREATE INDEX cases_family ON cases USING gin (family);

-- Whether the case is or was before the committee, which may then see it.
ALTER TABLE cases ADD COLUMN committee boolean NOT NULL DEFAULT false;
UPDATE cases SET committee = true
WHERE id IN (SELECT case_id FROM case_history WHERE status IN ('committee_audit', 'adjudication'));

-- An assessment team's members are active until they leave it (declined,
-- replaced, recused) or a later team is drawn; the inactive assessed before.
ALTER TABLE assignments ADD COLUMN active boolean NOT NULL DEFAULT true;
CREATE INDEX assignments_case ON assignments (case_id, assessor_id);

-- The insured person's name as the insurance record has it: an application
-- must give the same name for the ID number.
ALTER TABLE enrolment_facts ADD COLUMN name text NOT NULL DEFAULT '';

-- A conflict of interest is recorded on a case by the assessor or a caseworker.
ALTER TABLE recusals ADD COLUMN case_id uuid REFERENCES cases (id);
ALTER TABLE recusals ADD COLUMN recorded_by text NOT NULL DEFAULT '';
ALTER TABLE recusals ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();

-- An Idempotency-Key names a request of one caller to one route on one case;
-- status 0 while the first request is being answered.
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    actor_id     text NOT NULL,
    scope        text NOT NULL,
    case_id      text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       int NOT NULL DEFAULT 0,
    body         bytea,
    started_at   timestamptz NOT NULL,
    PRIMARY KEY (actor_id, scope, case_id, key)
);

-- Objections from the public, with the objector's contact, which only
-- caseworkers see: apart from the case history, which the family reads.
CREATE TABLE public_objections (
    id         uuid PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases (id),
    reason     text NOT NULL,
    contact    text NOT NULL,
    client     text NOT NULL,
    created_at timestamptz NOT NULL,
    finding    text NOT NULL DEFAULT '',
    checked_at timestamptz
);
CREATE INDEX public_objections_case ON public_objections (case_id, created_at);

-- Hits per bucket and window, for rate limits that hold across processes.
CREATE TABLE rate_hits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         int NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- A name as the publicity list and the committee see it (张三 → 张*, 张小三 → 张*三),
-- the same as ltc.MaskName, so that a search matches only what is shown.
CREATE FUNCTION ltc_masked_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(name) <= 1 THEN '*'
                WHEN char_length(name) = 2 THEN left(name, 1) || '*'
                ELSE left(name, 1) || repeat('*', char_length(name) - 2) || right(name, 1) END
$$;
