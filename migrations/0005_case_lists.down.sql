DROP INDEX persons_name;
DROP INDEX cases_created;
DROP INDEX cases_deadline;
ALTER TABLE cases DROP COLUMN deadline;
