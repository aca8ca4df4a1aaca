//! The customer's side: raise a case, follow it, answer "Is this solved?".

use super::intake::Refused;
use super::templates::{self, field_notice, word_fields};
use super::{Portal, case_access, notify, present, raci, secrets, sponsors};
use crate::domain::customer::{
    Comment, CustomerEmail, CustomerName, Description, Rating, ReopenReason, Subject,
};
use crate::domain::{
    Actor, Case, CaseReference, Channel, Command, CustomerNotice, DomainError, Event, EventKind,
    FieldErrors, NewCase, Severity, Stage,
};
use crate::error::AppError;
use crate::store::status_read::CaseWithHistory;
use crate::store::{Conn, StoreError, cases, events, subscribers};
use crate::views::{CaseStatus, RaiseRequest, RaisedCase, ResolutionAnswer};
use jiff::Timestamp;

/// Parses what the customer typed; every problem is reported at once, in
/// the live templates' words.
pub async fn parse_raise(
    portal: &Portal,
    request: &RaiseRequest,
    channel: Channel,
    now: Timestamp,
) -> Result<NewCase, FieldErrors> {
    match check_raise(request, channel) {
        Ok(new) => Ok(new),
        Err(errors) => Err(word_fields(portal, errors, now).await),
    }
}

/// `parse_raise` without the words: notices stay codes.
pub(super) fn check_raise(
    request: &RaiseRequest,
    channel: Channel,
) -> Result<NewCase, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = errors.check(CustomerName::parse(&request.name));
    let email = errors.check(CustomerEmail::parse(&request.email));
    let subject = errors.check(Subject::parse(&request.subject));
    let description = errors.check(Description::parse(&request.description));
    let severity = errors.check(match request.severity.as_deref().map(str::trim) {
        None | Some("") if channel == Channel::Api => Ok(Severity::S3),
        None | Some("") => Err(field_notice("severity", CustomerNotice::ChooseSeverity)),
        Some(raw) => Severity::parse(raw)
            .ok_or_else(|| field_notice("severity", CustomerNotice::UnknownSeverity)),
    });
    match (name, email, subject, description, severity) {
        (Some(name), Some(email), Some(subject), Some(description), Some(severity))
            if errors.is_empty() =>
        {
            Ok(NewCase {
                name,
                email,
                subject,
                description,
                severity,
                channel,
            })
        }
        _ => Err(errors),
    }
}

/// Opens a case and returns its private link. The token is shown only here.
/// Cases raised at the same time are written together and share one
/// durable commit; each is answered once its own case is on disk.
pub async fn raise(portal: &Portal, new: NewCase, now: Timestamp) -> Result<RaisedCase, AppError> {
    let token = secrets::new_token();
    let raised = match portal.intake.raise(portal, new, token, None, now).await {
        Ok(raised) => raised,
        Err(Refused::Failed(error)) => return Err(error),
        // Only a request with an Idempotency-Key can race.
        Err(Refused::Raced) => return Err(AppError::Unexpected),
    };
    portal.committed(&raised.answer.reference);
    tracing::info!(reference = %raised.answer.reference, "case raised");
    Ok(raised.answer)
}

/// A case opened inside the caller's transaction, so a channel can record
/// what makes its request unique (a Message-ID, an Idempotency-Key) in the
/// same commit.
pub struct Raised {
    pub case_id: i64,
    pub answer: RaisedCase,
}

/// Opens a case with the given token inside `tx`; the caller commits.
pub async fn raise_in(
    portal: &Portal,
    tx: &mut Conn,
    new: NewCase,
    token: &str,
    now: Timestamp,
) -> Result<Raised, AppError> {
    // A clash among a billion references is rare; a few fresh draws settle it.
    for _ in 0..5 {
        let reference = CaseReference::from_random(secrets::random_bytes());
        if cases::reference_taken(tx, &reference).await? {
            continue;
        }
        let matrix = raci::matrix(tx).await?;
        let kind = &matrix.default_type().code;
        let (mut case, created) = Case::raise(new.clone(), reference, kind, now, &portal.rules());
        let due = case.next_deadline(&portal.rules(), &*portal.calendar());
        let case_id = cases::insert(tx, &case, &secrets::hash_token(token), due).await?;
        events::append_to_new_case(tx, case_id, &created).await?;
        let mut sponsor = Vec::new();
        sponsors::engage_if_needed(portal, tx, case_id, &mut case, &mut sponsor, now).await?;
        record_sponsor(tx, case_id, &case, &sponsor, due, now).await?;
        notify::case_raised(portal, tx, case_id, &case, token, now).await?;
        raci::notify_roles(portal, tx, &matrix, case_id, &case, &created, now).await?;
        return Ok(Raised {
            case_id,
            answer: raised_answer(portal, &case, token, now),
        });
    }
    tracing::error!("no free case reference after five draws");
    Err(AppError::Unexpected)
}

