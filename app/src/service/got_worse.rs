//! "It got worse", from the customer's status page or the API: checked
//! against their link, held to the cooldown, decided by the domain's worse
//! policy, and stored like any change to the case.

use super::templates::{field_notice, word_fields};
use super::{Portal, escalations};
use crate::domain::case::worse::{WorsePolicy, asked_severity};
use crate::domain::customer::WhatChanged;
use crate::domain::{Actor, Command, CustomerNotice, EventKind, FieldErrors, Severity};
use crate::error::AppError;
use crate::store::{StoreError, cases, events};
use jiff::Timestamp;

/// Records the customer's report. A second one within the cooldown is
/// `TooManyTries` with the wait; a wrong token looks like a missing case.
pub async fn report(
    portal: &Portal,
    reference: &str,
    token: &str,
    what_changed: &str,
    severity: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let what_changed = errors.check(WhatChanged::parse(what_changed));
    let asked = match severity.trim() {
        "" => errors.check(Err(field_notice(
            "severity",
            CustomerNotice::ChooseSeverity,
        ))),
        raw => errors.check(
            Severity::parse(raw)
                .ok_or_else(|| field_notice("severity", CustomerNotice::UnknownSeverity)),
        ),
    };
    let (Some(what_changed), Some(asked)) = (what_changed, asked) else {
        return Err(word_fields(portal, errors, now).await.into());
    };
    let reference = escalations::customer_case(portal, reference, token, now).await?;
    let policy = WorsePolicy::default();
    let mut tx = portal.store.begin().await?;
    let stored = cases::find_by_reference(&mut tx, &reference).await?;
    let history = events::for_case(&mut tx, stored.id).await?;
    let last = history
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EventKind::Worsened { .. }))
        .map(|e| e.at);
    if let Some(wait) = policy.wait(last, now) {
        return Err(AppError::TooManyTries {
            retry_after_secs: u64::try_from(wait.as_secs()).unwrap_or(1).max(1),
        });
    }
    let from = stored.case.severity;
    let command = Command::ReportWorse {
        what_changed,
        asked,
        rerate_at_once: policy.rerates_at_once(from, asked_severity(from, asked)),
    };
    escalations::apply_in(portal, &mut tx, &reference, &Actor::Customer, command, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(reference.as_str());
    Ok(())
}
