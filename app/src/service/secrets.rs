//! Random tokens and their hashes. Tokens are shown once; only hashes are kept.

use crate::store::{Store, StoreError, idempotency};
use sha2::{Digest, Sha256};

/// 160 random bits as 40 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 20];
    fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    fill(&mut bytes);
    bytes
}

fn fill(bytes: &mut [u8]) {
    // Without the OS generator we cannot issue safe tokens at all.
    #[allow(clippy::expect_used)]
    getrandom::fill(bytes).expect("the operating system's random generator failed");
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares a presented token with a stored hash in constant time.
pub fn token_matches(token: &str, stored_hash: &str) -> bool {
    let presented = hash_token(token);
    presented.len() == stored_hash.len()
        && presented
            .bytes()
            .zip(stored_hash.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The instance's own secret (created on first use, kept in the database so
/// every process of a cluster shares it): the key of every MAC Baton makes.
/// Call outside any open transaction: the first use writes.
pub async fn instance_secret(store: &Store) -> Result<String, StoreError> {
    {
        let mut conn = store.read().await?;
        match idempotency::stored_instance_secret(&mut conn).await {
            Err(StoreError::NotFound) => {}
            found => return found,
        }
    }
    let candidate: String = random_bytes::<32>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut tx = store.begin().await?;
    let secret = idempotency::instance_secret(&mut tx, &candidate).await?;
    tx.commit().await?;
    Ok(secret)
}

/// HMAC-SHA256 under `key`, over a purpose and a message, so MACs made for
/// one purpose never stand in for another.
pub fn keyed_mac(key: &[u8], purpose: &str, message: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    // HMAC takes keys of any length; this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The key one account's webhook calls are signed with: derived from the
/// instance secret and the account (its email domain), so every account has
/// its own and no account can forge calls to another. `baton admin
/// webhook-secret --account DOMAIN` shows it to give to the account.
pub async fn account_webhook_secret(store: &Store, account: &str) -> Result<String, StoreError> {
    let secret = instance_secret(store).await?;
    let mac = keyed_mac(
        secret.as_bytes(),
        "account-webhook",
        account.trim().to_ascii_lowercase().as_bytes(),
    );
    Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
}

/// The key monitoring tools sign their signals with (`POST
/// /api/v1/signals`), derived from the instance secret like the account
/// webhook keys. `baton admin signal-secret` prints it.
pub async fn signal_secret(store: &Store) -> Result<String, StoreError> {
    let secret = instance_secret(store).await?;
    let mac = keyed_mac(secret.as_bytes(), "signals", b"");
    Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: how Baton signs
/// its webhook calls, and how signals sent to it must be signed.
pub fn signature(secret: &str, unix_seconds: i64, body: &str) -> String {
    use hmac::{Hmac, Mac};
    // HMAC takes a key of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(format!("{unix_seconds}.{body}").as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={unix_seconds},v1={hex}")
}

/// Compares two strings in time that depends only on their lengths.
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Password hashes computed at once, across all requests: each takes about
/// 19 MiB and a core for a while, so a flood of sign-ins waits here instead
/// of exhausting memory and the blocking pool.
const PASSWORD_WORK_AT_ONCE: usize = 4;

static PASSWORD_WORK: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(PASSWORD_WORK_AT_ONCE));

pub async fn hash_password(password: String) -> Result<String, String> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
    let _turn = PASSWORD_WORK.acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Checks `password` against a hash that belongs to nobody and answers no,
/// taking as long as a real check: an unknown email must answer no faster
/// than a known one with a wrong password.
pub async fn nobody_matches(password: String) -> bool {
    static NOBODY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let hash = NOBODY
        .get_or_init(|| async { hash_password(new_token()).await.unwrap_or_default() })
        .await;
    let _ = password_matches(password, hash.clone()).await;
    false
}

pub async fn password_matches(password: String, hash: String) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let Ok(_turn) = PASSWORD_WORK.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2::Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_match_only_their_hash() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 40);
        assert_ne!(a, b);
        assert!(token_matches(&a, &hash_token(&a)));
        assert!(!token_matches(&b, &hash_token(&a)));
        assert!(!token_matches("", &hash_token(&a)));
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(password_matches("correct horse".into(), hash.clone()).await);
        assert!(!password_matches("wrong".into(), hash).await);
    }
}