/// Stores what calling in a sponsor did to a new case (nothing without
/// `sponsor` events).
pub(super) async fn record_sponsor(
    tx: &mut Conn,
    case_id: i64,
    case: &Case,
    sponsor: &[Event],
    due: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), StoreError> {
    if sponsor.is_empty() {
        return Ok(());
    }
    let stored = cases::find_by_reference(tx, &case.reference).await?;
    events::append(tx, case_id, sponsor).await?;
    cases::update(tx, &stored, case, due, now).await
}

/// What the customer is told about their new case.
pub(super) fn raised_answer(
    portal: &Portal,
    case: &Case,
    token: &str,
    now: Timestamp,
) -> RaisedCase {
    RaisedCase {
        status_path: status_path(&case.reference, token),
        reference: case.reference.to_string(),
        token: token.to_owned(),
        guarantee: present::guarantee_view(case, &*portal.calendar(), &portal.zone, now),
    }
}

/// The reference of the case `token` opens for its customer, or `NotFound`.
pub(super) async fn customer_case(
    portal: &Portal,
    reference: &str,
    token: &str,
    now: Timestamp,
) -> Result<CaseReference, AppError> {
    let mut conn = portal.store.read().await?;
    let found = case_access::find(&mut conn, portal.links, reference, token, now).await;
    let (stored, _) = conn.finish(found)?;
    Ok(stored.case.reference)
}

pub fn status_path(reference: &CaseReference, token: &str) -> String {
    format!("/cases/{reference}?token={token}")
}

/// The status page's data. A wrong token and a missing case are the same `NotFound`.
pub async fn status(
    portal: &Portal,
    reference: &str,
    token: &str,
    now: Timestamp,
) -> Result<CaseStatus, AppError> {
    let mut conn = portal.store.read().await?;
    let found =
        case_access::find_with_history(&mut conn, portal.links, reference, token, now).await;
    let (read, opener) = conn.finish(found)?;
    let CaseWithHistory {
        stored,
        history,
        invited,
    } = read;
    let reference = stored.case.reference.clone();
    // Only the customer decides who else may follow their case.
    let invited = match opener {
        case_access::Opener::Customer => invited,
        case_access::Opener::Follower => Vec::new(),
    };
    // Only a case linked to a major incident reads it.
    let linked = history.iter().rev().find_map(|e| match e.kind {
        EventKind::IncidentLinked { .. } => Some(true),
        EventKind::IncidentLeft { .. } => Some(false),
        _ => None,
    });
    let incident = match linked {
        Some(true) => {
            let mut conn = portal.store.read().await?;
            super::incidents::notice(portal, &mut conn, stored.id, reference.as_str(), now).await?
        }
        _ => None,
    };
    let status_url = status_path(&reference, token);
    let words =
        super::templates::status_words(portal, &stored.case, &history, &status_url, now).await;
    let mut status =
        present::case_status(&stored.case, words, &*portal.calendar(), &portal.zone, now);
    status.invited = invited;
    status.incident = incident;
    // Read with the case itself: the page never shows less than this says.
    status.version = stored.version;
    Ok(status)
}

/// The case reference and email of a request for a new link, both checked.
pub async fn parse_link_request(
    portal: &Portal,
    reference: &str,
    email: &str,
    now: Timestamp,
) -> Result<(CaseReference, CustomerEmail), FieldErrors> {
    let mut errors = FieldErrors::default();
    let reference = CaseReference::parse(reference.trim());
    if reference.is_none() {
        errors
            .0
            .push(field_notice("reference", CustomerNotice::UnknownReference));
    }
    let email = errors.check(CustomerEmail::parse(email));
    match (reference, email) {
        (Some(reference), Some(email)) if errors.is_empty() => Ok((reference, email)),
        _ => Err(word_fields(portal, errors, now).await),
    }
}

