DROP TABLE staff;
DROP TABLE institutions;
