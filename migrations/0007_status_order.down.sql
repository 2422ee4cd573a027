ALTER TABLE case_history DROP COLUMN seq;
ALTER TABLE cases DROP COLUMN status_seq;
