//! Webhook calls for every public change: one JSON payload, queued in the
//! outbox for the global webhooks, the customer's account's own, and Slack
//! (whose sender turns it into a message).

use super::NotifySettings;
use crate::domain::Case;
use crate::store::outbox::{self, Delivery, Route};
use crate::store::{Conn, StoreError};
use jiff::Timestamp;
use serde_json::json;

pub(super) async fn queue_webhooks(
    settings: &NotifySettings,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    name: &str,
    text: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let payload = json!({
        "type": name,
        "created_at": now.to_string(),
        "case": {
            "reference": case.reference.to_string(),
            "subject": case.subject,
            "stage": case.stage.code(),
            "severity": case.severity.code(),
            "channel": case.channel.code(),
        },
        "text": text,
    });
    let domain = case
        .customer_email
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default();
    let account = settings
        .account_webhooks
        .iter()
        .filter(|(account, _)| *account == domain)
        .map(|(account, url)| {
            (
                Route::AccountWebhook,
                url,
                account.as_str(),
                payload.to_string(),
            )
        });
    let targets = settings
        .webhooks
        .iter()
        .map(|url| (Route::Webhook, url, "", payload.to_string()))
        .chain(account)
        .chain(
            settings
                .slack
                .iter()
                .map(|url| (Route::Slack, url, "", payload.to_string())),
        );
    for (route, url, account, message) in targets {
        let delivery = Delivery {
            case_id: Some(case_id),
            route,
            kind: name.to_owned(),
            recipient: url.clone(),
            subject: account.to_owned(),
            message,
            unsubscribe_url: String::new(),
        };
        outbox::enqueue(conn, &delivery, now).await?;
    }
    Ok(())
}
