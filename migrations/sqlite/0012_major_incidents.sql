-- When staff declared the case a major incident (epoch milliseconds); null
-- for a case that is not one. Credits live in the case's events.
alter table support_case add column major_incident_at bigint;
