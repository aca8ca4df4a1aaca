-- Every email taken in, keyed by its Message-ID (or a hash of the raw bytes
-- when it has none), written in the same transaction as the case or message
-- it produced: a second delivery of the same email changes nothing.
create table inbound_mail (
    inbound_mail_id integer primary key autoincrement,
    dedupe_key text not null unique,
    case_id bigint not null references support_case (case_id),
    received_at bigint not null
);
