-- Swarming: staff from any tier work a case together in one space, led by a
-- facilitator, until someone closes it with a summary. One open swarm per case.
create table swarm (
    swarm_id integer primary key autoincrement,
    case_id bigint not null references support_case (case_id),
    facilitator_id bigint not null references staff (staff_id),
    started_by bigint not null references staff (staff_id),
    started_at bigint not null,
    closed_at bigint,
    closed_by bigint references staff (staff_id),
    summary text
);
create unique index swarm_one_open_per_case on swarm (case_id) where closed_at is null;
create index swarm_case_id on swarm (case_id, swarm_id);

create table swarm_member (
    swarm_id bigint not null references swarm (swarm_id),
    staff_id bigint not null references staff (staff_id),
    added_at bigint not null,
    primary key (swarm_id, staff_id)
);

-- Notes and decisions, in the order they were written.
create table swarm_entry (
    swarm_entry_id integer primary key autoincrement,
    swarm_id bigint not null references swarm (swarm_id),
    kind text not null,
    body text not null,
    author_id bigint not null references staff (staff_id),
    at bigint not null
);
create index swarm_entry_swarm_id on swarm_entry (swarm_id, swarm_entry_id);
