//! Turns what staff typed in the console or sent to the staff API into a
//! domain command: tier moves with their handoff notes, internal notes,
//! assignment, updates and resolutions.

use super::Portal;
use super::staff_desk::StaffAction;
use crate::domain::credit::CreditAmount;
use crate::domain::customer::{InternalNoteBody, TierMoveReason, UpdateBody};
use crate::domain::ladder::TierLadder;
use crate::domain::management::ManagementLevel;
use crate::domain::{Command, FieldError, FieldErrors, HandoffNote, Severity, Tier};
use crate::error::AppError;
use crate::store::{StoreError, staff};
use crate::views::{HandoffNoteInput, ManagementMoveRequest, TierMoveRequest};

/// A tier move, parsed: the target (`None` for one step), why, and the note.
pub struct TierMove {
    pub to: Option<Tier>,
    pub reason: TierMoveReason,
    pub handoff_note: HandoffNote,
}

/// Parses a tier move; every problem is reported at once. The parts of a
/// structured note are named `handoff_note.tried`, `handoff_note.known` and
/// `handoff_note.told_customer`; a missing or blank note is `handoff_note`.
pub fn parse_tier_move(
    request: &TierMoveRequest,
    ladder: &TierLadder,
) -> Result<TierMove, FieldErrors> {
    let mut errors = FieldErrors::default();
    let to = errors.check(
        match request.to_tier.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => ladder.parse(raw).map(Some).ok_or(()),
        }
        .map_err(|()| {
            FieldError::new(
                "to_tier",
                &format!("Please choose {}.", ladder.codes_hint()),
            )
        }),
    );
    let (reason, handoff_note) =
        reason_and_note(&request.reason, &request.handoff_note, &mut errors);
    match (to, reason, handoff_note) {
        (Some(to), Some(reason), Some(handoff_note)) if errors.is_empty() => Ok(TierMove {
            to,
            reason,
            handoff_note,
        }),
        _ => Err(errors),
    }
}

/// A move on the management path, parsed: the level (`None` for one step).
pub struct ManagementMove {
    pub to: Option<ManagementLevel>,
    pub reason: TierMoveReason,
    pub handoff_note: HandoffNote,
}

/// Parses a management move like a tier move; the level is `to_level`.
pub fn parse_management_move(
    request: &ManagementMoveRequest,
) -> Result<ManagementMove, FieldErrors> {
    let mut errors = FieldErrors::default();
    let to = errors.check(match request.to_level.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(raw) => ManagementLevel::parse(raw)
            .map(Some)
            .ok_or_else(|| FieldError::new("to_level", "Please choose manager or executive.")),
    });
    let (reason, handoff_note) =
        reason_and_note(&request.reason, &request.handoff_note, &mut errors);
    match (to, reason, handoff_note) {
        (Some(to), Some(reason), Some(handoff_note)) if errors.is_empty() => Ok(ManagementMove {
            to,
            reason,
            handoff_note,
        }),
        _ => Err(errors),
    }
}

/// The why and the handoff note every move carries; problems go to `errors`.
fn reason_and_note(
    reason: &str,
    note: &Option<HandoffNoteInput>,
    errors: &mut FieldErrors,
) -> (Option<TierMoveReason>, Option<HandoffNote>) {
    let reason = errors.check(TierMoveReason::parse(reason));
    let note = match note {
        None => Err(FieldErrors(vec![FieldError::new(
            HandoffNote::FIELD,
            "Please leave a handoff note for the team taking over.",
        )])),
        Some(HandoffNoteInput::Text(text)) => {
            HandoffNote::parse_text(text).map_err(|e| FieldErrors(vec![e]))
        }
        Some(HandoffNoteInput::Parts {
            tried,
            known,
            told_customer,
        }) => HandoffNote::parse_parts(tried, known, told_customer).map_err(|mut parts| {
            for error in &mut parts.0 {
                error.field = format!("{}.{}", HandoffNote::FIELD, error.field);
            }
            parts
        }),
    };
    let handoff_note = match note {
        Ok(note) => Some(note),
        Err(mut note_errors) => {
            errors.0.append(&mut note_errors.0);
            None
        }
    };
    (reason, handoff_note)
}

