-- The deadline of the step under way, so that caseworkers can list what is due.
ALTER TABLE cases ADD COLUMN deadline timestamptz;
CREATE INDEX cases_deadline ON cases (deadline) WHERE deadline IS NOT NULL;
-- Keyset pagination walks cases newest first.
CREATE INDEX cases_created ON cases (created_at DESC, id DESC);
CREATE INDEX persons_name ON persons (name);
