use serde::{Deserialize, Serialize};
use std::fmt;

/// What a customer-facing message is for. Each kind offers its own
/// placeholders, and support ops keep one template per kind, channel and
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// The few words naming a stage on the status page ("Being worked on").
    StageLabel,
    /// One or two sentences saying what a stage means for the customer.
    StageExplanation,
    /// The promise line: what we will do next, and by when.
    Guarantee,
    /// "We have your case": sent when a case is raised.
    Acknowledgement,
    /// Carries an update a staff member wrote for the customer.
    PublicUpdate,
    /// Tells the customer we have brought in another team.
    EscalationNotice,
    /// Tells the customer the clock is paused because we wait for them.
    PauseNotice,
    /// Asks the customer whether the problem is solved for them.
    ResolutionQuestion,
    /// Confirms that a case the customer reopened is being looked at again.
    ReopenConfirmation,
    /// Asks how we did, once the case is closed.
    Survey,
    /// Briefs a key account's executive sponsor (staff-facing, by email).
    SponsorBriefing,
    /// The lines under every email to a customer: why they get it and how
    /// to stop.
    EmailFooter,
    /// What happens next on the status page when no promise has a due time:
    /// we wait for the customer, they confirm, we work on it, or it is done.
    NextStep,
    /// The title of one step on the customer's timeline ("You wrote to us.").
    TimelineEntry,
    /// The words above the live countdown ("We'll reply by").
    GuaranteeLead,
    /// A fresh private link the customer asked for by email.
    FreshLink,
    /// A single-use link that signs a customer in to see all their cases.
    SignInLink,
    /// A short notice when something the customer tried cannot be done.
    CustomerNotice,
    /// A situation update on a wider problem that affects several
    /// customers (a major incident), in the standard format.
    IncidentUpdate,
    /// The week's reports in brief, emailed to managers on Monday
    /// (staff-facing).
    WeeklyDigest,
    /// A proactive update a rule sends (once a person approves it) when a
    /// case looks headed for trouble, posted on the customer's timeline.
    ProactiveUpdate,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 21] = [
        TemplateKind::StageLabel,
        TemplateKind::StageExplanation,
        TemplateKind::Guarantee,
        TemplateKind::Acknowledgement,
        TemplateKind::PublicUpdate,
        TemplateKind::EscalationNotice,
        TemplateKind::PauseNotice,
        TemplateKind::ResolutionQuestion,
        TemplateKind::ReopenConfirmation,
        TemplateKind::Survey,
        TemplateKind::SponsorBriefing,
        TemplateKind::EmailFooter,
        TemplateKind::NextStep,
        TemplateKind::TimelineEntry,
        TemplateKind::GuaranteeLead,
        TemplateKind::FreshLink,
        TemplateKind::SignInLink,
        TemplateKind::CustomerNotice,
        TemplateKind::IncidentUpdate,
        TemplateKind::WeeklyDigest,
        TemplateKind::ProactiveUpdate,
    ];

    /// Stable code, used in storage and URLs.
    pub fn code(self) -> &'static str {
        match self {
            TemplateKind::StageLabel => "stage_label",
            TemplateKind::StageExplanation => "stage_explanation",
            TemplateKind::Guarantee => "guarantee",
            TemplateKind::Acknowledgement => "acknowledgement",
            TemplateKind::PublicUpdate => "public_update",
            TemplateKind::EscalationNotice => "escalation_notice",
            TemplateKind::PauseNotice => "pause_notice",
            TemplateKind::ResolutionQuestion => "resolution_question",
            TemplateKind::ReopenConfirmation => "reopen_confirmation",
            TemplateKind::Survey => "survey",
            TemplateKind::SponsorBriefing => "sponsor_briefing",
            TemplateKind::EmailFooter => "email_footer",
            TemplateKind::NextStep => "next_step",
            TemplateKind::TimelineEntry => "timeline_entry",
            TemplateKind::GuaranteeLead => "guarantee_lead",
            TemplateKind::FreshLink => "fresh_link",
            TemplateKind::SignInLink => "sign_in_link",
            TemplateKind::CustomerNotice => "customer_notice",
            TemplateKind::IncidentUpdate => "incident_update",
            TemplateKind::WeeklyDigest => "weekly_digest",
            TemplateKind::ProactiveUpdate => "proactive_update",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == raw.trim())
    }

    /// The channels this kind of message is sent on; a default template
    /// exists in English for each of them.
    pub fn channels(self) -> &'static [TemplateChannel] {
        use TemplateChannel::*;
        match self {
            TemplateKind::StageLabel => &[Web],
            TemplateKind::StageExplanation => &[Web, Chat],
            TemplateKind::Guarantee => &[Web, EmailBody, Chat],
            TemplateKind::Survey => &[Web, EmailSubject, EmailBody],
            TemplateKind::SponsorBriefing => &[EmailSubject, EmailBody],
            TemplateKind::EmailFooter => &[EmailBody],
            TemplateKind::FreshLink | TemplateKind::SignInLink | TemplateKind::WeeklyDigest => {
                &[EmailSubject, EmailBody]
            }
            TemplateKind::IncidentUpdate => &[Web, EmailSubject, EmailBody],
            TemplateKind::NextStep
            | TemplateKind::ProactiveUpdate
            | TemplateKind::TimelineEntry
            | TemplateKind::GuaranteeLead
            | TemplateKind::CustomerNotice => &[Web],
            _ => &[Web, EmailSubject, EmailBody, Chat],
        }
    }

    /// Whether the plain-language check asks this kind for a next step or
    /// a time. A stage label is a name, not a message; a timeline entry
    /// says what happened (the page's next step says what comes).
    pub fn expects_next_step(self) -> bool {
        !matches!(
            self,
            TemplateKind::StageLabel
                | TemplateKind::TimelineEntry
                | TemplateKind::GuaranteeLead
                | TemplateKind::CustomerNotice
        )
    }

    /// Messages to our own staff, such as a sponsor's briefing: tier names
    /// and severities are their words, so the customer-language checks of
    /// the shipped defaults do not apply.
    pub fn for_staff(self) -> bool {
        matches!(
            self,
            TemplateKind::SponsorBriefing | TemplateKind::WeeklyDigest
        )
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where a rendered message goes. The channel decides escaping and line
/// rules (see `Sandbox`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateChannel {
    /// Text shown on our status pages: an HTML fragment.
    Web,
    /// The subject line of an email: one line of plain text.
    EmailSubject,
    /// The plain-text body of an email.
    EmailBody,
    /// A message in our chat widget: an HTML fragment, like `Web`.
    Chat,
}

