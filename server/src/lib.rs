//! The `baton` server: configuration, wiring and the channels that turn HTTP
//! requests into the app's use cases. No business rules live here.

pub mod assets;
pub mod channels;
pub mod cli;
pub mod config;
pub mod jobs;
pub mod limits;
pub mod security;
pub mod startup;
pub mod telemetry;
