DROP TABLE recusals;
DROP TABLE assignments;
DROP TABLE assignment_rounds;
ALTER TABLE persons DROP COLUMN significant_change_at;
ALTER TABLE cases DROP COLUMN applicant_id;
ALTER TABLE cases DROP COLUMN statement;
ALTER TABLE cases DROP COLUMN benefit;
ALTER TABLE cases DROP COLUMN benefits_from;
ALTER TABLE cases ALTER COLUMN valid_until TYPE date;