impl TemplateChannel {
    pub const ALL: [TemplateChannel; 4] = [
        TemplateChannel::Web,
        TemplateChannel::EmailSubject,
        TemplateChannel::EmailBody,
        TemplateChannel::Chat,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TemplateChannel::Web => "web",
            TemplateChannel::EmailSubject => "email_subject",
            TemplateChannel::EmailBody => "email_body",
            TemplateChannel::Chat => "chat",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == raw.trim())
    }

    /// Web and chat output goes into a page as HTML, so values are escaped.
    /// Email is plain text: escaping would show `&amp;` to the customer.
    pub fn escapes_html(self) -> bool {
        matches!(self, TemplateChannel::Web | TemplateChannel::Chat)
    }

    /// Web and chat sources are words, not markup: a tag typed into a
    /// template would reach every customer's page.
    pub fn refuses_markup(self) -> bool {
        self.escapes_html()
    }
}

impl fmt::Display for TemplateChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language of a template, as a lower-case tag ("en", "de", "de-at").
/// English is the default and the last fallback.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Locale(String);

impl Locale {
    pub const ENGLISH: &'static str = "en";

    pub fn english() -> Self {
        Locale(Self::ENGLISH.to_owned())
    }

    /// Accepts a language tag like "de" or "de-AT" (or "de_AT");
    /// stores it in lower case with a hyphen.
    pub fn parse(raw: &str) -> Option<Self> {
        let tag = raw.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        let language = parts.next()?;
        let language_ok =
            (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        (language_ok && rest_ok).then_some(Locale(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language: "de" for "de-at".
    pub fn language(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The locales to try, best first: the exact tag, its language, then English.
    pub fn fallbacks(&self) -> Vec<&str> {
        let mut chain = vec![self.as_str()];
        for next in [self.language(), Self::ENGLISH] {
            if !chain.contains(&next) {
                chain.push(next);
            }
        }
        chain
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale::english()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Locale {
    type Error = String;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Locale::parse(&raw).ok_or_else(|| format!("{raw:?} is not a language tag"))
    }
}

impl From<Locale> for String {
    fn from(locale: Locale) -> Self {
        locale.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_and_channel_codes_round_trip() {
        for kind in TemplateKind::ALL {
            assert_eq!(TemplateKind::parse(kind.code()), Some(kind));
        }
        for channel in TemplateChannel::ALL {
            assert_eq!(TemplateChannel::parse(channel.code()), Some(channel));
        }
        assert_eq!(TemplateKind::parse("ticket"), None);
    }

    #[test]
    fn locales_fall_back_to_their_language_then_english() {
        let austrian = Locale::parse("de_AT").unwrap();
        assert_eq!(austrian.as_str(), "de-at");
        assert_eq!(austrian.fallbacks(), vec!["de-at", "de", "en"]);
        assert_eq!(Locale::default().fallbacks(), vec!["en"]);
        assert_eq!(Locale::parse("not a tag"), None);
        assert_eq!(Locale::parse(""), None);
    }
}
