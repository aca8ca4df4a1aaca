//! Signals from monitoring tools: a signed call (the same `Baton-Signature`
//! as Baton's own webhooks, under the instance's signal key), checked and
//! stored for rules to read. An unsigned, wrongly signed or stale call is
//! refused as if nobody had signed in.

use super::{Portal, secrets};
use crate::domain::signal;
use crate::domain::{FieldError, FieldErrors};
use crate::error::AppError;
use crate::store::{StoreError, signals};
use jiff::Timestamp;

/// How far a signature's time may be from ours: replays of an old call
/// are refused.
pub const TOLERANCE_SECS: i64 = 300;

/// Checks the signature, then stores the batch; returns how many signals.
pub async fn receive(
    portal: &Portal,
    body: &str,
    signature: Option<&str>,
    now: Timestamp,
) -> Result<usize, AppError> {
    let signature = signature.ok_or(AppError::SignInRequired)?;
    let t: i64 = signature
        .split(',')
        .find_map(|part| part.trim().strip_prefix("t="))
        .and_then(|t| t.parse().ok())
        .ok_or(AppError::SignInRequired)?;
    if (now.as_second() - t).abs() > TOLERANCE_SECS {
        return Err(AppError::SignInRequired);
    }
    let secret = secrets::signal_secret(&portal.store).await?;
    if !secrets::same_text(&secrets::signature(&secret, t, body), signature.trim()) {
        return Err(AppError::SignInRequired);
    }
    let batch = signal::parse_batch(body, now)
        .map_err(|e| AppError::Invalid(FieldErrors(vec![FieldError::new("signals", &e)])))?;
    let mut tx = portal.store.begin().await?;
    signals::record(&mut tx, &batch, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(count = batch.len(), "signals received");
    Ok(batch.len())
}
