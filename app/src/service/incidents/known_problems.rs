//! The raise form's plain notice that a known problem is being worked on,
//! switched on per incident by whoever runs it. Drills, resolved and
//! closed incidents never show.

use super::{find_for_change, in_charge};
use crate::domain::StaffMember;
use crate::domain::wording;
use crate::error::AppError;
use crate::service::{Portal, present};
use crate::store::{StoreError, incidents};
use crate::views::KnownProblem;
use jiff::Timestamp;

/// Shows (or hides) the incident on the raise form.
pub async fn show_on_raise_form(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    shown: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let stored = find_for_change(&mut tx, reference).await?;
    in_charge(portal, &mut tx, member, &stored).await?;
    if shown {
        stored.incident.check_open().map_err(super::conflict)?;
        if stored.incident.drill {
            return Err(AppError::Conflict(
                "A drill is never shown to customers.".to_owned(),
            ));
        }
    }
    if stored.raise_notice == shown {
        return Ok(());
    }
    incidents::set_raise_notice(&mut tx, stored.id, shown).await?;
    let body = if shown {
        "The raise form now tells customers we are working on this."
    } else {
        "The raise form no longer mentions this."
    };
    incidents::add_entry(
        &mut tx,
        stored.id,
        "notice",
        body,
        Some(member.staff_id),
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.incident.reference.as_str());
    Ok(())
}

/// The problems the raise form mentions now, newest first.
pub async fn known_problems(
    portal: &Portal,
    now: Timestamp,
) -> Result<Vec<KnownProblem>, AppError> {
    let mut conn = portal.store.read().await?;
    let shown = incidents::on_raise_form(&mut conn).await?;
    drop(conn);
    let zone = present::zone_label(&portal.zone);
    Ok(shown
        .into_iter()
        .map(|stored| KnownProblem {
            title: stored.incident.title,
            impact: stored.incident.impact,
            next_update_label: stored
                .incident
                .next_update_at
                .filter(|at| *at > now)
                .map(|at| format!("{} {zone}", wording::format_time(at, &portal.zone))),
        })
        .collect())
}
