-- Customer-facing templates that support ops edit. Every save is a new row;
-- at most one row per (kind, channel, locale) is published (the live one).
-- Rolling back publishes a copy of an older version as a new version, so
-- version numbers only grow and history is never rewritten.
create table template_version (
    template_version_id bigint generated always as identity primary key,
    kind text not null,
    channel text not null,
    locale text not null,
    version bigint not null,
    source text not null,
    -- draft, published (live) or retired (was live once)
    status text not null,
    author_staff_id bigint not null references staff (staff_id),
    author_name text not null,
    created_at bigint not null,
    published_at bigint,
    -- the version this one copies, when it is a roll-back
    restored_from bigint,
    unique (kind, channel, locale, version)
);
create unique index template_version_live
    on template_version (kind, channel, locale) where status = 'published';

-- Who did what to which template, when: append-only.
create table template_audit (
    template_audit_id bigint generated always as identity primary key,
    kind text not null,
    channel text not null,
    locale text not null,
    version bigint not null,
    action text not null,
    staff_id bigint not null references staff (staff_id),
    staff_name text not null,
    at bigint not null
);
create index template_audit_template on template_audit (kind, channel, locale, at);
