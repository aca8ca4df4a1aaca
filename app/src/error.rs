use crate::domain::{DomainError, FieldErrors};
use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// Every error a page or API client can be told about. Unexpected failures
/// carry no detail: the cause is logged where it happened, never sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Some input was wrong; each error names its field. (422)
    #[error("Please check the highlighted fields.")]
    Invalid(FieldErrors),
    /// No such case, or a wrong token: the two look the same on purpose. (404)
    #[error("We can't find that case. Check the link in your email.")]
    NotFound,
    /// The case is not in a state where this makes sense. (409)
    #[error("{0}")]
    Conflict(String),
    /// The person is known but may not do this. (403)
    #[error("{0}")]
    NotAllowed(String),
    /// A staff page or action without a valid session. (401)
    #[error("Please sign in.")]
    SignInRequired,
    /// Too many tries in a short time, from this address or for this
    /// email; try again after the wait. (429, with `Retry-After`)
    #[error(
        "We've had a lot of tries from you just now. Please wait {retry_after_secs} seconds and try again."
    )]
    TooManyTries { retry_after_secs: u64 },
    /// Something broke on our side. (500)
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Unexpected,
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::NotFound => 404,
            AppError::Conflict(_) => 409,
            AppError::NotAllowed(_) => 403,
            AppError::SignInRequired => 401,
            AppError::TooManyTries { .. } => 429,
            AppError::Unexpected | AppError::ServerFn(_) => 500,
        }
    }

    /// A stable machine-readable name for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid_input",
            AppError::NotFound => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::NotAllowed(_) => "not_allowed",
            AppError::SignInRequired => "sign_in_required",
            AppError::TooManyTries { .. } => "too_many_requests",
            AppError::Unexpected | AppError::ServerFn(_) => "unexpected",
        }
    }

    /// Seconds to wait before trying again, for a `Retry-After` header.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyTries { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl From<crate::domain::staff::Refused> for AppError {
    fn from(refused: crate::domain::staff::Refused) -> Self {
        AppError::NotAllowed(refused.to_string())
    }
}

impl From<DomainError> for AppError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::NotAllowed(m) => AppError::NotAllowed(m.to_owned()),
            DomainError::Conflict(m) => AppError::Conflict(m.to_owned()),
            // The service words notices with the live template before they
            // get here (`service::templates::notice`); the code is a last resort.
            DomainError::Notice(notice) => AppError::Conflict(notice.code().to_owned()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}
