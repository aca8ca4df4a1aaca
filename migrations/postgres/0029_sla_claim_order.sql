-- The SLA engine claims due cases in (next_due_at, case_id) order. With an
-- index on next_due_at alone, PostgreSQL sorted every case sharing the
-- first deadline to find the first 500: all 10,000 of a bulk import, again
-- for each batch (26 ms a batch, with the sort spilling to disk).
create index support_case_due on support_case (next_due_at, case_id);
drop index support_case_next_due_at;
