//! The signed-in member of staff behind an API request, as an extractor.

use super::api::ApiError;
use crate::startup::AppState;
use app::api::context::{self, Via};
use app::domain::StaffMember;
use app::service::now;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The member of staff behind the request's bearer token; 401 otherwise.
pub struct Staff(pub StaffMember);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let member =
            context::signed_in_member(&state.portal, &parts.headers, Via::Token, now()).await?;
        Ok(Staff(member))
    }
}
