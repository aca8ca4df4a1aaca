-- Incident playbooks: the kind an incident was declared as, its checklist
-- (tasks copied from the playbook ops keep per kind, each with an owner),
-- whether the raise form tells people about it, which key accounts'
-- sponsors were told (once each), and a version the live war room follows.
alter table incident add column kind text;
alter table incident add column raise_notice bigint not null default 0;
alter table incident add column version bigint not null default 1;

create table incident_task (
    incident_task_id bigint generated always as identity primary key,
    incident_id bigint not null references incident (incident_id),
    title text not null,
    owner_id bigint references staff (staff_id),
    done_at bigint,
    done_by bigint references staff (staff_id),
    added_at bigint not null
);
create index incident_task_incident on incident_task (incident_id, incident_task_id);

create table incident_sponsor (
    incident_id bigint not null references incident (incident_id),
    domain text not null,
    email text not null,
    told_at bigint not null,
    primary key (incident_id, domain)
);

create index incident_raise_notice on incident (raise_notice) where closed_at is null;
