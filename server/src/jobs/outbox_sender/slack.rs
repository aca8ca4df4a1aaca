//! Slack's incoming webhooks want `{"text": …}`: the change's webhook
//! payload becomes one line of text when it is sent.

use app::domain::wording::one_line;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Change {
    #[serde(rename = "type")]
    name: String,
    case: CaseSummary,
    text: Option<String>,
}

#[derive(Deserialize)]
struct CaseSummary {
    reference: String,
    subject: String,
}

/// The Slack message for a queued change. A row queued before Slack
/// messages were formatted here already holds one, and goes as it is.
pub fn message(queued: &str) -> String {
    let Ok(change) = serde_json::from_str::<Change>(queued) else {
        return queued.to_owned();
    };
    json!({
        "text": format!(
            "{} {}: {} ({})",
            change.case.reference,
            change.name.trim_start_matches("case.").replace('_', " "),
            change.case.subject,
            change.text.as_deref().map(one_line).unwrap_or_default()
        ),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_becomes_one_line_of_text() {
        let queued = r#"{"type":"case.public_update","created_at":"2026-12-05T10:00:00Z",
            "case":{"reference":"ESC-7Q4K2M","subject":"Checkout fails","stage":"in_progress",
            "severity":"S2","channel":"web"},"text":"Fixed.\nDeploying now"}"#;
        let sent: serde_json::Value = serde_json::from_str(&message(queued)).unwrap();
        assert_eq!(
            sent["text"],
            "ESC-7Q4K2M public update: Checkout fails (Fixed. Deploying now)"
        );
    }

    #[test]
    fn an_already_formatted_message_goes_as_it_is() {
        let old = r#"{"text":"ESC-7Q4K2M resolved: Checkout fails ()"}"#;
        assert_eq!(message(old), old);
    }
}
