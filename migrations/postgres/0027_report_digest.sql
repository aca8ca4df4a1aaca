-- The weekly digest of the reports, emailed to managers: one row per week
-- sent, claimed by whichever process gets there first, so each week's
-- digest goes out once however many processes run.
create table report_digest (
    week_start text primary key,
    sent_at bigint not null,
    recipients bigint not null
);
