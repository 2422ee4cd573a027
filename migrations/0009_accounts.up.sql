-- Staff sign in with a password (argon2id, in PHC string form), set by an
-- administrator of their region or by `ltc seed` for the demo.
CREATE TABLE staff_passwords (
    account_id text PRIMARY KEY,
    hash       text NOT NULL,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL
);

-- The national administration (the holiday calendar) is no region's staff.
CREATE TABLE national_accounts (
    id   text PRIMARY KEY,
    name text NOT NULL
);

-- A family's one-time sign-in code: a keyed hash of it, never the code; one
-- per family, replaced by the next, deleted when used.
CREATE TABLE sign_in_codes (
    family_id  text PRIMARY KEY,
    code_hash  text NOT NULL,
    expires_at timestamptz NOT NULL
);

-- Page sessions: only the SHA-256 of the random session id is kept, so that a
-- copy of this table signs nobody in.
CREATE TABLE sessions (
    id_hash    text PRIMARY KEY,
    actor_id   text NOT NULL,
    role       text NOT NULL,
    region     text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
