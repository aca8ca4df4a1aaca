//! Use cases shared by every channel (pages, forms, JSON API, and later email
//! and chat): parse -> domain -> store, in one transaction. Server-only.

pub mod alerts;
pub mod authority;
pub mod bulk;
pub mod case_access;
pub mod chat;
pub mod demo;
pub mod digest;
pub mod early_warning;
pub mod escalations;
pub mod got_worse;
pub mod idempotency;
pub mod inbound_mail;
pub mod incidents;
pub mod intake;
pub mod jargon;
pub mod json_setting;
pub mod knowledge;
pub mod live;
pub mod my_cases;
pub mod notify;
pub mod phone_calls;
mod present;
pub mod raci;
pub mod reports;
pub mod reviews;
pub mod rules;
pub mod saved_views;
pub mod secrets;
pub mod set_aside;
pub mod signals;
pub mod signed_in;
pub mod sla_engine;
pub mod sla_settings;
pub mod sponsors;
pub mod staff_access;
pub mod staff_accounts;
pub mod staff_actions;
pub mod staff_desk;
pub mod subscriptions;
pub mod swarms;
pub mod templates;
pub mod tiers;

use crate::domain::sla::{AlwaysOpen, BusinessTime, SlaRules};
use crate::error::AppError;
use crate::store::{Conflict, Store, StoreError};
use jiff::tz::TimeZone;
use std::sync::{Arc, RwLock};

/// What the app needs from the server at run time, offered to pages through context.
#[derive(Clone)]
pub struct Portal {
    pub store: Store,
    /// Customer-facing times are shown in this zone until the browser knows better.
    pub zone: TimeZone,
    /// The SLA calendar and rules in force; ops can change them while Baton runs.
    sla: Arc<RwLock<SlaSettings>>,
    /// Tells open status pages that their case changed.
    pub live: live::Live,
    /// Where emails and webhook calls go.
    pub notify: notify::NotifySettings,
    /// How long emailed links keep opening a case.
    pub links: case_access::LinkPolicy,
    /// The live templates, read once and kept until a studio write.
    pub templates: templates::TemplateCache,
    /// Wakes the SLA engine: a deadline may have moved (a case changed,
    /// here or in another process).
    pub deadlines: Arc<tokio::sync::Notify>,
    /// Which inbound emails may prove their sender (signed reply addresses
    /// always; a relay's `Authentication-Results` only when configured).
    pub mail_trust: inbound_mail::MailTrust,
    /// Cases raised at the same moment, written together.
    pub intake: intake::Intake,
}

/// The business calendar every SLA clock counts in, and the rules.
#[derive(Clone)]
pub struct SlaSettings {
    pub calendar: Arc<dyn BusinessTime + Send + Sync>,
    pub rules: SlaRules,
}

impl Portal {
    /// A portal with the default SLA rules and an always-open calendar.
    pub fn new(store: Store, zone: TimeZone) -> Self {
        let sla = SlaSettings {
            calendar: Arc::new(AlwaysOpen),
            rules: SlaRules::default(),
        };
        Self {
            live: live::Live::new(store.clone()),
            store,
            zone,
            sla: Arc::new(RwLock::new(sla)),
            notify: notify::NotifySettings::default(),
            links: case_access::LinkPolicy::default(),
            mail_trust: inbound_mail::MailTrust::default(),
            deadlines: Arc::default(),
            templates: templates::TemplateCache::default(),
            intake: intake::Intake::default(),
        }
    }

    /// The same portal showing customer-facing times in `zone`, the one the
    /// customer's browser told us; the server's zone without one.
    pub fn seen_from(&self, zone: Option<TimeZone>) -> Portal {
        let mut portal = self.clone();
        if let Some(zone) = zone {
            portal.zone = zone;
        }
        portal
    }

    /// Call after a transaction that changed a case commits: open status
    /// pages refresh, and the outbox sender picks up what was queued with it.
    pub fn committed(&self, reference: &str) {
        self.live.changed(reference);
        self.notify.wake.notify_one();
        self.deadlines.notify_one();
    }

    /// Call after a studio write commits: renderers here read the templates
    /// again, and (through a change notice) in every other process.
    pub fn templates_changed(&self) {
        self.templates.clear();
        self.live.announce(live::Announcement::Settings);
    }

    pub fn calendar(&self) -> Arc<dyn BusinessTime + Send + Sync> {
        self.settings().calendar
    }

    pub fn rules(&self) -> SlaRules {
        self.settings().rules
    }

    pub fn settings(&self) -> SlaSettings {
        // A poisoned lock still holds the last settings written whole.
        self.sla
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Puts new SLA settings in force for every later decision, here and
    /// (through a change notice) in every other process of the cluster.
    pub fn set_settings(&self, settings: SlaSettings) {
        self.apply_settings(settings);
        self.live.announce(live::Announcement::Settings);
    }

    /// Puts settings in force in this process only (read back after another
    /// process saved them).
    pub fn apply_settings(&self, settings: SlaSettings) {
        *self
            .sla
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = settings;
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
            StoreError::Conflict(Conflict::Version) => AppError::Conflict(
                "Someone else changed this case a moment ago. Please reload and try again."
                    .to_owned(),
            ),
            other => {
                tracing::error!(error = %other.detail(), "storage failed");
                AppError::Unexpected
            }
        }
    }
}
