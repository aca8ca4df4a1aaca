//! The ways requests reach the app: web forms and the JSON API.

pub mod admin_api;
pub mod api;
pub mod chat;
pub mod client;
pub mod live;
pub mod openapi;
pub mod ops_sla;
pub mod ops_web;
pub mod signed_in;
pub mod smtp;
pub mod staff_api;
pub mod web;
