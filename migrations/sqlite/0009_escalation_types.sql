-- Escalation types (each with its RACI matrix, see app/src/domain/raci.rs)
-- and teams.

-- the case's escalation type code; cases raised before types existed were technical
alter table support_case add column escalation_type text not null default 'technical';
create index support_case_escalation_type on support_case (escalation_type);

-- the team a member of staff works in, for queues per team; null for none
alter table staff add column team text;

-- the executive sponsor called in on the case (their email), once; null for none
alter table support_case add column sponsor text;
