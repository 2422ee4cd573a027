-- Assessment institutions (评估机构) and the people who act on cases.
CREATE TABLE institutions (
    id     text PRIMARY KEY,
    name   text NOT NULL,
    region text NOT NULL
);

CREATE TABLE staff (
    id             text PRIMARY KEY,
    role           text NOT NULL CHECK (role IN ('caseworker', 'assessor', 'committee', 'admin')),
    name           text NOT NULL,
    region         text NOT NULL,
    institution_id text REFERENCES institutions (id),
    -- an assessment expert with a medical background (评估专家)
    is_expert      boolean NOT NULL DEFAULT false,
    -- the care provider the person works for, for recusal (回避)
    care_provider  text NOT NULL DEFAULT '',
    active         boolean NOT NULL DEFAULT true
);
CREATE INDEX staff_region_role ON staff (region, role) WHERE active;
