//! Who hears about what: emails to the customer and everyone they copied
//! in, emails to staff for SLA alerts, and webhook calls. Everything here
//! writes to the outbox inside the caller's transaction, so a notification
//! exists exactly when its cause was committed; the server's sender delivers
//! it later, with retries, woken by `Portal::committed`.

use super::{Portal, present, secrets, templates};
use crate::domain::ladder::TierLadder;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::template::{Locale, TemplateChannel, TemplateContext, TemplateKind};
use crate::domain::{Case, Event, EventKind, wording};
use crate::store::outbox::{self, Delivery, Route};
use crate::store::subscribers::{self, Subscriber, SubscriberRole};
use crate::store::{Conn, StoreError, staff};
use jiff::Timestamp;
use serde_json::json;
use std::sync::Arc;
use tokio::sync::Notify;

/// Where notifications go, from the server's configuration.
#[derive(Clone, Debug, Default)]
pub struct NotifySettings {
    /// The address customers use, for links in emails.
    pub public_url: String,
    /// Whether an outgoing mail relay is configured; without one no email
    /// is queued (it would only pile up).
    pub email: bool,
    /// URLs that receive a signed JSON event for every public change.
    pub webhooks: Vec<String>,
    /// URLs that receive a Slack-compatible message.
    pub slack: Vec<String>,
    /// `(domain, URL)`: the account's own URL gets the signed events of the
    /// cases its people raised (customer email at the domain).
    pub account_webhooks: Vec<(String, String)>,
    /// Wakes the sender after a commit (see `Portal::committed`).
    pub wake: Arc<Notify>,
}

impl NotifySettings {
    fn wants_anything(&self) -> bool {
        self.email
            || !self.webhooks.is_empty()
            || !self.slack.is_empty()
            || !self.account_webhooks.is_empty()
    }
}

/// A new case: the customer becomes its first subscriber and gets the
/// acknowledgement, with the link that came with the case.
pub async fn case_raised(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    token: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let customer = subscribers::add(
        conn,
        case_id,
        &case.customer_email,
        &case.customer_name,
        SubscriberRole::Customer,
        now,
    )
    .await?;
    let settings = &portal.notify;
    if settings.email {
        let status_url = format!(
            "{}{}",
            settings.public_url,
            super::escalations::status_path(&case.reference, token)
        );
        // The first email's link is the case's own token; unsubscribing
        // needs a link of its own.
        let unsubscribe = mint_link(conn, case_id, customer, now).await?;
        let subscriber = Subscriber {
            subscriber_id: customer,
            case_id,
            email: case.customer_email.clone(),
            name: case.customer_name.clone(),
            unsubscribed: false,
            agreed: true,
        };
        let email = render_email(
            portal,
            TemplateKind::Acknowledgement,
            case,
            &subscriber,
            &status_url,
            "",
            now,
        )
        .await;
        queue_email(
            portal,
            conn,
            case_id,
            &subscriber,
            email,
            &unsubscribe_url(settings, &unsubscribe),
            now,
        )
        .await?;
    }
    queue_webhooks(settings, conn, case_id, case, "case.created", None, now).await?;
    Ok(())
}

/// Emails `to` a fresh private link to the case, which they asked for
/// (their old one expired or was revoked). Nothing without a mail relay.
pub async fn fresh_link(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    to: &Subscriber,
    now: Timestamp,
) -> Result<(), StoreError> {
    if !portal.notify.email {
        return Ok(());
    }
    let email = LinkedEmail {
        kind: TemplateKind::FreshLink,
        to,
        update: "",
    };
    email_with_own_link(portal, conn, case_id, case, email, now).await
}

/// One email to one subscriber: what kind, and an update's words if any.
struct LinkedEmail<'a> {
    kind: TemplateKind,
    to: &'a Subscriber,
    update: &'a str,
}

/// Mints a private link for the recipient, renders the email with it and
/// queues it, with the link's own unsubscribe address.
async fn email_with_own_link(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    email: LinkedEmail<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let settings = &portal.notify;
    let link = mint_link(conn, case_id, email.to.subscriber_id, now).await?;
    let status_url = format!(
        "{}{}",
        settings.public_url,
        super::escalations::status_path(&case.reference, &link)
    );
    let rendered = render_email(
        portal,
        email.kind,
        case,
        email.to,
        &status_url,
        email.update,
        now,
    )
    .await;
    let unsubscribe = unsubscribe_url(settings, &link);
    queue_email(portal, conn, case_id, email.to, rendered, &unsubscribe, now).await
}

