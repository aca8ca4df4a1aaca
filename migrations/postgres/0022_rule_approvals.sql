-- A high-impact action of an active rule waits here for a person. Each
-- decision stays as a labelled example for the rule's score. One pending
-- request per rule, case and action: several processes ask once.
create table rule_approval (
    approval_id bigint generated always as identity primary key,
    name text not null,
    version bigint not null,
    case_id bigint not null references support_case (case_id),
    action text not null,
    state text not null,
    asked_at bigint not null,
    decided_by bigint references staff (staff_id),
    decided_at bigint,
    outcome text
);
create unique index rule_approval_pending on rule_approval (name, case_id, action) where state = 'pending';
