DROP TABLE enrolment_facts;
DROP TABLE enrolments;
