#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)] // tests may unwrap and read the clock
//! The real server on port 0 with a fresh SQLite database per test, driven by
//! a real HTTP client.

mod calendar;
mod escalations_api;
mod health;
mod helpers;
mod pages;
mod security;
mod sla_settings;
mod staff;
mod staff_api;
mod staff_console;
mod templates_api;
mod templates_studio;
