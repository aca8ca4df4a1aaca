-- The staff console: tiers for staff, case owners, personal API tokens.

-- the tier a member of staff usually works in (L1, L2, L3, Executive); null for none
alter table staff add column tier text;

-- who owns the case, kept in step with its `assigned` events
alter table support_case add column assignee_id bigint references staff (staff_id);
alter table support_case add column assignee_name text;

-- personal API tokens for staff: only a hash of each token is stored
create table staff_token (
    staff_token_id integer primary key autoincrement,
    token_hash text not null unique,
    staff_id bigint not null references staff (staff_id),
    created_at bigint not null,
    last_used_at bigint
);
create index staff_token_staff_id on staff_token (staff_id);
