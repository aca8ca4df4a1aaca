#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test
//! The storage test suite. Every test runs on SQLite and on PostgreSQL
//! (`BATON_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test,
//! a fresh schema per test).

mod authority_acts;
mod backends;
mod cases;
mod checkpoint;
mod credentials;
mod escalations;
mod group_commit;
mod idempotency;
mod inbound_mail;
mod incidents;
mod notifications;
mod raci;
mod reads;
mod sla;
mod sla_settings;
mod staff;
mod staff_access;
mod staff_console;
mod status_read;
mod swarms;
mod templates;
