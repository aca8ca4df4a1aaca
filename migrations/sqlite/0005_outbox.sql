-- Notifications, written in the same transaction as the events that caused
-- them, and delivered later (the console reads them; senders mark them sent).
create table outbox (
    outbox_id integer primary key autoincrement,
    case_id bigint references support_case (case_id),
    kind text not null,
    recipient text not null,
    message text not null,
    created_at bigint not null,
    sent_at bigint,
    attempts bigint not null default 0
);
create index outbox_recipient on outbox (recipient, created_at);
create index outbox_unsent on outbox (sent_at, created_at);
