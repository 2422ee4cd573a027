-- Who read which case's personal data or evidence, and when (PIPL): one line
-- per read, written by the service layer before the data is handed out, so
-- that no read goes unlogged. Ids only: no name, ID number or diagnosis.
-- Append-only: the database itself refuses to change or remove a line.
CREATE TABLE access_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    text NOT NULL,
    actor_role  text NOT NULL,
    -- the region of the administrator who may read the line: the case's
    -- region, or the reader's own for a read that names no case
    region      text NOT NULL,
    case_id     uuid REFERENCES cases (id),
    what        text NOT NULL CHECK (what IN ('case', 'evidence', 'letter', 'codec')),
    -- the evidence read, or how many payloads were decoded
    detail      text NOT NULL DEFAULT '',
    client_addr text NOT NULL DEFAULT ''
);

-- An administrator reads the region's lines newest first, by case or by reader.
CREATE INDEX access_log_region ON access_log (region, id DESC);
CREATE INDEX access_log_case ON access_log (case_id, id DESC) WHERE case_id IS NOT NULL;
CREATE INDEX access_log_actor ON access_log (region, actor_id, id DESC);

CREATE FUNCTION ltc_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION ltc_access_log_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION ltc_access_log_append_only();
