//! Customer-facing texts as templates that support ops can edit: status
//! texts, promise wording, emails and chat messages.
//!
//! Templates are code written by staff and rendered to customers, so they
//! run in a sandbox (see `sandbox`): only the placeholders of their kind
//! exist, nothing outside the template can be reached, work and output are
//! capped, and values are escaped or cleaned for their channel. The
//! plain-language checks hold every version to shared/VOICE.md.

pub mod defaults;
mod diff;
mod error;
mod highlight;
mod kind;
mod outline;
mod placeholder;
pub mod plain_language;
mod sandbox;
mod schedule;
mod source_rules;
mod studio;

pub use defaults::{DefaultTemplate, all_defaults, default_template};
pub use diff::{DiffLine, line_diff};
pub use error::{TemplateError, TemplateErrorCode};
pub use highlight::{SourcePart, highlight_html, source_parts};
pub use kind::{Locale, TemplateChannel, TemplateKind};
pub use placeholder::{Placeholder, TemplateContext};
pub use plain_language::{
    JargonError, JargonList, JargonTerm, PlainLanguageRules, Warning, WarningCode,
};
pub use sandbox::{Compiled, Sandbox, Validated, render, unescape_html, validate};
pub use schedule::{PUBLISH_AT, check_publish_at, parse_publish_at};
pub use studio::{TemplateKey, VersionStatus};
