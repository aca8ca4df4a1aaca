//! Who may open a case as its customer: the holder of the case's own token,
//! or of a private link one of our emails carried while that link is still
//! good. Every customer entry point (status page, live feed, replies,
//! answers, the JSON API) asks here, so they all agree.

use super::secrets;
use crate::domain::{CaseReference, Stage};
use crate::store::cases::StoredCase;
use crate::store::status_read::{self, CaseWithHistory};
use crate::store::{Conn, StoreError, events, subscribers};
use jiff::{SignedDuration, Timestamp};

/// How long emailed links keep working, from the server's configuration.
#[derive(Clone, Copy, Debug)]
pub struct LinkPolicy {
    /// Emailed links stop opening a case this long after it closed (or
    /// after they were sent, for a fresh one asked for since); the customer
    /// can ask for a fresh link by email (`/links`).
    pub after_close: SignedDuration,
}

impl Default for LinkPolicy {
    fn default() -> Self {
        Self {
            after_close: SignedDuration::from_hours(30 * 24),
        }
    }
}

/// Who opened a case page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opener {
    /// The customer who raised it (its own token, or a link sent to them).
    Customer,
    /// Someone following the case with the customer's agreement.
    Follower,
}

/// Who `token` opens `stored` for at `now`, if anyone.
pub async fn opener(
    conn: &mut Conn,
    policy: LinkPolicy,
    stored: &StoredCase,
    token: &str,
    now: Timestamp,
) -> Result<Option<Opener>, StoreError> {
    if token.is_empty() {
        return Ok(None);
    }
    if secrets::token_matches(token, &stored.token_hash) {
        return Ok(Some(Opener::Customer));
    }
    let Some(link) = subscribers::find_link(conn, &secrets::hash_token(token)).await? else {
        return Ok(None);
    };
    if link.reference != stored.case.reference.as_str()
        || link.revoked
        || link.subscriber.unsubscribed
        || !link.subscriber.agreed
    {
        return Ok(None);
    }
    if stored.case.stage == Stage::Closed {
        // A link sent after the case closed (a fresh one the customer asked
        // for) counts from when it was sent.
        let closed_at = events::last_at(conn, stored.id).await?.unwrap_or(now);
        if now.duration_since(closed_at.max(link.created_at)) > policy.after_close {
            return Ok(None);
        }
    }
    let customer = link
        .subscriber
        .email
        .eq_ignore_ascii_case(stored.case.customer_email.trim());
    Ok(Some(if customer {
        Opener::Customer
    } else {
        Opener::Follower
    }))
}

/// The case for whoever holds `token`, and who that is; a wrong token looks
/// exactly like a missing case.
pub async fn find(
    conn: &mut Conn,
    policy: LinkPolicy,
    reference: &str,
    token: &str,
    now: Timestamp,
) -> Result<(StoredCase, Opener), StoreError> {
    let reference = CaseReference::parse(reference).ok_or(StoreError::NotFound)?;
    let stored = crate::store::cases::find_by_reference(conn, &reference).await?;
    let opener = open(conn, policy, &stored, token, now).await?;
    Ok((stored, opener))
}

/// As [`find`], with the case's history and open invitations read in the
/// same statement (the status page's read).
pub async fn find_with_history(
    conn: &mut Conn,
    policy: LinkPolicy,
    reference: &str,
    token: &str,
    now: Timestamp,
) -> Result<(CaseWithHistory, Opener), StoreError> {
    let reference = CaseReference::parse(reference).ok_or(StoreError::NotFound)?;
    let read = status_read::find(conn, &reference).await?;
    let opener = open(conn, policy, &read.stored, token, now).await?;
    Ok((read, opener))
}

/// [`opener`], with nobody turned into the same error as a missing case.
async fn open(
    conn: &mut Conn,
    policy: LinkPolicy,
    stored: &StoredCase,
    token: &str,
    now: Timestamp,
) -> Result<Opener, StoreError> {
    opener(conn, policy, stored, token, now)
        .await?
        .ok_or(StoreError::NotFound)
}
