-- A caseworker's correction of a wrong upload is a new evidence row that
-- names the row it corrects; the corrected row and its object stay.
ALTER TABLE evidence ADD COLUMN corrects uuid REFERENCES evidence (id);
-- One correction per row: a second one corrects the correction.
CREATE UNIQUE INDEX evidence_corrects ON evidence (corrects) WHERE corrects IS NOT NULL;

-- The periodic integrity check (a Temporal Schedule): one row per run, with
-- what it re-hashed once it has finished.
CREATE TABLE evidence_checks (
    id          text PRIMARY KEY, -- the first run id of the check's workflow
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    checked     bigint NOT NULL DEFAULT 0,
    bytes       bigint NOT NULL DEFAULT 0,
    problems    bigint NOT NULL DEFAULT 0
);
CREATE INDEX evidence_checks_recent ON evidence_checks (started_at DESC);

-- What a run found wrong. mismatch: the bytes at the row's key are not the
-- row's, because the recorded version changed, or because a new version was
-- written on top (recorded_intact: the recorded one still hashes right).
-- missing: the recorded version is gone, or a delete marker lies on top.
-- found_*: what a read of the key gets now, and its version.
CREATE TABLE evidence_findings (
    check_id        text NOT NULL REFERENCES evidence_checks (id),
    evidence_id     uuid NOT NULL REFERENCES evidence (id),
    case_id         uuid NOT NULL REFERENCES cases (id),
    problem         text NOT NULL CHECK (problem IN ('mismatch', 'missing')),
    expected_sha256 text NOT NULL,
    expected_size   bigint NOT NULL,
    found_sha256    text NOT NULL DEFAULT '',
    found_size      bigint NOT NULL DEFAULT 0,
    found_version   text NOT NULL DEFAULT '',
    recorded_intact boolean NOT NULL DEFAULT false,
    found_at        timestamptz NOT NULL,
    PRIMARY KEY (check_id, evidence_id)
);
