DROP TABLE evidence_findings;
DROP TABLE evidence_checks;
DROP INDEX evidence_corrects;
ALTER TABLE evidence DROP COLUMN corrects;
