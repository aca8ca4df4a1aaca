//! The rules of the template studio: who may change customer words, and what
//! names one template among the versions support ops keep.

use super::{Locale, TemplateChannel, TemplateKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Names one template: a kind of message, on one channel, in one language.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TemplateKey {
    pub kind: TemplateKind,
    pub channel: TemplateChannel,
    pub locale: Locale,
}

impl TemplateKey {
    pub fn new(kind: TemplateKind, channel: TemplateChannel, locale: Locale) -> Self {
        TemplateKey {
            kind,
            channel,
            locale,
        }
    }

    /// Parses the three parts of a URL; a kind sent on a channel it never
    /// uses is refused too.
    pub fn parse(kind: &str, channel: &str, locale: &str) -> Option<Self> {
        let kind = TemplateKind::parse(kind)?;
        let channel = TemplateChannel::parse(channel)?;
        let locale = Locale::parse(locale)?;
        kind.channels()
            .contains(&channel)
            .then(|| TemplateKey::new(kind, channel, locale))
    }

    /// `kind/channel/locale`, as used in URLs.
    pub fn path(&self) -> String {
        format!("{}/{}/{}", self.kind, self.channel, self.locale)
    }
}

impl fmt::Display for TemplateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.kind, self.channel, self.locale)
    }
}

/// Where a saved version stands. At most one version of a template is
/// `Published`; a version that was live once and was replaced is `Retired`.
/// A `Scheduled` version goes live by itself at its time, without a job:
/// the live one is the newest published or scheduled version whose time has
/// come (see `store::templates::live`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Published,
    Retired,
    Scheduled,
}

impl VersionStatus {
    pub fn code(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Published => "published",
            VersionStatus::Retired => "retired",
            VersionStatus::Scheduled => "scheduled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            VersionStatus::Draft,
            VersionStatus::Published,
            VersionStatus::Retired,
            VersionStatus::Scheduled,
        ]
        .into_iter()
        .find(|s| s.code() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_parses_only_channels_its_kind_uses() {
        let key = TemplateKey::parse("acknowledgement", "web", "EN").unwrap();
        assert_eq!(key.path(), "acknowledgement/web/en");
        assert_eq!(TemplateKey::parse("stage_label", "email_body", "en"), None);
        assert_eq!(TemplateKey::parse("ticket", "web", "en"), None);
        assert_eq!(TemplateKey::parse("survey", "web", "not a tag"), None);
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            VersionStatus::Draft,
            VersionStatus::Published,
            VersionStatus::Retired,
            VersionStatus::Scheduled,
        ] {
            assert_eq!(VersionStatus::parse(s.code()), Some(s));
        }
    }
}
