#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)] // tests may unwrap and read the clock
//! The real server on port 0 with a fresh database per test (SQLite, or
//! PostgreSQL with `BATON_TEST_BACKEND=postgres`), driven by a real HTTP client.

mod assets;
mod authority;
mod authority_acts;
mod calendar;
mod chat;
mod cluster;
mod early_warning;
mod escalations_api;
mod got_worse;
mod health;
mod helpers;
mod idempotency;
mod incident_playbooks;
mod incidents;
mod jargon;
mod ladder;
mod live;
mod mail_in;
mod mail_out;
mod mail_sink;
mod management_path;
mod my_cases;
mod openapi;
mod outbox;
mod pages;
mod phone;
mod raci;
mod rules;
mod security;
mod signals;
mod sla_on_time;
mod sla_settings;
mod sponsors;
mod staff;
mod staff_access;
mod staff_api;
mod staff_console;
mod swarms;
mod templates_api;
mod templates_schedule;
mod templates_studio;
mod test_database;
mod tiers;
mod trust;
