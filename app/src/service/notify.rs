//! Who hears about what: emails to the customer and everyone they copied
//! in, emails to staff for SLA alerts, and webhook calls. Everything here
//! writes to the outbox inside the caller's transaction, so a notification
//! exists exactly when its cause was committed; the server's sender delivers
//! it later, with retries, woken by `Portal::committed`.

use super::Portal;
use crate::domain::ladder::TierLadder;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::template::TemplateKind;
use crate::domain::{Case, Event, EventKind};
use crate::store::outbox::{self, Delivery, Route};
use crate::store::subscribers::{self, Subscriber, SubscriberRole};
use crate::store::{Conn, StoreError, staff};
use jiff::Timestamp;
use std::sync::Arc;
use tokio::sync::Notify;

mod email;
mod incident;
mod webhooks;

pub use incident::situation_update;

/// Situation-update webhooks (not for drills: the caller checks).
pub async fn incident_webhooks(
    portal: &Portal,
    conn: &mut Conn,
    incident: &crate::domain::incident::Incident,
    update: &crate::domain::incident::SituationUpdate,
    linked: &[crate::store::incidents::LinkedCase],
    now: Timestamp,
) -> Result<(), StoreError> {
    webhooks::queue_incident_update(&portal.notify, conn, incident, update, linked, now).await
}

use email::{
    LinkedEmail, email_with_own_link, mint_link, one_line, queue_email, render_email,
    unsubscribe_url,
};
use webhooks::queue_webhooks;

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
    acknowledge(portal, conn, case_id, case, customer, token, now).await
}

/// What a new case sends once its customer is subscriber `customer`: the
/// acknowledgement email and the `case.created` webhooks. Nothing is read
/// or written when neither is set up.
pub async fn acknowledge(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    customer: i64,
    token: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
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
    let mut addresses = StaffAddresses::default();
    addresses
        .alert(portal, conn, case_id, case, alerts, now)
        .await
}

/// The email addresses behind each alert recipient (a member or a role),
/// read once per batch of cases: an SLA sweep alerts the same roles for
/// every case it fires.
#[derive(Default)]
pub struct StaffAddresses {
    known: std::collections::HashMap<String, Vec<String>>,
}

impl StaffAddresses {
    /// As `staff_alerts`, reading each recipient's addresses only once.
    pub async fn alert(
        &mut self,
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
            if !self.known.contains_key(&alert.recipient) {
                let found = staff::addresses_for(conn, &alert.recipient).await?;
                self.known.insert(alert.recipient.clone(), found);
            }
            for address in &self.known[&alert.recipient] {
                let delivery = Delivery {
                    case_id: Some(case_id),
                    route: Route::Email,
                    kind: alert.kind.to_owned(),
                    recipient: address.clone(),
                    subject: format!("[{}] {}", case.reference, one_line(&alert.message)),
                    message: format!("{}\n\nOpen the case: {link}\n", alert.message),
                    unsubscribe_url: String::new(),
                };
                outbox::enqueue(conn, &delivery, now).await?;
            }
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
