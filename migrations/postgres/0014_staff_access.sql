-- Access that ends at once: admins disable a member of staff or revoke one of
-- their API tokens; every session and token lookup checks both.

-- when the member was disabled; null while they may sign in
alter table staff add column disabled_at bigint;

-- a token's public name: its first 8 characters, printed when it is issued
-- (the token itself is kept only as a hash); null for tokens issued before this step
alter table staff_token add column token_id text;
-- when the token was revoked; null while it works
alter table staff_token add column revoked_at bigint;
create unique index staff_token_token_id on staff_token (token_id);
