//! The ways requests reach the app: web forms and the JSON API.

pub mod api;
pub mod web;