/// Invites someone copied in: they hear about later public changes only
/// once the customer or staff agree.
pub async fn invite_copied(
    conn: &mut Conn,
    case_id: i64,
    email: &str,
    name: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    subscribers::add(conn, case_id, email, name, SubscriberRole::Invited, now).await?;
    Ok(())
}

/// Events a staff member, the customer or the SLA engine just stored:
/// emails for what the customer should hear, webhooks for every public change.
pub async fn case_changed(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    events: &[Event],
    now: Timestamp,
) -> Result<(), StoreError> {
    let settings = &portal.notify;
    if !settings.wants_anything() {
        return Ok(());
    }
    let ladder = portal.rules().tiers;
    for event in events {
        let Some((name, body)) = public_change(&event.kind, &ladder) else {
            continue;
        };
        queue_webhooks(settings, conn, case_id, case, name, Some(&body), now).await?;
        let Some(kind) = email_kind(&event.kind) else {
            continue;
        };
        if !settings.email {
            continue;
        }
        let update = match &event.kind {
            EventKind::PublicUpdate { body, .. } => body.as_str(),
            _ => "",
        };
        for subscriber in subscribers::active(conn, case_id).await? {
            let email = LinkedEmail {
                kind,
                to: &subscriber,
                update,
            };
            email_with_own_link(portal, conn, case_id, case, email, now).await?;
        }
    }
    Ok(())
}

/// SLA alerts by email to the staff they name (the console shows them too).
pub async fn staff_alerts(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    alerts: &[SlaAlert],
    now: Timestamp,
) -> Result<(), StoreError> {
    if !portal.notify.email || alerts.is_empty() {
        return Ok(());
    }
    let link = format!(
        "{}/staff/cases/{}",
        portal.notify.public_url, case.reference
    );
    for alert in alerts {
        for address in staff::addresses_for(conn, &alert.recipient).await? {
            let delivery = Delivery {
                case_id: Some(case_id),
                route: Route::Email,
                kind: alert.kind.to_owned(),
                recipient: address,
                subject: format!("[{}] {}", case.reference, one_line(&alert.message)),
                message: format!("{}\n\nOpen the case: {link}\n", alert.message),
                unsubscribe_url: String::new(),
            };
            outbox::enqueue(conn, &delivery, now).await?;
        }
    }
    Ok(())
}

/// The webhook event name and the customer-visible text of a change;
/// internal notes, assignments and clock bookkeeping are not public.
fn public_change(kind: &EventKind, ladder: &TierLadder) -> Option<(&'static str, String)> {
    Some(match kind {
        EventKind::CustomerMessage { body } => ("case.customer_message", body.clone()),
        EventKind::PublicUpdate { body, .. } => ("case.public_update", body.clone()),
        EventKind::Solved { summary } => ("case.solved", summary.clone()),
        EventKind::Confirmed { .. } => ("case.confirmed", String::new()),
        EventKind::Reopened { reason } => ("case.reopened", reason.clone()),
        EventKind::Escalated { to, .. } => {
            ("case.escalated", ladder.customer_words(*to).to_owned())
        }
        _ => return None,
    })
}

/// The email a change sends the customer, if any. A customer's own message
/// and their confirmation need no email back.
fn email_kind(kind: &EventKind) -> Option<TemplateKind> {
    match kind {
        EventKind::PublicUpdate { .. } => Some(TemplateKind::PublicUpdate),
        EventKind::Escalated { .. } => Some(TemplateKind::EscalationNotice),
        EventKind::Solved { .. } => Some(TemplateKind::ResolutionQuestion),
        EventKind::Reopened { .. } => Some(TemplateKind::ReopenConfirmation),
        _ => None,
    }
}

struct Email {
    subject: String,
    body: String,
    /// The case's reference, for the footer.
    reference: String,
}

