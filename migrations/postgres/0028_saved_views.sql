-- A member of staff's saved queue views ("my breached", "L2 unassigned"):
-- a name and the queue's filters, kept as JSON.
create table saved_view (
    saved_view_id bigint generated always as identity primary key,
    staff_id bigint not null references staff (staff_id),
    name text not null,
    filters text not null,
    created_at bigint not null,
    unique (staff_id, name)
);
