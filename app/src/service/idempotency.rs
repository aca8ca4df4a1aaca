//! Idempotency-Key for raising a case over the API, with Stripe's meaning: a
//! retry with the same key and body gets the first answer again (the same
//! reference, token and link), the same key with another body is refused, and
//! concurrent retries make one case.
//!
//! Case tokens are random and only their hash is kept, so a replay could not
//! show the first token. For requests with a key the token is therefore
//! derived: HMAC-SHA256(instance secret, "baton-idempotency\0" + key), cut to
//! 160 bits like every other token. The instance secret is 32 random bytes
//! made once and kept in the database, so every Baton process agrees on it.
//!
//! Keys are scoped to their caller (the customer email the request is for),
//! so one client's key never replays another client's case.
//!
//! Records are kept for [`RETENTION`]; a retry after that is a new request.
//! Requests that fail validation are not recorded, so a client may fix the
//! body and retry with the same key.

use super::escalations::{self, Raised};
use super::intake::Refused;
use super::{Portal, secrets};
use crate::domain::{CaseReference, NewCase};
use crate::error::AppError;
use crate::store::StoreError;
use crate::store::idempotency::{self as records, IdempotencyRecord};
use crate::views::{GuaranteeView, RaiseRequest, RaisedCase};
use hmac::{Hmac, Mac};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// How long a key's first answer is kept for replays.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(24);
/// The longest key we accept, as Stripe does.
pub const MAX_KEY_LEN: usize = 255;

/// A client's Idempotency-Key: 1 to 255 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Option<Self> {
        let fits = !raw.is_empty()
            && raw.len() <= MAX_KEY_LEN
            && raw.bytes().all(|b| b.is_ascii_graphic());
        fits.then(|| IdempotencyKey(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as one caller's own: two callers who pick the same key never
    /// meet. An anonymous caller is known by the customer email it writes for.
    fn for_caller(&self, caller: &str) -> IdempotencyKey {
        IdempotencyKey(format!("{}\0{}", caller.trim().to_lowercase(), self.0))
    }
}

/// Why a request with a key cannot be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The key was first used with a different body (422).
    #[error(
        "This Idempotency-Key was already used with a different request. Use a new key for a new request."
    )]
    KeyReused,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for IdempotencyError {
    fn from(error: StoreError) -> Self {
        IdempotencyError::App(error.into())
    }
}

/// The part of the first answer that is kept: everything but the token.
#[derive(Serialize, Deserialize)]
struct KeptAnswer {
    reference: String,
    guarantee: Option<GuaranteeView>,
}

/// Raises the case for `request` once per key; later calls with the same
/// key and body get the first answer again.
pub async fn raise(
    portal: &Portal,
    key: &IdempotencyKey,
    request: &RaiseRequest,
    new: NewCase,
    now: Timestamp,
) -> Result<RaisedCase, IdempotencyError> {
    let key = &key.for_caller(new.email.as_str());
    let key_hash = secrets::hash_token(key.as_str());
    let request_hash = request_hash(request)?;
    // Most retries find the first answer here, without taking the writer.
    let found = {
        let mut conn = portal.store.read().await?;
        records::find(&mut conn, &key_hash, now).await?
    };
    if let Some(record) = found {
        return replay(portal, key, &record, &request_hash).await;
    }
    // The token is derived before the case joins the writer's queue, so
    // the writer reads no secret.
    let secret = portal.intake.secret(portal).await?;
    let token = token_for(secret.as_bytes(), key);
    let keyed = Keyed {
        key_hash: key_hash.clone(),
        request_hash: request_hash.clone(),
    };
    // Written with other cases raised at the same time (one commit); an
    // error here undoes only this case.
    match portal
        .intake
        .raise(portal, new, token, Some(keyed), now)
        .await
    {
        Ok(raised) => {
            let answer = raised.answer;
            tracing::info!(reference = %answer.reference, "case raised with an Idempotency-Key");
            portal.committed(&answer.reference);
            Ok(answer)
        }
        // Someone else with the same key committed first: their case stands.
        Err(Refused::Raced) => {
            let mut conn = portal.store.read().await?;
            let winner = records::find(&mut conn, &key_hash, now)
                .await?
                .ok_or(AppError::Unexpected)?;
            drop(conn);
            replay(portal, key, &winner, &request_hash).await
        }
        Err(Refused::Failed(error)) => Err(error.into()),
    }
}

