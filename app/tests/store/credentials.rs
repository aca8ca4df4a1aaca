//! Signing in by session or token through the one check every channel uses.

use app::domain::StaffMember;
use app::error::AppError;
use app::service::Portal;
use app::service::signed_in::{self, Credential};
use jiff::Timestamp;

pub async fn member_for_session(
    portal: &Portal,
    token: Option<&str>,
    now: Timestamp,
) -> Result<StaffMember, AppError> {
    let credential = token.map_or(Credential::Missing, Credential::Session);
    signed_in::member(portal, credential, now).await
}

pub async fn member_for_token(
    portal: &Portal,
    token: Option<&str>,
    now: Timestamp,
) -> Result<StaffMember, AppError> {
    let credential = token.map_or(Credential::Missing, Credential::Token);
    signed_in::member(portal, credential, now).await
}
