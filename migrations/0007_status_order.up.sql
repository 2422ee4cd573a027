-- Status changes are ordered by the workflow's own sequence of history lines,
-- not by time: two lines of one workflow task share the same instant.
ALTER TABLE cases ADD COLUMN status_seq int NOT NULL DEFAULT 0;
ALTER TABLE case_history ADD COLUMN seq int;
