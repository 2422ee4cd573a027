-- Insurance records (参保记录) that eligibility reads, imported as CSV.
CREATE TABLE enrolments (
    resident_id   text NOT NULL,
    region        text NOT NULL,
    scheme        text NOT NULL,
    start_date    date NOT NULL,
    end_date      date,
    fully_paid_on date,
    in_arrears    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (resident_id, region, scheme, start_date)
);

-- What the records say of the person (one row per person and region).
CREATE TABLE enrolment_facts (
    resident_id                text NOT NULL,
    region                     text NOT NULL,
    back_paid_years            int NOT NULL DEFAULT 0,
    student                    boolean NOT NULL DEFAULT false,
    medical_aid                boolean NOT NULL DEFAULT false,
    severe_disability          boolean NOT NULL DEFAULT false,
    work_injury_care_allowance boolean NOT NULL DEFAULT false,
    PRIMARY KEY (resident_id, region)
);
