-- The conclusion letters as issued: rendered once per decision, kept in
-- object storage with their hash, and found by their verification code.
CREATE TABLE letters (
    code        text PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES cases (id),
    decided_at  timestamptz NOT NULL,
    object_key  text NOT NULL,
    version_id  text NOT NULL DEFAULT '',
    sha256      text NOT NULL,
    size_bytes  bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, decided_at)
);
