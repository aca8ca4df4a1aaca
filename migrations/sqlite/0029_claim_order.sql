-- The SLA engine and the outbox sender claim their work oldest first, with
-- the id to break ties. With an index on the time alone, PostgreSQL sorted
-- every row sharing the first time to find the first batch: all 10,000
-- cases of a bulk import, or every email of one fan-out, again for each
-- batch (26 ms a batch of 500, the sort spilling to disk).
create index support_case_due on support_case (next_due_at, case_id);
drop index support_case_next_due_at;
create index outbox_due on outbox (next_attempt_at, outbox_id);
drop index outbox_next_attempt_at;