/// Renders a kind's subject and body from the live templates, with every
/// placeholder the kind offers.
async fn render_email(
    portal: &Portal,
    kind: TemplateKind,
    case: &Case,
    to: &Subscriber,
    status_url: &str,
    update_body: &str,
    now: Timestamp,
) -> Email {
    let guarantee = present::guarantee_view(case, &*portal.calendar(), &portal.zone, now);
    let (due_time, zone) = match guarantee {
        Some(g) => (g.due_label, g.zone_label),
        None => (
            "as soon as we can".to_owned(),
            present::zone_label(&portal.zone),
        ),
    };
    let name = if to.name.trim().is_empty() {
        case.customer_name.clone()
    } else {
        to.name.clone()
    };
    let mut context = TemplateContext::new(kind);
    for placeholder in kind.placeholders() {
        let value = match placeholder.name {
            "customer_name" => name.clone(),
            "reference" => case.reference.to_string(),
            "stage" => case.stage.code().to_owned(),
            "due_time" => due_time.clone(),
            "zone" => zone.clone(),
            "update_body" => update_body.to_owned(),
            "status_url" | "survey_url" => status_url.to_owned(),
            "team" => portal.rules().tiers.customer_words(case.tier).to_owned(),
            "paused_since" => wording::format_time(now, &portal.zone),
            _ => String::new(),
        };
        if let Err(error) = context.set(placeholder.name, value) {
            tracing::error!(%error, %kind, "email placeholders are out of step with the templates");
        }
    }
    let locale = Locale::english();
    let subject = templates::render_live(
        portal,
        kind,
        TemplateChannel::EmailSubject,
        &locale,
        &context,
        now,
    )
    .await;
    let body = templates::render_live(
        portal,
        kind,
        TemplateChannel::EmailBody,
        &locale,
        &context,
        now,
    )
    .await;
    Email {
        subject: one_line(&subject),
        body,
        reference: case.reference.to_string(),
    }
}

/// Queues one customer email, with the footer (the `email_footer`
/// template) that says why they get it and how to stop.
async fn queue_email(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    to: &Subscriber,
    email: Email,
    unsubscribe_url: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let footer = match TemplateContext::new(TemplateKind::EmailFooter)
        .with("unsubscribe_url", unsubscribe_url)
        .and_then(|c| c.with("reference", email.reference.as_str()))
    {
        Ok(context) => {
            templates::render_live(
                portal,
                TemplateKind::EmailFooter,
                TemplateChannel::EmailBody,
                &Locale::english(),
                &context,
                now,
            )
            .await
        }
        Err(error) => {
            tracing::error!(%error, "email footer placeholders are out of step with the templates");
            String::new()
        }
    };
    let body = format!("{}\n\n--\n{}\n", email.body.trim_end(), footer.trim_end());
    let delivery = Delivery {
        case_id: Some(case_id),
        route: Route::Email,
        kind: "customer_email".to_owned(),
        recipient: to.email.clone(),
        subject: email.subject,
        message: body,
        unsubscribe_url: unsubscribe_url.to_owned(),
    };
    outbox::enqueue(conn, &delivery, now).await
}

async fn queue_webhooks(
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
    let slack = json!({
        "text": format!(
            "{} {}: {} ({})",
            case.reference,
            name.trim_start_matches("case.").replace('_', " "),
            case.subject,
            text.map(one_line).unwrap_or_default()
        ),
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
                .map(|url| (Route::Slack, url, "", slack.to_string())),
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

/// Mints a fresh private link for one email; only its hash is kept.
async fn mint_link(
    conn: &mut Conn,
    case_id: i64,
    subscriber_id: i64,
    now: Timestamp,
) -> Result<String, StoreError> {
    let token = secrets::new_token();
    subscribers::add_link(
        conn,
        &secrets::hash_token(&token),
        case_id,
        subscriber_id,
        now,
    )
    .await?;
    Ok(token)
}

fn unsubscribe_url(settings: &NotifySettings, token: &str) -> String {
    format!("{}/unsubscribe?token={token}", settings.public_url)
}

/// A subject is one line: templates refuse line breaks, but staff words
/// and alert texts pass through here too.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_never_carry_line_breaks() {
        assert_eq!(
            one_line("Breached:\r\nBcc: x@evil\n"),
            "Breached: Bcc: x@evil"
        );
    }

    #[test]
    fn internal_changes_are_not_public() {
        let note = EventKind::InternalNote {
            body: "L2 RCA".into(),
        };
        assert!(public_change(&note, &TierLadder::default()).is_none());
        assert!(email_kind(&note).is_none());
        let update = EventKind::PublicUpdate {
            body: "Fixed".into(),
            waits_for_customer: false,
        };
        assert_eq!(email_kind(&update), Some(TemplateKind::PublicUpdate));
    }
}
