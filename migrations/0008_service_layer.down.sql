DROP FUNCTION ltc_masked_name(text);
DROP TABLE rate_hits;
DROP TABLE public_objections;
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    actor_id     text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       int NOT NULL,
    body         jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, key)
);
ALTER TABLE recusals DROP COLUMN recorded_at, DROP COLUMN recorded_by, DROP COLUMN case_id;
ALTER TABLE enrolment_facts DROP COLUMN name;
DROP INDEX assignments_case;
ALTER TABLE assignments DROP COLUMN active;
ALTER TABLE cases DROP COLUMN committee, DROP COLUMN purpose, DROP COLUMN family;
