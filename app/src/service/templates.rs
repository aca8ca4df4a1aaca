//! The template studio's use cases, and the live customer words every
//! channel renders.
//!
//! Publishing validates first, so a broken template is never live. Rolling
//! back publishes a copy of an older version as a new version (see
//! `store::templates`). At run time a live template that fails to render is
//! reported to ops and the customer gets the previous good version, or the
//! built-in default.

use crate::domain::template::{TemplateError, TemplateKey};
use crate::error::AppError;
use crate::store::StoreError;

mod cache;
mod case_preview;
mod case_words;
mod live;
mod notices;
mod schedule;
mod studio;
mod wording;

pub use cache::TemplateCache;
pub use case_preview::{CASE_REFERENCE, case_context, preview_with_case};
pub use case_words::{TimelineWords, next_step};
pub use live::{
    LiveTemplate, live_template, render_email, render_live, render_live_each, render_text,
};
pub use notices::{field_notice, notice, word_fields};
pub use schedule::{cancel_schedule, schedule};
pub use studio::{editor, list, preview, publish, roll_back, save_draft};
pub use wording::{StatusWords, status_words};

/// What editing customer words means, for the refusal.
pub const CONFIGURING: &str = "preview and publish customer templates";

/// Why a studio action failed: the template itself, or anything else.
#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// The template does not validate; nothing was saved. (422)
    #[error("{0}")]
    Broken(TemplateError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for StudioError {
    fn from(error: StoreError) -> Self {
        StudioError::App(error.into())
    }
}

impl From<crate::domain::staff::Refused> for StudioError {
    fn from(refused: crate::domain::staff::Refused) -> Self {
        StudioError::App(refused.into())
    }
}

/// Parses `kind/channel/locale` from a URL; anything else is not found.
pub fn parse_key(kind: &str, channel: &str, locale: &str) -> Result<TemplateKey, AppError> {
    TemplateKey::parse(kind, channel, locale).ok_or(AppError::NotFound)
}
