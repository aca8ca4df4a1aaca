//! Server functions: thin shims from a page to the service layer, plus the
//! data they return.

pub mod alerts;
pub mod authority;
#[cfg(feature = "ssr")]
pub mod context;
pub mod incidents;
pub mod jargon;
pub mod knowledge;
pub mod my_cases;
pub mod playbooks;
pub mod raci;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod sla_settings;
pub mod sponsors;
pub mod staff;
pub mod status;
pub mod studio;
pub mod subscriptions;
pub mod tiers;
