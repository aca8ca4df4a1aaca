//! The tiers page's forms: the ladder itself, and putting a member of staff
//! in a tier and team.

use super::{render_again, signed_in_member};
use crate::startup::AppState;
use app::service::sla_settings::{self};
use app::service::{now, tiers};
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const PAGE: &str = "/ops/tiers";

#[derive(Deserialize)]
pub struct PlaceForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    tier: String,
    #[serde(default)]
    team: String,
}

pub async fn place(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<PlaceForm>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    match tiers::place(&state.portal, &member, &form.email, &form.tier, &form.team).await {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => render_again(&state, PAGE, &headers, "place", vec![], error).await,
    }
}

/// `POST /ops/tiers/ladder`: the ladder grid becomes the ladder in force,
/// saved with the SLA policies it belongs to. The same checks as a policy
/// file apply, and a tier still in use cannot be dropped.
pub async fn save_ladder(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let member = match signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let saved = async {
        member.require_configurer(sla_settings::CONFIGURING)?;
        let steps = tiers::parse_ladder_form(&fields)?;
        let rules = tiers::with_ladder(&state.portal.rules(), steps)?;
        sla_settings::save_rules(&state.portal, &member, &rules, now()).await
    }
    .await;
    match saved {
        Ok(()) => Redirect::to(PAGE).into_response(),
        Err(error) => {
            let typed = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            render_again(&state, PAGE, &headers, "ladder", typed, error).await
        }
    }
}
