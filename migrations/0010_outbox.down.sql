DROP TABLE dev_messages;
DROP TABLE outbox;
