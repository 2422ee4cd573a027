-- Messages to families, written in the same transaction as the history line
-- that causes them and delivered once, or kept as dead letters after the
-- retry budget for an administrator to see and send again.
CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    dedupe       text NOT NULL UNIQUE, -- case, history line, template and phone: a retried write enqueues once
    case_id      uuid REFERENCES cases (id),
    region       text NOT NULL DEFAULT '',
    phone        text NOT NULL,
    template     text NOT NULL,
    vars         jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    attempts     int NOT NULL DEFAULT 0,
    last_error   text NOT NULL DEFAULT '',
    delivered_at timestamptz,
    dead_at      timestamptz
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox (region, dead_at) WHERE dead_at IS NOT NULL;

-- What the development sink received, for the development outbox page: the
-- text and the phone's last four digits, never the whole number.
CREATE TABLE dev_messages (
    message_id uuid PRIMARY KEY,
    phone_tail text NOT NULL,
    template   text NOT NULL,
    text_zh    text NOT NULL,
    text_en    text NOT NULL,
    at         timestamptz NOT NULL
);
