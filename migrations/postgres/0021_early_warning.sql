-- The early-warning desk: a case is flagged once, the first time its risk
-- score reaches the desk's threshold (the primary key is the claim, so
-- several processes flag it once); every intervention from the desk is
-- kept, so flagged cases can be followed to their outcome.
create table early_warning_flag (
    case_id bigint primary key references support_case (case_id),
    flagged_at bigint not null,
    score bigint not null
);

create table early_warning_intervention (
    intervention_id bigint generated always as identity primary key,
    case_id bigint not null references support_case (case_id),
    kind text not null,
    staff_id bigint not null references staff (staff_id),
    note text not null,
    at bigint not null
);
create index early_warning_intervention_case on early_warning_intervention (case_id, at);
