DROP TABLE sessions;
DROP TABLE sign_in_codes;
DROP TABLE national_accounts;
DROP TABLE staff_passwords;
