-- Major incidents: one situation that hits many customers, each of whom keeps
-- their own case. The incident has its own reference, exactly one holder per
-- role at a time (hand-overs stay on record), a timeline, situation updates
-- with a promised next-update time, linked cases, and a blameless review
-- before it may close. A drill runs the same protocol and sends nothing.
create table incident (
    incident_id integer primary key autoincrement,
    reference text not null unique,
    title text not null,
    impact text not null,
    drill bigint not null default 0,
    declared_by bigint not null references staff (staff_id),
    declared_at bigint not null,
    -- The promise of the latest update; the reminder and the missed mark
    -- are claimed once each (set from null), so no process fires them twice.
    next_update_at bigint,
    reminded_at bigint,
    missed_at bigint,
    resolved_at bigint,
    resolution text,
    review text,
    reviewed_at bigint,
    closed_at bigint
);
create index incident_next_update on incident (next_update_at) where closed_at is null;

create table incident_role (
    incident_id bigint not null references incident (incident_id),
    role text not null,
    staff_id bigint not null references staff (staff_id),
    since bigint not null,
    until bigint
);
create unique index incident_role_one_holder on incident_role (incident_id, role) where until is null;

-- The war room's timeline: declaration, role changes, updates, decisions,
-- links, missed promises, resolution, review, closure.
create table incident_entry (
    incident_entry_id integer primary key autoincrement,
    incident_id bigint not null references incident (incident_id),
    kind text not null,
    body text not null,
    author_id bigint references staff (staff_id),
    at bigint not null
);
create index incident_entry_incident on incident_entry (incident_id, incident_entry_id);

create table incident_update (
    incident_update_id integer primary key autoincrement,
    incident_id bigint not null references incident (incident_id),
    affected text not null,
    known text not null,
    doing text not null,
    next_update_at bigint not null,
    published_by bigint not null references staff (staff_id),
    published_at bigint not null
);
create index incident_update_incident on incident_update (incident_id, incident_update_id);

create table incident_case (
    incident_id bigint not null references incident (incident_id),
    case_id bigint not null references support_case (case_id),
    linked_by bigint not null references staff (staff_id),
    linked_at bigint not null,
    left_at bigint,
    primary key (incident_id, case_id)
);
create index incident_case_case on incident_case (case_id);

-- What a drill would have sent, rendered and kept (a drill sends nothing).
create table incident_rehearsal (
    incident_rehearsal_id integer primary key autoincrement,
    incident_id bigint not null references incident (incident_id),
    recipient text not null,
    subject text not null,
    body text not null,
    at bigint not null
);
create index incident_rehearsal_incident on incident_rehearsal (incident_id);
