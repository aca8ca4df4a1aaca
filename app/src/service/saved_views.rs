//! Saved queue views: a member of staff names a set of queue filters ("my
//! breached", "L2 unassigned") and opens it again with one click. Each
//! member sees only their own.

use super::{Portal, staff_desk};
use crate::domain::{FieldError, FieldErrors, StaffMember};
use crate::error::AppError;
use crate::store::{Conn, StoreError, saved_views};
use crate::views::{QueueQuery, SavedView};
use jiff::Timestamp;

/// Views one member may keep.
pub const MOST: usize = 20;

pub async fn of_member(
    conn: &mut Conn,
    member: &StaffMember,
) -> Result<Vec<SavedView>, StoreError> {
    Ok(saved_views::of_member(conn, member.staff_id)
        .await?
        .into_iter()
        .map(|(id, name, filters)| {
            let filters: QueueQuery = serde_json::from_str(&filters).unwrap_or_default();
            SavedView {
                id,
                href: filters.href(),
                name,
                filters,
            }
        })
        .collect())
}

pub async fn list(portal: &Portal, member: &StaffMember) -> Result<Vec<SavedView>, AppError> {
    let mut conn = portal.store.read().await?;
    Ok(of_member(&mut conn, member).await?)
}

/// Saves the filters under `name` (replacing a view of that name); the
/// filters are checked as the queue checks them. Returns the view.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    name: &str,
    filters: &QueueQuery,
    now: Timestamp,
) -> Result<SavedView, AppError> {
    let name = name.trim();
    let mut errors =
        match staff_desk::parse_queue_filter(filters, &portal.rules().tiers, member.staff_id) {
            Ok(_) => FieldErrors::default(),
            Err(errors) => errors,
        };
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        errors.0.push(FieldError::new(
            "name",
            "Name the view in up to 60 characters.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let kept = filters.trimmed();
    let mut tx = portal.store.begin().await?;
    let mine = saved_views::of_member(&mut tx, member.staff_id).await?;
    if mine.len() >= MOST && !mine.iter().any(|(_, n, _)| n == name) {
        return Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
            "name",
            &format!("You keep {MOST} views already; remove one first."),
        )])));
    }
    let json = serde_json::to_string(&kept).map_err(|_| AppError::Unexpected)?;
    saved_views::save(&mut tx, member.staff_id, name, &json, now).await?;
    let saved = of_member(&mut tx, member)
        .await?
        .into_iter()
        .find(|v| v.name == name)
        .ok_or(AppError::Unexpected)?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(saved)
}

/// Removes one of the member's views; another member's id is not found.
pub async fn remove(portal: &Portal, member: &StaffMember, id: i64) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    if !saved_views::remove(&mut tx, member.staff_id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
