-- The queue's SLA filters as columns, so the query filters before its limit
-- instead of the app filtering the first page. 1 when a running clock is
-- breached (sla_breached), or warned and not yet breached (sla_at_risk);
-- kept in step with the clocks JSON by every write of the case.
alter table support_case add column sla_breached bigint not null default 0;
alter table support_case add column sla_at_risk bigint not null default 0;
update support_case set
    sla_breached = case when exists (
        select 1 from json_each(support_case.clocks) c
        where json_extract(c.value, '$.running_since') is not null
        and json_extract(c.value, '$.breached')
    ) then 1 else 0 end,
    sla_at_risk = case when exists (
        select 1 from json_each(support_case.clocks) c
        where json_extract(c.value, '$.running_since') is not null
        and json_extract(c.value, '$.warned')
        and not json_extract(c.value, '$.breached')
    ) then 1 else 0 end;
-- Few cases are in trouble: partial indexes find them without a scan.
create index support_case_sla_breached on support_case (stage) where sla_breached = 1;
create index support_case_sla_at_risk on support_case (stage) where sla_at_risk = 1;