/// What makes a request with a key unique, stored with its case.
#[derive(Clone, Debug)]
pub struct Keyed {
    key_hash: String,
    request_hash: String,
}

/// The record of the first answer to a keyed request.
pub(super) fn record_for(
    keyed: &Keyed,
    raised: &Raised,
    now: Timestamp,
) -> Result<IdempotencyRecord, AppError> {
    let kept = KeptAnswer {
        reference: raised.answer.reference.clone(),
        guarantee: raised.answer.guarantee.clone(),
    };
    let unexpected = |error: &dyn std::fmt::Display| {
        tracing::error!(%error, "idempotency record");
        AppError::Unexpected
    };
    Ok(IdempotencyRecord {
        key_hash: keyed.key_hash.clone(),
        request_hash: keyed.request_hash.clone(),
        case_id: raised.case_id,
        answer: serde_json::to_string(&kept).map_err(|e| unexpected(&e))?,
        created_at: now,
        expires_at: now.checked_add(RETENTION).map_err(|e| unexpected(&e))?,
    })
}

async fn replay(
    portal: &Portal,
    key: &IdempotencyKey,
    record: &IdempotencyRecord,
    request_hash: &str,
) -> Result<RaisedCase, IdempotencyError> {
    if record.request_hash != request_hash {
        return Err(IdempotencyError::KeyReused);
    }
    let kept: KeptAnswer = serde_json::from_str(&record.answer).map_err(unexpected)?;
    let reference = CaseReference::parse(&kept.reference).ok_or(AppError::Unexpected)?;
    // The secret was committed before the record, so it is there to read.
    let secret = portal.intake.secret(portal).await?;
    let token = token_for(secret.as_bytes(), key);
    Ok(RaisedCase {
        status_path: escalations::status_path(&reference, &token),
        reference: kept.reference,
        token,
        guarantee: kept.guarantee,
    })
}

/// HMAC-SHA256(secret, "baton-idempotency\0" + key), 160 bits as 40 hex characters.
fn token_for(secret: &[u8], key: &IdempotencyKey) -> String {
    // HMAC takes keys of any length; this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(b"baton-idempotency\0");
    mac.update(key.as_str().as_bytes());
    hex(&mac.finalize().into_bytes()[..20])
}

/// The request in one canonical form (field order fixed, whitespace gone), hashed.
fn request_hash(request: &RaiseRequest) -> Result<String, IdempotencyError> {
    let canonical = serde_json::to_string(request).map_err(unexpected)?;
    Ok(secrets::hash_token(&canonical))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unexpected(error: impl std::fmt::Display) -> IdempotencyError {
    tracing::error!(%error, "idempotency record");
    IdempotencyError::App(AppError::Unexpected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(IdempotencyKey::parse("order-42_retry:1").is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_some());
        for bad in ["", "has space", "tab\t", "é", &"k".repeat(256)] {
            assert!(IdempotencyKey::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn derived_tokens_depend_on_secret_and_key_and_look_like_random_ones() {
        let key = IdempotencyKey::parse("abc").unwrap();
        let other = IdempotencyKey::parse("abd").unwrap();
        let token = token_for(b"secret", &key);
        assert_eq!(token.len(), secrets::new_token().len());
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(token, token_for(b"secret", &key));
        assert_ne!(token, token_for(b"secret", &other));
        assert_ne!(token, token_for(b"another", &key));
    }
}
