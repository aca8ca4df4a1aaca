//! Use cases shared by every channel (pages, forms, JSON API, and later email
//! and chat): parse -> domain -> store, in one transaction. Server-only.

pub mod demo;
pub mod escalations;
pub mod secrets;
pub mod sla_engine;
pub mod staff_desk;
mod views;

use crate::domain::sla::{AlwaysOpen, BusinessTime, SlaRules};
use crate::error::AppError;
use crate::store::{Store, StoreError};
use jiff::tz::TimeZone;
use std::sync::Arc;

/// What the app needs from the server at run time, offered to pages through context.
#[derive(Clone)]
pub struct Portal {
    pub store: Store,
    /// Customer-facing times are shown in this zone until the browser knows better.
    pub zone: TimeZone,
    /// The business calendar every SLA clock counts in.
    pub calendar: Arc<dyn BusinessTime + Send + Sync>,
    pub rules: SlaRules,
}

impl Portal {
    /// A portal with the default SLA rules and an always-open calendar.
    pub fn new(store: Store, zone: TimeZone) -> Self {
        Self {
            store,
            zone,
            calendar: Arc::new(AlwaysOpen),
            rules: SlaRules::default(),
        }
    }
}

/// The one place the app reads the clock; the domain is handed `now`.
#[allow(clippy::disallowed_methods)]
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(what) if what == "version" => AppError::Conflict(
                "Someone else changed this case a moment ago. Please reload and try again."
                    .to_owned(),
            ),
            other => {
                tracing::error!(error = %other, "storage failed");
                AppError::Unexpected
            }
        }
    }
}
