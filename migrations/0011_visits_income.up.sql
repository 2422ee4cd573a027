-- An area's per-capita disposable income of a year, as it publishes it
-- (Jilin's annual cap is a share of last year's figure).
CREATE TABLE income_figures (
    region      text NOT NULL,
    year        int NOT NULL,
    fen         bigint NOT NULL CHECK (fen > 0),
    source      text NOT NULL,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region, year)
);

-- Agreed visits: an assessor is never booked into two overlapping visits,
-- whatever requests race; a retried booking of the same visit is one.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE visit_bookings (
    booking     text NOT NULL,
    case_id     uuid NOT NULL REFERENCES cases (id),
    assessor_id text NOT NULL,
    during      tstzrange NOT NULL,
    PRIMARY KEY (booking, assessor_id),
    EXCLUDE USING gist (assessor_id WITH =, during WITH &&, booking WITH <>)
);
