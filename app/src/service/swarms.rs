//! Swarming on a case: start a swarm, pull in specialists from any tier,
//! write notes and decisions, close it with a summary. Each change is one
//! transaction together with the case's history (and the alerts it sends);
//! `Portal::committed` follows.

use super::{Portal, notify, present};
use crate::domain::StaffMember;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::swarm::{self, EntryKind, Swarm, SwarmMember, SwarmPerson, SwarmText};
use crate::domain::{Actor, Case, CaseReference, Event, FieldError, FieldErrors, wording};
use crate::error::AppError;
use crate::store::swarms::{self, StoredSwarm};
use crate::store::{Conn, StoreError, cases, events, outbox};
use crate::views::{SwarmClosureView, SwarmEntryView, SwarmMemberView, SwarmPanel, SwarmView};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// What staff do with a case's swarm, from the console or the staff API, as typed.
#[derive(Clone, Debug)]
pub enum SwarmAction {
    /// Start a swarm led by the member with this email, or by the starter.
    Start {
        facilitator_email: Option<String>,
    },
    /// Pull the member of staff with this email into the open swarm.
    AddMember {
        email: String,
    },
    /// "note" or "decision".
    AddEntry {
        kind: String,
        body: String,
    },
    Close {
        summary: String,
    },
}

/// The alert kind a member gets when pulled into a swarm.
pub const PULLED_IN: &str = "swarm_member";

const NO_OPEN_SWARM: &str = "There is no open swarm on this case; start one first.";

pub async fn act(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    action: SwarmAction,
    now: Timestamp,
) -> Result<(), AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let action = Parsed::from(action)?;
    let me = SwarmPerson {
        staff_id: member.staff_id,
        name: member.name.clone(),
        email: member.email.clone(),
    };
    let mut tx = portal.store.begin().await?;
    let stored = cases::find_by_reference(&mut tx, &reference).await?;
    let current = swarms::latest_for_case(&mut tx, stored.id).await?;
    let case = &stored.case;
    let mut happened = Vec::new();
    let mut pulled_in = Vec::new();
    match action {
        Parsed::Start { facilitator_email } => {
            let facilitator = match facilitator_email {
                Some(email) => staff_person(&mut tx, "facilitator_email", &email).await?,
                None => me.clone(),
            };
            let (swarm, event) = Swarm::start(
                case,
                current.as_ref().map(|s| &s.swarm),
                facilitator,
                me.clone(),
                now,
            )?;
            swarms::insert(&mut tx, stored.id, &swarm)
                .await
                .map_err(already_open)?;
            happened.push(event);
            pulled_in.extend(
                swarm
                    .members
                    .iter()
                    .filter(|m| m.person.staff_id != me.staff_id)
                    .map(|m| m.person.clone()),
            );
        }
        Parsed::AddMember { email } => {
            let mut open = open_swarm(current)?;
            let person = staff_person(&mut tx, "email", &email).await?;
            open.swarm.add_member(person.clone(), now)?;
            let member = SwarmMember {
                person: person.clone(),
                added_at: now,
            };
            swarms::add_member(&mut tx, open.id, &member).await?;
            pulled_in.push(person);
        }
        Parsed::AddEntry { kind, body } => {
            let mut open = open_swarm(current)?;
            open.swarm.add_entry(kind, body, me.clone(), now)?;
            if let Some(entry) = open.swarm.entries.last() {
                swarms::add_entry(&mut tx, open.id, entry).await?;
            }
        }
        Parsed::Close { summary } => {
            let mut open = open_swarm(current)?;
            let event = open.swarm.close(summary, me.clone(), now)?;
            if let Some(closure) = &open.swarm.closure {
                swarms::close(&mut tx, open.id, closure)
                    .await
                    .map_err(|_| AppError::Conflict(NO_OPEN_SWARM.to_owned()))?;
            }
            happened.push(event);
        }
    }
    let actor = Actor::Staff {
        id: member.staff_id,
        name: member.name.clone(),
    };
    let new_events: Vec<Event> = happened
        .into_iter()
        .map(|kind| Event {
            at: now,
            actor: actor.clone(),
            kind,
        })
        .collect();
    let mut changed = case.clone();
    new_events.iter().for_each(|e| changed.evolve(e));
    // Bumps the case's version even for notes: a concurrent change is caught,
    // and open pages refresh. The case row first, then its events (one lock
    // order everywhere).
    cases::update(&mut tx, &stored, &changed, stored.next_due_at, now).await?;
    events::append(&mut tx, stored.id, &new_events).await?;
    let alerts = pulled_in_alerts(case, &pulled_in);
    outbox::add_alerts(&mut tx, stored.id, &alerts, now).await?;
    notify::staff_alerts(portal, &mut tx, stored.id, case, &alerts, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(reference.as_str());
    Ok(())
}

/// The case's swarm section: the open (or latest) swarm, and why to start
/// one when none is open.
pub async fn panel(portal: &Portal, reference: &str) -> Result<SwarmPanel, AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = cases::find_by_reference(&mut conn, &reference).await?;
    let history = events::for_case(&mut conn, stored.id).await?;
    let latest = swarms::latest_for_case(&mut conn, stored.id).await?;
    Ok(panel_view(
        &stored.case,
        &history,
        latest.map(|s| s.swarm).as_ref(),
        &portal.zone,
    ))
}

