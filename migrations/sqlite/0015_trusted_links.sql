-- Someone copied in on an email is invited, not subscribed: they hear about
-- the case only once the customer or staff agree (agreed_at set). Everyone
-- subscribed before this step had been agreed to by the rules of the time.
alter table subscriber add column agreed_at bigint;
update subscriber set agreed_at = created_at;

-- Staff can revoke an emailed link; a revoked link opens nothing.
alter table case_link add column revoked_at bigint;
