//! The templates Baton ships with, written to shared/VOICE.md. Support ops
//! start from these and may replace any of them.

mod de;
mod en;

use super::{Locale, TemplateChannel, TemplateKind};

/// One shipped template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DefaultTemplate {
    pub kind: TemplateKind,
    pub channel: TemplateChannel,
    /// Language tag, like "en".
    pub locale: &'static str,
    pub source: &'static str,
}

const fn shipped(
    locale: &'static str,
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &'static str,
) -> DefaultTemplate {
    DefaultTemplate {
        kind,
        channel,
        locale,
        source,
    }
}

/// Every shipped template, all languages.
pub fn all_defaults() -> impl Iterator<Item = &'static DefaultTemplate> {
    en::TEMPLATES.iter().chain(de::TEMPLATES)
}

/// The shipped template for a message, trying the locale's fallbacks in
/// order (exact tag, its language, then English).
pub fn default_template(
    kind: TemplateKind,
    channel: TemplateChannel,
    locale: &Locale,
) -> Option<&'static DefaultTemplate> {
    locale.fallbacks().into_iter().find_map(|tag| {
        all_defaults().find(|t| t.kind == kind && t.channel == channel && t.locale == tag)
    })
}

#[cfg(test)]
mod tests {
    use super::super::plain_language::{JargonList, WarningCode};
    use super::super::{TemplateContext, render, validate};
    use super::*;

    #[test]
    fn english_has_a_default_for_every_channel_of_every_kind() {
        for kind in TemplateKind::ALL {
            for &channel in kind.channels() {
                let found = default_template(kind, channel, &Locale::english());
                assert!(found.is_some_and(|t| t.locale == "en"), "{kind} {channel}");
            }
        }
    }

    #[test]
    fn every_default_validates_and_renders_with_the_example_values() {
        for t in all_defaults() {
            let validated = validate(t.kind, t.channel, t.source)
                .unwrap_or_else(|e| panic!("{} {} {}: {e}", t.locale, t.kind, t.channel));
            assert!(!validated.example.trim().is_empty());
            let rendered = render(
                t.kind,
                t.channel,
                t.source,
                &TemplateContext::example(t.kind),
            )
            .unwrap_or_else(|e| panic!("{} {} {}: {e}", t.locale, t.kind, t.channel));
            assert_eq!(rendered, validated.example);
        }
    }

    #[test]
    fn defaults_use_no_jargon() {
        for t in all_defaults().filter(|t| !t.kind.for_staff()) {
            let validated = validate(t.kind, t.channel, t.source).unwrap();
            let jargon: Vec<_> = validated
                .warnings(&JargonList::default())
                .into_iter()
                .filter(|w| w.code == WarningCode::Jargon)
                .collect();
            assert!(
                jargon.is_empty(),
                "{} {} {}: {jargon:?}",
                t.locale,
                t.kind,
                t.channel
            );
        }
    }

    #[test]
    fn english_defaults_pass_every_plain_language_check() {
        for t in all_defaults().filter(|t| t.locale == "en" && !t.kind.for_staff()) {
            let warnings = validate(t.kind, t.channel, t.source)
                .unwrap()
                .warnings(&JargonList::default());
            assert!(
                warnings.is_empty(),
                "{} {}: {warnings:?}",
                t.kind,
                t.channel
            );
        }
    }

    #[test]
    fn the_email_footer_says_why_and_how_to_stop_in_plain_words() {
        let footer = default_template(
            TemplateKind::EmailFooter,
            TemplateChannel::EmailBody,
            &Locale::english(),
        )
        .unwrap();
        let validated = validate(footer.kind, footer.channel, footer.source).unwrap();
        assert_eq!(validated.warnings(&JargonList::default()), vec![]);
        assert!(
            validated
                .example
                .contains("https://baton.example.com/unsubscribe?token=")
        );
    }

    #[test]
    fn german_falls_back_to_english_where_it_has_no_template() {
        let german = Locale::parse("de").unwrap();
        let ack = default_template(
            TemplateKind::Acknowledgement,
            TemplateChannel::EmailBody,
            &german,
        );
        assert_eq!(ack.map(|t| t.locale), Some("de"));
        let austrian = Locale::parse("de-AT").unwrap();
        let label = default_template(TemplateKind::StageLabel, TemplateChannel::Web, &austrian);
        assert_eq!(label.map(|t| t.locale), Some("de"));
        let pause = default_template(
            TemplateKind::PauseNotice,
            TemplateChannel::EmailBody,
            &german,
        );
        assert_eq!(pause.map(|t| t.locale), Some("en"));
    }
}
