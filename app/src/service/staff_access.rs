//! Ending a member's access at once: an admin disables them (every session
//! ends and every API token stops working) or enables them again, or revokes
//! API tokens. Support ops do the same with `baton admin`.

use super::Portal;
use crate::domain::StaffMember;
use crate::domain::{FieldError, FieldErrors, StaffRole};
use crate::error::AppError;
use crate::store::staff_tokens::Revoked;
use crate::store::{StoreError, sessions, staff, staff_tokens};
use jiff::Timestamp;

/// How many leading characters of a token are its public id.
pub const TOKEN_ID_CHARS: usize = 8;

/// A token's public id: its first characters, printed when it is issued, so
/// an admin holding either the id or the token itself can name it.
pub fn token_id_of(token: &str) -> &str {
    token.get(..TOKEN_ID_CHARS).unwrap_or(token)
}

/// The public id of a token, as typed: 8 hex characters, any case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenId(String);

impl TokenId {
    pub fn parse(raw: &str) -> Result<TokenId, FieldError> {
        let id = raw.trim().to_ascii_lowercase();
        if id.len() == TOKEN_ID_CHARS && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(TokenId(id))
        } else {
            Err(FieldError::new(
                "token_id",
                "A token id is the 8 characters printed when the token was issued \
                 (the token's first 8).",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which of a member's tokens to revoke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Revocation {
    One(TokenId),
    All,
}

/// A token id, or all of them; never both, never neither.
pub fn parse_revocation(token_id: Option<&str>, all: bool) -> Result<Revocation, FieldErrors> {
    let field = |message: &str| FieldErrors(vec![FieldError::new("token_id", message)]);
    match (token_id, all) {
        (Some(_), true) => Err(field("Give a token id or all, not both.")),
        (Some(raw), false) => Ok(Revocation::One(
            TokenId::parse(raw).map_err(|e| FieldErrors(vec![e]))?,
        )),
        (None, true) => Ok(Revocation::All),
        (None, false) => Err(field(
            "Give the id of the token to revoke, or all to revoke every token.",
        )),
    }
}

/// Who changes a member's access: an admin through the API, or support ops
/// at the command line, who hold the database anyway.
#[derive(Clone, Copy, Debug)]
pub enum ChangedBy<'a> {
    Admin(&'a StaffMember),
    CommandLine,
}

impl ChangedBy<'_> {
    fn name(&self) -> &str {
        match self {
            ChangedBy::Admin(member) => &member.email,
            ChangedBy::CommandLine => "baton admin",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// No staff account has this email (a 404 on the API).
    #[error("No staff account has the email {0}.")]
    UnknownMember(String),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for AccessError {
    fn from(error: StoreError) -> Self {
        AccessError::App(error.into())
    }
}

impl From<FieldErrors> for AccessError {
    fn from(errors: FieldErrors) -> Self {
        AccessError::App(AppError::Invalid(errors))
    }
}

/// A member's access after a change, and what the change ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberAccess {
    pub email: String,
    /// Since when they are disabled; `None` while they may work.
    pub disabled_at: Option<Timestamp>,
    pub sessions_ended: u64,
    pub tokens_revoked: u64,
}

/// Disables the member: their sessions end and their tokens are revoked, in
/// one transaction. Enabling them later revives neither. Disabling someone
/// already disabled changes nothing but ends anything left.
pub async fn disable(
    portal: &Portal,
    by: ChangedBy<'_>,
    email: &str,
    now: Timestamp,
) -> Result<MemberAccess, AccessError> {
    require_admin(by)?;
    let mut tx = portal.store.begin().await?;
    let member = find(&mut tx, email).await?;
    if let ChangedBy::Admin(admin) = by
        && admin.staff_id == member.staff_id
    {
        return Err(FieldErrors(vec![FieldError::new(
            "email",
            "You cannot disable your own account; another admin can.",
        )])
        .into());
    }
    let disabled_at = match staff::lock(&mut tx, member.staff_id).await? {
        Some(since) => since,
        None => {
            staff::set_disabled(&mut tx, member.staff_id, Some(now)).await?;
            now
        }
    };
    let sessions_ended = sessions::delete_all_of(&mut tx, member.staff_id).await?;
    let tokens_revoked = staff_tokens::revoke_all(&mut tx, member.staff_id, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = by.name(), staff = %member.email, sessions_ended, tokens_revoked, "staff disabled");
    Ok(MemberAccess {
        email: member.email,
        disabled_at: Some(disabled_at),
        sessions_ended,
        tokens_revoked,
    })
}

/// Lets a disabled member sign in again. Their old sessions and tokens stay
/// ended: they sign in afresh and are issued new tokens.
pub async fn enable(
    portal: &Portal,
    by: ChangedBy<'_>,
    email: &str,
) -> Result<MemberAccess, AccessError> {
    require_admin(by)?;
    let mut tx = portal.store.begin().await?;
    let member = find(&mut tx, email).await?;
    if staff::lock(&mut tx, member.staff_id).await?.is_some() {
        staff::set_disabled(&mut tx, member.staff_id, None).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = by.name(), staff = %member.email, "staff enabled");
    Ok(MemberAccess {
        email: member.email,
        disabled_at: None,
        sessions_ended: 0,
        tokens_revoked: 0,
    })
}

/// Revokes one of the member's tokens or all of them; a revoked token opens
/// nothing from the next request on. Revoking a revoked token changes nothing.
pub async fn revoke_tokens(
    portal: &Portal,
    by: ChangedBy<'_>,
    email: &str,
    revocation: &Revocation,
    now: Timestamp,
) -> Result<MemberAccess, AccessError> {
    require_admin(by)?;
    let mut tx = portal.store.begin().await?;
    let member = find(&mut tx, email).await?;
    let disabled_at = staff::lock(&mut tx, member.staff_id).await?;
    let tokens_revoked = match revocation {
        Revocation::All => staff_tokens::revoke_all(&mut tx, member.staff_id, now).await?,
        Revocation::One(id) => {
            match staff_tokens::revoke(&mut tx, member.staff_id, id.as_str(), now).await? {
                Revoked::Now => 1,
                Revoked::Already => 0,
                Revoked::Unknown => {
                    return Err(FieldErrors(vec![FieldError::new(
                        "token_id",
                        &format!("{} has no token with the id {}.", member.email, id.as_str()),
                    )])
                    .into());
                }
            }
        }
    };
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(by = by.name(), staff = %member.email, tokens_revoked, "staff tokens revoked");
    Ok(MemberAccess {
        email: member.email,
        disabled_at,
        sessions_ended: 0,
        tokens_revoked,
    })
}

fn require_admin(by: ChangedBy<'_>) -> Result<(), AppError> {
    match by {
        ChangedBy::Admin(member) if member.role != StaffRole::Admin => {
            Err(AppError::NotAllowed(format!(
                "Your role ({}) may not disable staff or revoke their tokens: an admin can.",
                member.role
            )))
        }
        _ => Ok(()),
    }
}

async fn find(conn: &mut crate::store::Conn, email: &str) -> Result<StaffMember, AccessError> {
    match staff::find_by_email(conn, email).await {
        Err(StoreError::NotFound) => Err(AccessError::UnknownMember(email.trim().to_lowercase())),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revocation_names_one_token_by_its_id_or_all_of_them() {
        assert_eq!(
            parse_revocation(Some(" 0A1b2C3d "), false),
            Ok(Revocation::One(TokenId("0a1b2c3d".into())))
        );
        assert_eq!(parse_revocation(None, true), Ok(Revocation::All));
        for (id, all) in [
            (None, false),
            (Some("0a1b2c3d"), true),
            (Some("0a1b2c3"), false),
            (Some("0a1b2c3d0a1b2c3d0a1b2c3d0a1b2c3d0a1b2c3d"), false),
            (Some("zzzzzzzz"), false),
        ] {
            let errors = parse_revocation(id, all).unwrap_err();
            assert_eq!(errors.0[0].field, "token_id", "{id:?} {all}");
        }
        assert_eq!(token_id_of("0a1b2c3d4e5f"), "0a1b2c3d");
    }
}
