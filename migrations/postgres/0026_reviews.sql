-- Blameless reviews of significant escalations (which ones: the policy in
-- the review_settings setting), one per case, claimed by a sweep that any
-- process may run; and the action items that follow each review up.
create table review (
    review_id bigint generated always as identity primary key,
    case_id bigint not null unique references support_case (case_id),
    reason text not null,
    state text not null,
    owner_id bigint references staff (staff_id),
    due_at bigint not null,
    created_at bigint not null,
    written_at bigint,
    written_by text,
    summary text,
    impact text,
    root_cause text,
    factors text,
    went_well text,
    went_wrong text,
    got_lucky text
);
create index review_due on review (state, due_at);
create index review_root_cause on review (root_cause);

create table review_action (
    review_action_id bigint generated always as identity primary key,
    review_id bigint not null references review (review_id),
    title text not null,
    owner_email text not null,
    due_at bigint not null,
    state text not null,
    created_at bigint not null,
    done_at bigint,
    alerted_at bigint
);
create index review_action_due on review_action (state, due_at);