/// Emails a fresh private link to `email` when it is the case's customer or
/// a follower who still gets its emails; says nothing either way, so the
/// answer never tells who follows which case. For a customer whose emailed
/// link expired (closed case) or was revoked.
pub async fn send_fresh_link(
    portal: &Portal,
    reference: &str,
    email: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(reference) = CaseReference::parse(reference) else {
        return Ok(());
    };
    let mut tx = portal.store.begin().await?;
    let stored = match cases::find_by_reference(&mut tx, &reference).await {
        Ok(stored) => stored,
        Err(StoreError::NotFound) => return Ok(()),
        Err(other) => return Err(other.into()),
    };
    let follower = subscribers::find(&mut tx, stored.id, email)
        .await?
        .filter(|s| s.agreed && !s.unsubscribed);
    if let Some(follower) = follower {
        notify::fresh_link(portal, &mut tx, stored.id, &stored.case, &follower, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
        portal.committed(reference.as_str());
    }
    Ok(())
}

/// The customer agrees to (or declines) someone they copied in following
/// their case; an email alone never subscribes anyone.
pub async fn answer_invitation(
    portal: &Portal,
    reference: &str,
    token: &str,
    email: &str,
    agree: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let (stored, opener) = case_access::find(&mut tx, portal.links, reference, token, now).await?;
    if opener != case_access::Opener::Customer {
        return Err(AppError::NotFound);
    }
    let done = subscribers::answer_invitation(&mut tx, stored.id, email, agree, now).await?;
    if !done {
        let words = templates::notice(portal, CustomerNotice::FollowerGone, now).await;
        return Err(AppError::Conflict(words));
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(stored.case.reference.as_str());
    Ok(())
}

/// A message from the customer on their case; it resumes clocks paused on them.
pub async fn reply(
    portal: &Portal,
    reference: &str,
    token: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let body = match crate::domain::customer::UpdateBody::parse(body) {
        Ok(body) => body,
        Err(error) => {
            let errors = FieldErrors(vec![field_notice(
                &error.field,
                CustomerNotice::EmptyMessage,
            )]);
            return Err(word_fields(portal, errors, now).await.into());
        }
    };
    let reference = customer_case(portal, reference, token, now).await?;
    apply(
        portal,
        &reference,
        &Actor::Customer,
        Command::CustomerReply { body },
        now,
    )
    .await
}

pub fn parse_answer(answer: &ResolutionAnswer) -> Result<Command, FieldErrors> {
    let mut errors = FieldErrors::default();
    let command = if answer.resolved {
        let rating = errors.check(answer.rating.map(Rating::new).transpose());
        let comment = errors.check(Comment::parse_optional(
            answer.comment.as_deref().unwrap_or(""),
        ));
        match (rating, comment) {
            (Some(rating), Some(comment)) => Some(Command::Confirm { rating, comment }),
            _ => None,
        }
    } else {
        let raw = answer
            .reason
            .as_deref()
            .or(answer.comment.as_deref())
            .unwrap_or("");
        errors
            .check(ReopenReason::parse(raw))
            .map(|reason| Command::Reopen { reason })
    };
    command.filter(|_| errors.is_empty()).ok_or(errors)
}

/// Records the customer's answer, checked against their token.
pub async fn answer(
    portal: &Portal,
    reference: &str,
    token: &str,
    command: Command,
    now: Timestamp,
) -> Result<(), AppError> {
    let reference = customer_case(portal, reference, token, now).await?;
    apply(portal, &reference, &Actor::Customer, command, now).await
}

/// Decides a command on a case and stores the outcome in one transaction.
/// Whoever calls it has checked that `actor` may act on the case (a
/// customer through `case_access`, staff through their session).
pub(super) async fn apply(
    portal: &Portal,
    reference: &CaseReference,
    actor: &Actor,
    command: Command,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    apply_in(portal, &mut tx, reference, actor, command, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(reference.as_str());
    Ok(())
}

/// Decides a command on a case inside the caller's transaction; returns the
/// case's id. The caller has checked who may act, as for `apply`.
pub async fn apply_in(
    portal: &Portal,
    tx: &mut Conn,
    reference: &CaseReference,
    actor: &Actor,
    command: Command,
    now: Timestamp,
) -> Result<i64, AppError> {
    let stored = cases::find_by_reference(tx, reference).await?;
    let rules = portal.rules();
    let mut new_events = match stored.case.decide(command, actor, now, &rules) {
        Ok(events) => events,
        Err(DomainError::Notice(notice)) => {
            return Err(AppError::Conflict(
                templates::notice(portal, notice, now).await,
            ));
        }
        Err(refused) => return Err(refused.into()),
    };
    let mut case = stored.case.clone();
    for event in &new_events {
        case.evolve(event);
    }
    // The matrix picks the owner when the case lands at another tier.
    let matrix = raci::matrix(tx).await?;
    if let Some(assign) = raci::owner_command(tx, &matrix, &case, &new_events).await? {
        let assigned = case.decide(assign, &Actor::System, now, &rules)?;
        assigned.iter().for_each(|e| case.evolve(e));
        new_events.extend(assigned);
    }
    sponsors::engage_if_needed(portal, tx, stored.id, &mut case, &mut new_events, now).await?;
    // A reopened case is no longer "fixed with the others": it leaves its
    // major incident (the incident's timeline says so).
    let reopened = new_events.iter().find_map(|e| match &e.kind {
        EventKind::Reopened { reason } => Some(reason.clone()),
        _ => None,
    });
    let left = match reopened {
        Some(reason) => super::incidents::leave_on_reopen(tx, stored.id, &reason, now).await?,
        None => None,
    };
    if let Some(kind) = left {
        let left = Event {
            at: now,
            actor: Actor::System,
            kind,
        };
        case.evolve(&left);
        new_events.push(left);
    }
    let due = case.next_deadline(&rules, &*portal.calendar());
    // One lock order everywhere: the case row first (the versioned update
    // takes it, and a concurrent writer gets the friendly conflict), then
    // the events, numbered under that lock.
    cases::update(tx, &stored, &case, due, now).await?;
    events::append(tx, stored.id, &new_events).await?;
    if case.stage != stored.case.stage && matches!(case.stage, Stage::Resolved | Stage::Closed) {
        super::reviews::open_if_due(tx, stored.id, now).await?;
    }
    notify::case_changed(portal, tx, stored.id, &case, &new_events, now).await?;
    raci::notify_roles(portal, tx, &matrix, stored.id, &case, &new_events, now).await?;
    Ok(stored.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RaiseRequest {
        RaiseRequest {
            name: "Kim".into(),
            email: "kim@example.com".into(),
            subject: "Checkout fails".into(),
            description: "All payments fail.".into(),
            severity: Some("S2".into()),
        }
    }

    #[test]
    fn a_complete_request_parses() {
        let new = check_raise(&request(), Channel::Web).unwrap();
        assert_eq!(new.severity, Severity::S2);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = RaiseRequest {
            name: " ".into(),
            email: "nope".into(),
            severity: None,
            ..request()
        };
        let errors = check_raise(&bad, Channel::Web).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "severity"]);
    }

    #[test]
    fn the_api_defaults_severity_but_the_form_asks() {
        let no_severity = RaiseRequest {
            severity: None,
            ..request()
        };
        assert_eq!(
            check_raise(&no_severity, Channel::Api).unwrap().severity,
            Severity::S3
        );
        assert!(check_raise(&no_severity, Channel::Web).is_err());
    }

    #[test]
    fn reopening_needs_a_reason() {
        let answer = ResolutionAnswer {
            resolved: false,
            ..Default::default()
        };
        assert_eq!(parse_answer(&answer).unwrap_err().0[0].field, "reason");
        let rated = ResolutionAnswer {
            resolved: true,
            rating: Some(9),
            ..Default::default()
        };
        assert_eq!(parse_answer(&rated).unwrap_err().0[0].field, "rating");
    }
}
