-- Monitoring signals sent to Baton (error rate, downtime, failed payments),
-- per account (a customer email domain) or for everyone (account ''). Rules
-- read the latest value of a name within a day.
create table signal (
    signal_id bigint generated always as identity primary key,
    name text not null,
    account text not null,
    value double precision not null,
    at bigint not null,
    received_at bigint not null
);
create index signal_lookup on signal (at, account, name);
