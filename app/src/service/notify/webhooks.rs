//! Webhook calls for every public change: one JSON payload, queued in the
//! outbox for the global webhooks, the customer's account's own, and Slack
//! (whose sender turns it into a message).

use super::NotifySettings;
use crate::domain::Case;
use crate::domain::incident::{Incident, SituationUpdate};
use crate::domain::wording::one_line;
use crate::store::incidents::LinkedCase;
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

/// One `incident.update` call per global webhook, one per affected
/// account's own webhook (naming only that account's cases), and a line
/// for Slack: however many cases are linked, each URL hears it once.
pub(super) async fn queue_incident_update(
    settings: &NotifySettings,
    conn: &mut Conn,
    incident: &Incident,
    update: &SituationUpdate,
    linked: &[LinkedCase],
    now: Timestamp,
) -> Result<(), StoreError> {
    let payload = |cases: Vec<&str>| {
        json!({
            "type": "incident.update",
            "created_at": now.to_string(),
            "incident": {
                "reference": incident.reference.to_string(),
                "title": incident.title,
                "impact": incident.impact,
            },
            "update": {
                "affected": update.affected,
                "known": update.known,
                "doing": update.doing,
                "next_update_at": update.next_update_at.to_string(),
            },
            "cases": cases,
        })
        .to_string()
    };
    let everyone: Vec<&str> = linked.iter().map(|c| c.reference.as_str()).collect();
    let slack = json!({
        "text": one_line(&format!(
            "{} situation update: {} (affected: {}; doing: {})",
            incident.reference, incident.title, update.affected, update.doing
        )),
    })
    .to_string();
    let mut targets: Vec<(Route, &String, &str, String)> = Vec::new();
    for url in &settings.webhooks {
        targets.push((Route::Webhook, url, "", payload(everyone.clone())));
    }
    for (account, url) in &settings.account_webhooks {
        let theirs: Vec<&str> = linked
            .iter()
            .filter(|c| {
                c.customer_email
                    .rsplit_once('@')
                    .is_some_and(|(_, d)| d.eq_ignore_ascii_case(account))
            })
            .map(|c| c.reference.as_str())
            .collect();
        if !theirs.is_empty() {
            targets.push((
                Route::AccountWebhook,
                url,
                account.as_str(),
                payload(theirs),
            ));
        }
    }
    for url in &settings.slack {
        targets.push((Route::Slack, url, "", slack.clone()));
    }
    for (route, url, account, message) in targets {
        let delivery = Delivery {
            case_id: None,
            route,
            kind: "incident.update".to_owned(),
            recipient: url.clone(),
            subject: account.to_owned(),
            message,
            unsubscribe_url: String::new(),
        };
        outbox::enqueue(conn, &delivery, now).await?;
    }
    Ok(())
}
