//! Situation updates by email: one email per address, however many of that
//! person's cases the incident links, each with a private link of its own.
//! A drill renders every email the same way and keeps it instead.

use super::email::{Email, mint_link, queue_email};
use crate::domain::incident::{Incident, SituationUpdate};
use crate::domain::template::{Locale, TemplateChannel, TemplateKind};
use crate::domain::{CaseReference, wording};
use crate::service::incidents::{UpdateReader, update_context};
use crate::service::{Portal, escalations, present, templates};
use crate::store::subscribers::{self, Subscriber};
use crate::store::{Conn, StoreError, incidents};
use jiff::Timestamp;
use std::collections::HashSet;

/// Queues (or, for a drill, keeps) the update for every subscriber of the
/// linked cases, once per address. Returns how many addresses it reached.
pub async fn situation_update(
    portal: &Portal,
    conn: &mut Conn,
    incident_id: i64,
    incident: &Incident,
    update: &SituationUpdate,
    now: Timestamp,
) -> Result<usize, StoreError> {
    if !portal.notify.email && !incident.drill {
        return Ok(0);
    }
    let mut seen = HashSet::new();
    let recipients: Vec<(Subscriber, String)> = subscribers::active_for_incident(conn, incident_id)
        .await?
        .into_iter()
        .filter(|(s, _)| seen.insert(s.email.to_lowercase()))
        .collect();
    let next = wording::format_time(update.next_update_at, &portal.zone);
    let zone = present::zone_label(&portal.zone);
    for (to, reference) in &recipients {
        let Some(case_reference) = CaseReference::parse(reference) else {
            tracing::error!(%reference, "a linked case's stored reference does not parse");
            continue;
        };
        let link = mint_link(conn, to.case_id, to.subscriber_id, now).await?;
        let status_url = format!(
            "{}{}",
            portal.notify.public_url,
            escalations::status_path(&case_reference, &link)
        );
        let reader = UpdateReader {
            customer_name: &to.name,
            reference,
            status_url: &status_url,
        };
        let context = update_context(&incident.title, update, &next, &zone, &reader);
        let locale = Locale::english();
        let kind = TemplateKind::IncidentUpdate;
        let subject = templates::render_live(
            portal,
            kind,
            TemplateChannel::EmailSubject,
            &locale,
            &context,
            now,
        )
        .await;
        let subject = wording::one_line(&subject);
        let body = templates::render_live(
            portal,
            kind,
            TemplateChannel::EmailBody,
            &locale,
            &context,
            now,
        )
        .await;
        if incident.drill {
            incidents::rehearse(conn, incident_id, &to.email, &subject, &body, now).await?;
            continue;
        }
        let email = Email {
            subject,
            body,
            reference: reference.clone(),
        };
        let unsubscribe = super::email::unsubscribe_url(&portal.notify, &link);
        queue_email(portal, conn, to.case_id, to, email, &unsubscribe, now).await?;
    }
    Ok(recipients.len())
}
