DROP TABLE idempotency_keys;
DROP TABLE assessments;
DROP TABLE evidence;
DROP TABLE case_history;
DROP TABLE cases;
DROP TABLE persons;
