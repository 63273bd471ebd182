-- Notifications in the reader's language (docs/notifications.md): a
-- notification keeps a message key and its arguments (names and dates as
-- JSON) and is written out in the language of whoever reads it. Rows from
-- before this migration have no key and show their stored title and body.
-- users.lang is the account's language: what jobs that write to her without
-- a request (e-mail) use; Indonesian until she chooses with the language
-- switch. lang_chosen_at says she did choose (NULL: never), so that only a
-- real choice overrides a new browser's own language at login.

-- +goose Up
ALTER TABLE notifications ADD COLUMN msg_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN msg_args TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'id';
ALTER TABLE users ADD COLUMN lang_chosen_at TIMESTAMP;

-- +goose Down
ALTER TABLE users DROP COLUMN lang_chosen_at;
ALTER TABLE users DROP COLUMN lang;
ALTER TABLE notifications DROP COLUMN msg_args;
ALTER TABLE notifications DROP COLUMN msg_key;
