-- Work a background job could not do (a case the SLA engine failed on),
-- kept with its error for admins instead of failing every later pass.
create table set_aside (
    set_aside_id integer primary key autoincrement,
    kind text not null,
    item_id bigint not null,
    error text not null,
    at bigint not null
);
create index set_aside_at on set_aside (at);
