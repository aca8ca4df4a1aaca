//! Background work inside the `baton` process.

pub mod sla_sweeper;
