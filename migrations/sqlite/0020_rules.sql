-- Data-driven rules: every saved version stays (author, time, source, mode)
-- like templates; the latest version of a name is in force. Firings are
-- claimed once per episode: the open firing of a rule on a case is unique,
-- so several processes evaluating at once record it once, and it ends when
-- the condition stops holding.
create table rule_version (
    rule_version_id integer primary key autoincrement,
    name text not null,
    version bigint not null,
    source text not null,
    mode text not null,
    author text not null,
    at bigint not null,
    unique (name, version)
);

create table rule_firing (
    rule_firing_id integer primary key autoincrement,
    name text not null,
    version bigint not null,
    case_id bigint not null references support_case (case_id),
    mode text not null,
    fired_at bigint not null,
    ended_at bigint
);
create unique index rule_firing_episode on rule_firing (name, case_id) where ended_at is null;
create index rule_firing_at on rule_firing (fired_at);
create index case_event_at on case_event (at);