/// The domain command for a staff action.
pub async fn command(portal: &Portal, action: StaffAction) -> Result<Command, AppError> {
    let one = |error: FieldError| FieldErrors(vec![error]);
    Ok(match action {
        StaffAction::PostUpdate {
            body,
            waits_for_customer,
        } => Command::PostUpdate {
            body: UpdateBody::parse(&body).map_err(one)?,
            waits_for_customer,
        },
        StaffAction::MarkSolved { summary } => Command::MarkSolved {
            summary: UpdateBody::parse(&summary).map_err(|mut e| {
                e.field = "summary".to_owned();
                one(e)
            })?,
        },
        StaffAction::Escalate(request) => {
            let parsed = parse_tier_move(&request, &portal.rules().tiers)?;
            Command::Escalate {
                to: parsed.to,
                reason: parsed.reason.as_str().to_owned(),
                handoff_note: Some(parsed.handoff_note),
            }
        }
        StaffAction::Deescalate(request) => {
            let parsed = parse_tier_move(&request, &portal.rules().tiers)?;
            Command::Deescalate {
                to: parsed.to,
                reason: parsed.reason,
                handoff_note: parsed.handoff_note,
            }
        }
        StaffAction::AddInternalNote { body } => Command::AddInternalNote {
            body: InternalNoteBody::parse(&body).map_err(one)?,
        },
        StaffAction::Assign { email } => {
            let mut conn = portal.store.read().await?;
            match staff::find_by_email(&mut conn, &email).await {
                Ok(member) => Command::Assign {
                    staff_id: member.staff_id,
                    name: member.name,
                },
                Err(StoreError::NotFound) => {
                    return Err(one(FieldError::new(
                        "email",
                        "No member of staff has that email.",
                    ))
                    .into());
                }
                Err(other) => return Err(other.into()),
            }
        }
        StaffAction::ChangeSeverity { severity } => Command::ChangeSeverity {
            to: Severity::parse(severity.trim()).ok_or_else(|| {
                one(FieldError::new(
                    "severity",
                    "Please choose S1, S2, S3 or S4.",
                ))
            })?,
        },
        StaffAction::ChangeType { escalation_type } => {
            let code = escalation_type.trim().to_owned();
            let mut conn = portal.store.read().await?;
            let matrix = super::raci::matrix(&mut conn).await?;
            super::raci::check_type(&matrix, &code).map_err(one)?;
            Command::ChangeType { to: code }
        }
        StaffAction::EscalateManagement(request) => {
            let parsed = parse_management_move(&request)?;
            Command::EscalateManagement {
                to: parsed.to,
                reason: parsed.reason,
                handoff_note: parsed.handoff_note,
            }
        }
        StaffAction::DeescalateManagement(request) => {
            let parsed = parse_management_move(&request)?;
            Command::DeescalateManagement {
                to: parsed.to,
                reason: parsed.reason,
                handoff_note: parsed.handoff_note,
            }
        }
        StaffAction::GrantCredit { amount, reason } => {
            let mut errors = FieldErrors::default();
            let amount = errors.check(CreditAmount::parse(&amount));
            let reason = errors.check(InternalNoteBody::parse(&reason).map_err(|mut e| {
                e.field = "reason".to_owned();
                e
            }));
            match (amount, reason) {
                (Some(amount), Some(reason)) if errors.is_empty() => {
                    Command::GrantCredit { amount, reason }
                }
                _ => return Err(AppError::Invalid(errors)),
            }
        }
        StaffAction::DeclareMajorIncident { summary } => Command::DeclareMajorIncident {
            summary: InternalNoteBody::parse(&summary).map_err(|mut e| {
                e.field = "summary".to_owned();
                one(e)
            })?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(note: Option<HandoffNoteInput>) -> TierMoveRequest {
        TierMoveRequest {
            to_tier: None,
            reason: "Needs a specialist".into(),
            handoff_note: note,
        }
    }

    fn ladder() -> TierLadder {
        TierLadder::default()
    }

    fn fields(errors: FieldErrors) -> Vec<String> {
        errors.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_tier_move_needs_a_handoff_note() {
        let missing = parse_tier_move(&request(None), &ladder()).err().unwrap();
        assert_eq!(fields(missing), ["handoff_note"]);
        let blank = parse_tier_move(
            &request(Some(HandoffNoteInput::Text(" ".into()))),
            &ladder(),
        );
        assert_eq!(fields(blank.err().unwrap()), ["handoff_note"]);
    }

    #[test]
    fn each_part_of_a_structured_note_is_named_when_blank() {
        let note = HandoffNoteInput::Parts {
            tried: "Restarted".into(),
            known: String::new(),
            told_customer: " ".into(),
        };
        let errors = parse_tier_move(&request(Some(note)), &ladder())
            .err()
            .unwrap();
        assert_eq!(
            fields(errors),
            ["handoff_note.known", "handoff_note.told_customer"]
        );
    }

    #[test]
    fn an_unknown_tier_is_refused_beside_its_field() {
        let bad = TierMoveRequest {
            to_tier: Some("L9".into()),
            ..request(Some(HandoffNoteInput::Text("Checked logs".into())))
        };
        assert_eq!(
            fields(parse_tier_move(&bad, &ladder()).err().unwrap()),
            ["to_tier"]
        );
    }

    #[test]
    fn handoff_notes_arrive_as_text_or_as_three_answers() {
        let text: TierMoveRequest =
            serde_json::from_str(r#"{"reason":"r","handoff_note":"Checked logs"}"#).unwrap();
        assert!(parse_tier_move(&text, &ladder()).is_ok());
        let parts: TierMoveRequest = serde_json::from_str(
            r#"{"to_tier":"L3","reason":"r","handoff_note":{"tried":"a","known":"b","told_customer":"c"}}"#,
        )
        .unwrap();
        let parsed = parse_tier_move(&parts, &ladder()).ok().unwrap();
        assert_eq!(parsed.to, Tier::new("L3").ok());
        assert!(matches!(
            parsed.handoff_note,
            HandoffNote::Structured { .. }
        ));
    }
}
