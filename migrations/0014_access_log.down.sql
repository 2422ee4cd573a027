DROP TABLE access_log;
DROP FUNCTION ltc_access_log_append_only();
