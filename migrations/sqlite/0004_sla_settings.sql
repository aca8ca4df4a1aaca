-- The SLA calendar and policies as ops wrote them (TOML), and every change.
create table sla_setting (
    name text primary key,
    source text not null,
    updated_at bigint not null,
    updated_by text not null
);

create table sla_setting_change (
    sla_setting_change_id integer primary key autoincrement,
    name text not null,
    source text not null,
    changed_at bigint not null,
    changed_by text not null
);