pub fn panel_view(
    case: &Case,
    history: &[Event],
    latest: Option<&Swarm>,
    zone: &TimeZone,
) -> SwarmPanel {
    let open = latest.is_some_and(Swarm::is_open);
    SwarmPanel {
        suggestion: (!open)
            .then(|| swarm::suggestion(case, history))
            .flatten()
            .map(str::to_owned),
        swarm: latest.map(|s| swarm_view(s, zone)),
    }
}

fn swarm_view(swarm: &Swarm, zone: &TimeZone) -> SwarmView {
    let label = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, zone),
            present::zone_label(zone)
        )
    };
    let member_view = |m: &SwarmMember| SwarmMemberView {
        name: m.person.name.clone(),
        email: m.person.email.clone(),
        added_label: label(m.added_at),
    };
    let facilitator = swarm
        .members
        .iter()
        .find(|m| m.person.staff_id == swarm.facilitator.staff_id)
        .map(member_view)
        .unwrap_or_else(|| SwarmMemberView {
            name: swarm.facilitator.name.clone(),
            email: swarm.facilitator.email.clone(),
            added_label: label(swarm.started_at),
        });
    SwarmView {
        open: swarm.is_open(),
        facilitator,
        started_by: swarm.started_by.name.clone(),
        started_at: swarm.started_at,
        started_label: label(swarm.started_at),
        members: swarm.members.iter().map(member_view).collect(),
        entries: swarm
            .entries
            .iter()
            .map(|e| SwarmEntryView {
                kind: e.kind.code().to_owned(),
                body: e.body.clone(),
                author: e.author.name.clone(),
                at: e.at,
                at_label: label(e.at),
            })
            .collect(),
        closure: swarm.closure.as_ref().map(|c| {
            let minutes = swarm.minutes_in_swarm().unwrap_or(0);
            SwarmClosureView {
                summary: c.summary.clone(),
                closed_by: c.closed_by.name.clone(),
                closed_at: c.closed_at,
                closed_label: label(c.closed_at),
                minutes_in_swarm: minutes,
                time_in_swarm: swarm::duration_words(minutes),
            }
        }),
    }
}

/// An action with its words checked, before anything is read.
enum Parsed {
    Start { facilitator_email: Option<String> },
    AddMember { email: String },
    AddEntry { kind: EntryKind, body: SwarmText },
    Close { summary: SwarmText },
}

impl Parsed {
    fn from(action: SwarmAction) -> Result<Self, FieldErrors> {
        let one = |e: FieldError| FieldErrors(vec![e]);
        Ok(match action {
            SwarmAction::Start { facilitator_email } => Parsed::Start {
                facilitator_email: facilitator_email
                    .map(|e| e.trim().to_owned())
                    .filter(|e| !e.is_empty()),
            },
            SwarmAction::AddMember { email } => {
                let email = email.trim().to_owned();
                if email.is_empty() {
                    return Err(one(FieldError::new(
                        "email",
                        "Please give the email of the member of staff to pull in.",
                    )));
                }
                Parsed::AddMember { email }
            }
            SwarmAction::AddEntry { kind, body } => {
                let mut errors = FieldErrors::default();
                let kind = errors.check(EntryKind::parse(&kind));
                let body = errors.check(SwarmText::parse("body", &body));
                match (kind, body) {
                    (Some(kind), Some(body)) => Parsed::AddEntry { kind, body },
                    _ => return Err(errors),
                }
            }
            SwarmAction::Close { summary } => Parsed::Close {
                summary: SwarmText::parse("summary", &summary).map_err(one)?,
            },
        })
    }
}

/// A member of staff by email; an unknown address is the field's error.
async fn staff_person(conn: &mut Conn, field: &str, email: &str) -> Result<SwarmPerson, AppError> {
    match swarms::person_by_email(conn, email).await {
        Ok(person) => Ok(person),
        Err(StoreError::NotFound) => Err(FieldErrors(vec![FieldError::new(
            field,
            "No member of staff has that email.",
        )])
        .into()),
        Err(other) => Err(other.into()),
    }
}

fn open_swarm(current: Option<StoredSwarm>) -> Result<StoredSwarm, AppError> {
    current
        .filter(|s| s.swarm.is_open())
        .ok_or_else(|| AppError::Conflict(NO_OPEN_SWARM.to_owned()))
}

/// Two people starting a swarm at once: the second finds it open.
fn already_open(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => {
            AppError::Conflict("A swarm is already open on this case.".to_owned())
        }
        other => other.into(),
    }
}

/// A console alert (and, with a mail relay, an email) for each person
/// pulled into the swarm.
fn pulled_in_alerts(case: &Case, people: &[SwarmPerson]) -> Vec<SlaAlert> {
    people
        .iter()
        .map(|person| SlaAlert {
            recipient: format!("staff:{}", person.staff_id),
            kind: PULLED_IN,
            message: format!(
                "You were pulled into the swarm on case {} ({}, {}): {}",
                case.reference, case.severity, case.tier, case.subject
            ),
        })
        .collect()
}
