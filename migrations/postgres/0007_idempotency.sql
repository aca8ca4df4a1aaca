-- Idempotency-Key on POST /api/v1/escalations: one row per key (only its
-- hash), written in the same transaction as the case it created, so a retry
-- replays the first answer and concurrent retries make one case.
create table idempotency_record (
    key_hash text primary key,
    -- a hash of the canonical request body: the same key with another body is refused
    request_hash text not null,
    case_id bigint not null references support_case (case_id),
    -- the first answer without its token (the token is derived again from the key)
    answer text not null,
    created_at bigint not null,
    expires_at bigint not null
);
create index idempotency_record_expires_at on idempotency_record (expires_at);

-- 32 random bytes (hex), made once: the key for tokens derived from an
-- Idempotency-Key, so a replay can show the same token without storing it.
create table instance_secret (
    instance_secret_id bigint primary key,
    secret text not null
);
