create table support_case (
    case_id bigint generated always as identity primary key,
    reference text not null unique,
    token_hash text not null,
    customer_name text not null,
    customer_email text not null,
    subject text not null,
    description text not null,
    severity text not null,
    channel text not null,
    stage text not null,
    created_at bigint not null,
    tier text not null,
    last_public_update_at bigint,
    reopen_count bigint not null default 0,
    -- the SLA clocks as JSON: a projection of the clock events
    clocks text not null,
    -- when the SLA engine must next look at the case; null when no clock runs
    next_due_at bigint,
    updated_at bigint not null,
    -- optimistic concurrency: every change bumps it
    version bigint not null default 0
);
create index support_case_next_due_at on support_case (next_due_at);
create index support_case_stage on support_case (stage, updated_at);

create table case_event (
    case_event_id bigint generated always as identity primary key,
    case_id bigint not null references support_case (case_id),
    seq bigint not null,
    at bigint not null,
    kind text not null,
    public bigint not null,
    body text not null,
    unique (case_id, seq)
);

create table staff (
    staff_id bigint generated always as identity primary key,
    email text not null unique,
    name text not null,
    role text not null,
    password_hash text not null,
    created_at bigint not null
);

create table staff_session (
    staff_session_id bigint generated always as identity primary key,
    token_hash text not null unique,
    staff_id bigint not null references staff (staff_id),
    created_at bigint not null,
    last_seen_at bigint not null,
    expires_at bigint not null
);
create index staff_session_expires_at on staff_session (expires_at);
