//! The queue's bulk acts as plain form posts: the picked rows
//! (`references`, repeated) get one owner or one type, then the queue again
//! with its filters (`back`); anything not done is said on the queue.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::domain::StaffMember;
use app::error::AppError;
use app::service::bulk::{self, BulkAct};
use app::service::now;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

type Fields = Vec<(String, String)>;

fn all(fields: &Fields, name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

fn one(fields: &Fields, name: &str) -> String {
    all(fields, name).into_iter().next().unwrap_or_default()
}

/// The queue to go back to: only a console queue address (never another
/// site, which a forged `back` would otherwise send staff to).
fn back(fields: &Fields) -> String {
    let back = one(fields, "back");
    let rest = back.strip_prefix("/staff").unwrap_or("//");
    let queue = rest.is_empty() || rest.starts_with('?');
    if queue && !back.contains("//") && !back.contains('\\') {
        back
    } else {
        "/staff".to_owned()
    }
}

/// `POST /staff/bulk/assignment`: `email`, or `to_me` for the member.
pub async fn assign(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let to_me = !one(&fields, "to_me").is_empty();
    let email = one(&fields, "email");
    apply(&state, &headers, &fields, |member| BulkAct::Assign {
        email: if to_me { member.email.clone() } else { email },
    })
    .await
}

/// `POST /staff/bulk/type`: `escalation_type`, by code.
pub async fn retype(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let escalation_type = one(&fields, "escalation_type");
    apply(&state, &headers, &fields, |_| BulkAct::Retype {
        escalation_type,
    })
    .await
}

async fn apply(
    state: &AppState,
    headers: &HeaderMap,
    fields: &Fields,
    act: impl FnOnce(&StaffMember) -> BulkAct,
) -> Response {
    let member = match signed_in_member(state, headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let back = back(fields);
    let references = all(fields, "references");
    let values = vec![("email", one(fields, "email"))];
    let act = act(&member);
    match bulk::apply(&state.portal, &member, &references, act, now()).await {
        Ok(outcome) if outcome.refused.is_empty() => Redirect::to(&back).into_response(),
        Ok(outcome) => {
            let partly = AppError::Conflict(outcome.summary());
            render_again(state, &back, headers, "bulk", values, partly).await
        }
        Err(error) => render_again(state, &back, headers, "bulk", values, error).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_back(value: &str) -> Fields {
        vec![("back".to_owned(), value.to_owned())]
    }

    #[test]
    fn goes_back_only_to_a_console_queue() {
        assert_eq!(
            back(&with_back("/staff?tier=L2&owner=me")),
            "/staff?tier=L2&owner=me"
        );
        assert_eq!(back(&with_back("/staff")), "/staff");
        for forged in [
            "https://evil.example",
            "//evil.example",
            "/staff//evil",
            "/staffing",
            "/staff/\\evil",
            "",
        ] {
            assert_eq!(back(&with_back(forged)), "/staff", "{forged}");
        }
    }
}
