//! Background work inside the `baton` process.

pub mod outbox_sender;
pub mod sla_sweeper;
