//! Executive sponsors of the key accounts an incident hits hear of it once,
//! as soon as their account's first case is linked: a console alert when
//! they have a staff account, and an email. They read the war room as it
//! is; only those running the incident change it.

use crate::domain::incident::Incident;
use crate::service::{Portal, sponsors};
use crate::store::outbox::{self, Delivery, Route};
use crate::store::{Conn, StoreError, incidents, staff};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// Tells each affected key account's sponsor on duty, once per incident
/// (whichever process links first: the record is the claim).
pub(super) async fn tell_sponsors(
    portal: &Portal,
    tx: &mut Conn,
    incident_id: i64,
    incident: &Incident,
    now: Timestamp,
) -> Result<(), StoreError> {
    let settings = sponsors::settings(tx).await?;
    if settings.accounts.is_empty() {
        return Ok(());
    }
    let mut hit: BTreeMap<String, usize> = BTreeMap::new();
    for case in incidents::linked(tx, incident_id).await? {
        if let Some(account) = settings.account_of(&case.customer_email) {
            *hit.entry(account.domain.clone()).or_default() += 1;
        }
    }
    let today = now.to_zoned(portal.zone.clone()).date();
    let war_room = format!(
        "{}/staff/incidents/{}",
        portal.notify.public_url, incident.reference
    );
    for (domain, cases) in hit {
        let Some(account) = settings.accounts.iter().find(|a| a.domain == domain) else {
            continue;
        };
        let Some(sponsor) = account.sponsor_on(today) else {
            continue;
        };
        if !incidents::tell_sponsor_once(tx, incident_id, &domain, &sponsor.email, now).await? {
            continue;
        }
        let message = format!(
            "Major incident {}: {}. It affects {} ({cases} linked case{}). Follow it at {war_room}",
            incident.reference,
            incident.title,
            account.name,
            if cases == 1 { "" } else { "s" }
        );
        if let Ok(member) = staff::find_by_email(tx, &sponsor.email).await {
            let recipient = format!("staff:{}", member.staff_id);
            outbox::add_general_alert(tx, &recipient, "major_incident", &message, now).await?;
        }
        if portal.notify.email {
            let delivery = Delivery {
                case_id: None,
                route: Route::Email,
                kind: "incident_sponsor".to_owned(),
                recipient: sponsor.email.clone(),
                subject: format!("Major incident at {}: {}", account.name, incident.title),
                message: message.clone(),
                unsubscribe_url: String::new(),
            };
            outbox::enqueue(tx, &delivery, now).await?;
        }
        let note = format!("Sponsor {} of {} told.", sponsor.email, account.name);
        incidents::add_entry(tx, incident_id, "sponsor", &note, None, now).await?;
    }
    Ok(())
}
