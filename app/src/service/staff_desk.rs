//! The support team's side: sign in, see the queue, update and solve cases.

use super::escalations::apply;
use super::{Portal, secrets, views};
use crate::api::dto::{QueueItem, StaffCase, StaffIdentity};
use crate::domain::customer::UpdateBody;
use crate::domain::{Actor, CaseReference, Command, FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::staff::StaffMember;
use crate::store::{StoreError, cases, events, sessions, staff};
use jiff::{SignedDuration, Timestamp};

/// A session ends after this long, however active.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(12);
/// A session ends after this long without use.
pub const SESSION_IDLE: SignedDuration = SignedDuration::from_hours(2);

impl From<&StaffMember> for StaffIdentity {
    fn from(member: &StaffMember) -> Self {
        Self {
            name: member.name.clone(),
            email: member.email.clone(),
            role: member.role.clone(),
        }
    }
}

/// Checks the password and opens a session; returns the cookie value.
pub async fn sign_in(
    portal: &Portal,
    email: &str,
    password: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let refused = || {
        AppError::Invalid(FieldErrors(vec![FieldError::new(
            "password",
            "That email and password don't match an account.",
        )]))
    };
    let found = {
        let mut conn = portal.store.read().await?;
        staff::find_with_password(&mut conn, email).await
    };
    let (member, hash) = match found {
        Ok(found) => found,
        Err(StoreError::NotFound) => return Err(refused()),
        Err(other) => return Err(other.into()),
    };
    if !secrets::password_matches(password.to_owned(), hash).await {
        return Err(refused());
    }
    let token = secrets::new_token();
    let expires_at = now
        .checked_add(SESSION_LIFETIME)
        .map_err(|_| AppError::Unexpected)?;
    let mut tx = portal.store.begin().await?;
    sessions::insert(
        &mut tx,
        &secrets::hash_token(&token),
        member.staff_id,
        now,
        expires_at,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(staff = %member.email, "staff signed in");
    Ok(token)
}

/// The member behind a session cookie, or `SignInRequired`.
pub async fn member_for_session(
    portal: &Portal,
    token: Option<&str>,
    now: Timestamp,
) -> Result<StaffMember, AppError> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or(AppError::SignInRequired)?;
    let hash = secrets::hash_token(token);
    let idle_since = now
        .checked_sub(SESSION_IDLE)
        .map_err(|_| AppError::Unexpected)?;
    let mut conn = portal.store.read().await?;
    let member = match sessions::find_member(&mut conn, &hash, now, idle_since).await {
        Err(StoreError::NotFound) => return Err(AppError::SignInRequired),
        other => other?,
    };
    drop(conn);
    let mut tx = portal.store.begin().await?;
    sessions::touch(&mut tx, &hash, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(member)
}

pub async fn sign_out(portal: &Portal, token: &str) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    sessions::delete(&mut tx, &secrets::hash_token(token)).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

pub async fn queue(portal: &Portal, now: Timestamp) -> Result<Vec<QueueItem>, AppError> {
    let mut conn = portal.store.read().await?;
    let open = cases::list_open(&mut conn, 200).await?;
    Ok(open
        .iter()
        .map(|s| views::queue_item(&s.case, &*portal.calendar, &portal.zone, now))
        .collect())
}

pub async fn case_detail(portal: &Portal, reference: &str) -> Result<StaffCase, AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = cases::find_by_reference(&mut conn, &reference).await?;
    let history = events::for_case(&mut conn, stored.id).await?;
    Ok(views::staff_case(
        &stored.case,
        &history,
        &*portal.calendar,
        &portal.zone,
    ))
}

/// What staff can do to a case from the minimal console.
pub enum StaffAction {
    PostUpdate {
        body: String,
        waits_for_customer: bool,
    },
    MarkSolved {
        summary: String,
    },
}

pub async fn act(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    action: StaffAction,
    now: Timestamp,
) -> Result<(), AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let command = match action {
        StaffAction::PostUpdate {
            body,
            waits_for_customer,
        } => Command::PostUpdate {
            body: UpdateBody::parse(&body).map_err(|e| FieldErrors(vec![e]))?,
            waits_for_customer,
        },
        StaffAction::MarkSolved { summary } => Command::MarkSolved {
            summary: UpdateBody::parse(&summary).map_err(|mut e| {
                e.field = "summary".to_owned();
                FieldErrors(vec![e])
            })?,
        },
    };
    let actor = Actor::Staff {
        id: member.staff_id,
        name: member.name.clone(),
    };
    apply(portal, &reference, |_| true, &actor, command, now).await
}
