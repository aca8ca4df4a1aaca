-- Scheduled publishing: a version is live from `live_from` on. The live
-- version of a template is the newest published or scheduled version whose
-- `live_from` has come, so a schedule needs no job to take effect.
-- A scheduled version keeps status 'scheduled' until someone publishes after
-- it; cancelling one before its time makes it a draft again.
alter table template_version add column live_from bigint;
update template_version set live_from = published_at where published_at is not null;
create index template_version_live_from on template_version (kind, channel, locale, live_from);
