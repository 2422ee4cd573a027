-- Validity ends at an instant (the demo region counts seconds), and benefits
-- have a state of their own: active, suspended (hospital, expiry) or stopped.
ALTER TABLE cases ALTER COLUMN valid_until TYPE timestamptz USING valid_until::timestamptz;
ALTER TABLE cases ADD COLUMN benefits_from timestamptz;
ALTER TABLE cases ADD COLUMN benefit text NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN statement jsonb;
ALTER TABLE cases ADD COLUMN applicant_id text NOT NULL DEFAULT '';

-- A caseworker's record that the condition changed significantly, which lifts
-- the re-application lock after a "not qualified" conclusion.
ALTER TABLE persons ADD COLUMN significant_change_at timestamptz;

-- Each assignment round of assessors to a case; the key makes a retried round return the same team.
CREATE TABLE assignment_rounds (
    case_id  uuid NOT NULL REFERENCES cases (id),
    round    text NOT NULL,
    team     jsonb NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, round)
);

CREATE TABLE assignments (
    case_id     uuid NOT NULL REFERENCES cases (id),
    assessor_id text NOT NULL REFERENCES staff (id),
    round       text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, assessor_id, round)
);
CREATE INDEX assignments_assessor ON assignments (assessor_id);

-- Declared conflicts of interest (回避): a relative, or anything else that bars a person from assessing someone.
CREATE TABLE recusals (
    staff_id    text NOT NULL REFERENCES staff (id),
    resident_id text NOT NULL,
    reason      text NOT NULL,
    PRIMARY KEY (staff_id, resident_id)
);
