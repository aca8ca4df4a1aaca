-- The level of management overseeing the case (manager, executive) on the
-- management path of escalation; null when none does.
alter table support_case add column management_level text;
