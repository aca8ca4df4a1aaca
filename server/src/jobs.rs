//! Background work inside the `baton` process.

pub mod cluster;
pub mod outbox_sender;
pub mod rule_watch;
pub mod sla_sweeper;
