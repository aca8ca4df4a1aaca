//! Who is signed in: the one check behind every staff channel (console
//! pages, server functions, the staff API and the admin API).

use super::{Portal, secrets, staff_desk};
use crate::domain::StaffMember;
use crate::error::AppError;
use crate::store::{StoreError, sessions, staff_tokens};
use jiff::Timestamp;

/// What a request shows to prove which member sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential<'a> {
    /// The console's session cookie (browsers).
    Session(&'a str),
    /// A bearer token (the staff and admin APIs).
    Token(&'a str),
    /// Nothing usable.
    Missing,
}

/// The member behind `credential`, or `SignInRequired`: an expired, revoked
/// or unknown credential, or a disabled member's, answers like a missing one.
pub async fn member(
    portal: &Portal,
    credential: Credential<'_>,
    now: Timestamp,
) -> Result<StaffMember, AppError> {
    match credential {
        Credential::Session(token) if !token.is_empty() => by_session(portal, token, now).await,
        Credential::Token(token) if !token.is_empty() => by_token(portal, token, now).await,
        _ => Err(AppError::SignInRequired),
    }
}

async fn by_session(portal: &Portal, token: &str, now: Timestamp) -> Result<StaffMember, AppError> {
    let hash = secrets::hash_token(token);
    let idle_since = now
        .checked_sub(staff_desk::SESSION_IDLE)
        .map_err(|_| AppError::Unexpected)?;
    let stale_before = now
        .checked_sub(staff_desk::SESSION_SEEN_EVERY)
        .map_err(|_| AppError::Unexpected)?;
    let mut conn = portal.store.read().await?;
    let session = match sessions::find_member(&mut conn, &hash, now, idle_since).await {
        Err(StoreError::NotFound) => return Err(AppError::SignInRequired),
        other => other?,
    };
    drop(conn);
    // Most views find a fresh session and skip the writer altogether; the
    // update checks again, so of concurrent requests only one writes.
    if session.last_seen_at < stale_before {
        let mut tx = portal.store.begin().await?;
        sessions::touch(&mut tx, &hash, now, stale_before).await?;
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(session.member)
}

async fn by_token(portal: &Portal, token: &str, now: Timestamp) -> Result<StaffMember, AppError> {
    let hash = secrets::hash_token(token);
    let member = {
        let mut conn = portal.store.read().await?;
        match staff_tokens::find_member(&mut conn, &hash).await {
            Err(StoreError::NotFound) => return Err(AppError::SignInRequired),
            other => other?,
        }
    };
    let mut tx = portal.store.begin().await?;
    staff_tokens::touch(&mut tx, &hash, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(member)
}
