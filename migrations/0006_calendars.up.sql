-- Each year's holidays and make-up working days as the administrator loaded them (calendar.Year JSON).
CREATE TABLE calendar_years (
    year       int PRIMARY KEY,
    data       jsonb NOT NULL,
    loaded_by  text NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now()
);
