-- Email and webhook deliveries share the outbox with the console's alerts.
-- A row is due for delivery while next_attempt_at is set; the sender claims it
-- for a lease (claimed_until), so two senders never work on the same row.
alter table outbox add column channel text not null default 'console';
alter table outbox add column subject text not null default '';
alter table outbox add column next_attempt_at bigint;
alter table outbox add column claimed_until bigint;
alter table outbox add column last_error text;
-- The one-click unsubscribe address for the List-Unsubscribe header.
alter table outbox add column unsubscribe_url text not null default '';
create index outbox_next_attempt_at on outbox (next_attempt_at);

-- Who hears about a case: the customer, and anyone they copied in.
create table subscriber (
    subscriber_id integer primary key autoincrement,
    case_id bigint not null references support_case (case_id),
    email text not null,
    name text not null,
    role text not null,
    created_at bigint not null,
    unsubscribed_at bigint,
    unique (case_id, email)
);

-- Each email carries its own private link, stored hashed like the case
-- token: it opens the status page and unsubscribes its recipient.
create table case_link (
    case_link_id integer primary key autoincrement,
    token_hash text not null unique,
    case_id bigint not null references support_case (case_id),
    subscriber_id bigint not null references subscriber (subscriber_id),
    created_at bigint not null
);
