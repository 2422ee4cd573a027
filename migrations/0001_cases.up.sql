-- The insured person. Personal data lives here, never in workflow ids or logs.
CREATE TABLE persons (
    id          uuid PRIMARY KEY,
    resident_id text NOT NULL UNIQUE,
    name        text NOT NULL,
    phone       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per application; the case workflow keeps status and decision current.
CREATE TABLE cases (
    id             uuid PRIMARY KEY,
    person_id      uuid NOT NULL REFERENCES persons (id),
    workflow_id    text NOT NULL,
    region         text NOT NULL,
    scheme         text NOT NULL,
    status         text NOT NULL,
    policy_version text,
    application    jsonb NOT NULL,
    self_grade     text NOT NULL,
    grade          int,
    grade_name     text,
    qualifies      boolean,
    decided_at     timestamptz,
    valid_until    date,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    closed_at      timestamptz
);

-- One open case per person: a second application while one is open is refused.
CREATE UNIQUE INDEX cases_one_open_per_person ON cases (person_id) WHERE closed_at IS NULL;
CREATE INDEX cases_region_status ON cases (region, status);

-- The append-only history: who, in which role, when, what, why.
-- event_key makes every writer idempotent: a retried write changes nothing.
CREATE TABLE case_history (
    id         bigserial PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases (id),
    event_key  text NOT NULL,
    at         timestamptz NOT NULL,
    actor_id   text NOT NULL,
    actor_role text NOT NULL,
    action     text NOT NULL,
    status     text NOT NULL,
    reason     text NOT NULL DEFAULT '',
    details    jsonb NOT NULL DEFAULT '{}',
    UNIQUE (case_id, event_key)
);

CREATE TABLE evidence (
    id            uuid PRIMARY KEY,
    case_id       uuid NOT NULL REFERENCES cases (id),
    object_key    text NOT NULL UNIQUE,
    version_id    text NOT NULL DEFAULT '',
    filename      text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    bigint NOT NULL,
    sha256        text NOT NULL,
    uploaded_by   text NOT NULL,
    uploaded_role text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_case ON evidence (case_id);

-- A submitted form is stored first and scored by the workflow's activity,
-- so that health data travels as an id, not through Temporal payloads.
CREATE TABLE assessments (
    id                 uuid PRIMARY KEY,
    case_id            uuid NOT NULL REFERENCES cases (id),
    assessor_id        text NOT NULL,
    instrument         text NOT NULL,
    instrument_version text NOT NULL,
    items              jsonb NOT NULL,
    visited_at         timestamptz NOT NULL,
    grade              int,
    grade_name         text,
    dimensions         jsonb,
    scored_at          timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessments_case ON assessments (case_id);

-- The first answer to a request with an Idempotency-Key, returned to its retries.
CREATE TABLE idempotency_keys (
    actor_id     text NOT NULL,
    key          text NOT NULL,
    request_hash text NOT NULL,
    status       int NOT NULL,
    body         jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, key)
);
