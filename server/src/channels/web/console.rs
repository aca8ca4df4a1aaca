//! The staff console's form posts: tier moves, the composer (replies and
//! internal notes), owner and triage. Failures render the case page again
//! with what was typed.

use super::staff_act;
use crate::startup::AppState;
use app::domain::{CaseReference, StaffMember};
use app::service::staff_desk::{self, StaffAction};
use app::service::{now, subscriptions};
use app::views::{HandoffNoteInput, ManagementMoveRequest, TierMoveRequest};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// An escalation or a hand-back, on the technical path (`to_tier`) or the
/// management path (`to_level`), with the handoff note's three answers.
#[derive(Deserialize)]
pub struct TierMoveForm {
    #[serde(default)]
    to_tier: String,
    #[serde(default)]
    to_level: String,
    #[serde(default)]
    reason: String,
    #[serde(default, rename = "handoff_note.tried")]
    tried: String,
    #[serde(default, rename = "handoff_note.known")]
    known: String,
    #[serde(default, rename = "handoff_note.told_customer")]
    told_customer: String,
}

impl TierMoveForm {
    fn request(&self) -> TierMoveRequest {
        TierMoveRequest {
            to_tier: Some(self.to_tier.clone()),
            reason: self.reason.clone(),
            handoff_note: Some(HandoffNoteInput::Parts {
                tried: self.tried.clone(),
                known: self.known.clone(),
                told_customer: self.told_customer.clone(),
            }),
        }
    }

    fn management_request(&self) -> ManagementMoveRequest {
        let TierMoveRequest {
            reason,
            handoff_note,
            ..
        } = self.request();
        ManagementMoveRequest {
            to_level: Some(self.to_level.clone()),
            reason,
            handoff_note,
        }
    }

    fn values(self) -> Vec<(&'static str, String)> {
        vec![
            ("to_tier", self.to_tier),
            ("to_level", self.to_level),
            ("reason", self.reason),
            ("handoff_note.tried", self.tried),
            ("handoff_note.known", self.known),
            ("handoff_note.told_customer", self.told_customer),
        ]
    }
}

/// The four moves a case can make, each with its own form on the page.
#[derive(Clone, Copy)]
enum Move {
    Escalate,
    HandBack,
    ManagementUp,
    ManagementDown,
}

async fn move_case(
    state: AppState,
    reference: String,
    headers: HeaderMap,
    form: TierMoveForm,
    which: Move,
) -> Response {
    let (action, name) = match which {
        Move::Escalate => (StaffAction::Escalate(form.request()), "escalate"),
        Move::HandBack => (StaffAction::Deescalate(form.request()), "hand-back"),
        Move::ManagementUp => (
            StaffAction::EscalateManagement(form.management_request()),
            "management-up",
        ),
        Move::ManagementDown => (
            StaffAction::DeescalateManagement(form.management_request()),
            "management-down",
        ),
    };
    staff_act(&state, &reference, &headers, action, name, form.values()).await
}

pub async fn escalate(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TierMoveForm>,
) -> Response {
    move_case(state, reference, headers, form, Move::Escalate).await
}

pub async fn hand_back(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TierMoveForm>,
) -> Response {
    move_case(state, reference, headers, form, Move::HandBack).await
}

/// `POST /staff/cases/{reference}/management-escalations`.
pub async fn escalate_management(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TierMoveForm>,
) -> Response {
    move_case(state, reference, headers, form, Move::ManagementUp).await
}

/// `POST /staff/cases/{reference}/management-de-escalations`.
pub async fn deescalate_management(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TierMoveForm>,
) -> Response {
    move_case(state, reference, headers, form, Move::ManagementDown).await
}

/// The workspace's composer: a reply the customer reads (`visibility=public`)
/// or a note for the team (`internal`); "we need their answer" counts for
/// replies only.
#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    visibility: String,
    waits_for_customer: Option<String>,
}

/// `POST /staff/cases/{reference}/replies`, back at the composer.
pub async fn reply(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReplyForm>,
) -> Response {
    let action = match form.visibility.as_str() {
        "internal" => StaffAction::AddInternalNote {
            body: form.body.clone(),
        },
        _ => StaffAction::PostUpdate {
            body: form.body.clone(),
            waits_for_customer: form.waits_for_customer.is_some(),
        },
    };
    let values = vec![("body", form.body), ("visibility", form.visibility)];
    let act = async |member: &StaffMember, reference: &CaseReference| {
        staff_desk::act(&state.portal, member, reference.as_str(), action, now()).await
    };
    super::on_case(
        &state,
        &reference,
        &headers,
        "reply",
        values,
        "#composer",
        act,
    )
    .await
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    email: String,
}

/// `POST /staff/cases/{reference}/assignment`: the owner, by staff email
/// ("Assign to me" sends the member's own).
pub async fn assign(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AssignForm>,
) -> Response {
    let action = StaffAction::Assign {
        email: form.email.trim().to_owned(),
    };
    let values = vec![("email", form.email)];
    staff_act(&state, &reference, &headers, action, "assign", values).await
}

#[derive(Deserialize)]
pub struct SeverityForm {
    #[serde(default)]
    severity: String,
}

pub async fn change_severity(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<SeverityForm>,
) -> Response {
    let action = StaffAction::ChangeSeverity {
        severity: form.severity.clone(),
    };
    let values = vec![("severity", form.severity)];
    staff_act(&state, &reference, &headers, action, "severity", values).await
}

#[derive(Deserialize)]
pub struct TypeForm {
    #[serde(default)]
    escalation_type: String,
}

pub async fn change_type(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<TypeForm>,
) -> Response {
    let action = StaffAction::ChangeType {
        escalation_type: form.escalation_type.clone(),
    };
    let values = vec![("escalation_type", form.escalation_type)];
    staff_act(&state, &reference, &headers, action, "type", values).await
}

/// Revokes every emailed link of the case, then shows the case again.
pub async fn revoke_links(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response {
    let member = match super::signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let page = format!("/staff/cases/{reference}");
    match subscriptions::revoke_links(&state.portal, &member, &reference, now()).await {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(error) => super::render_again(&state, &page, &headers, "links", vec![], error).await,
    }
}

#[derive(Deserialize)]
pub struct FollowerForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    decision: String,
}

/// Staff say yes or no to someone copied in following the case.
pub async fn answer_follower(
    State(state): State<AppState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(form): Form<FollowerForm>,
) -> Response {
    let member = match super::signed_in_member(&state, &headers).await {
        Ok(member) => member,
        Err(to_sign_in) => return to_sign_in,
    };
    let page = format!("/staff/cases/{reference}");
    let agree = form.decision == "agree";
    let answered = staff_desk::answer_invitation(
        &state.portal,
        &member,
        &reference,
        &form.email,
        agree,
        now(),
    )
    .await;
    match answered {
        Ok(()) => Redirect::to(&page).into_response(),
        Err(error) => {
            super::render_again(&state, &page, &headers, "followers", vec![], error).await
        }
    }
}
