//! Data-driven rules: ops write and version them, backtest a draft over
//! stored history, and run them in shadow (the log only) or active mode.
//! The sweep evaluates the rules in force over the open cases; each
//! firing is claimed once per episode in the database, so several
//! processes sweeping at once record it once.

use super::{Portal, sponsors};
use crate::domain::rule::backtest::{self, Window};
use crate::domain::rule::{Action, EXAMPLES, Facts, Mode, Rule, RuleError};
use crate::domain::signal::{self, FRESH_FOR};
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::{FieldError, FieldErrors, StaffMember, wording};
use crate::error::AppError;
use crate::store::rules::{self as stored, SavedRule};
use crate::store::{Conn, StoreError, outbox};
use crate::views::{
    BacktestFiring, BacktestOutcomes, BacktestView, DayCount, FiringView, RuleView, RulesPage,
};
use jiff::{SignedDuration, Timestamp};
use std::collections::{HashMap, HashSet};

/// What configuring here means, for the refusal.
pub const CONFIGURING: &str = "write escalation rules";

/// The longest backtest window, in days.
pub const MAX_DAYS: i64 = 365;

/// The most cases one backtest or sweep reads.
const MAX_CASES: i64 = 100_000;

/// How an outcome is judged, for people reading the numbers.
pub const METHOD: &str = "A case's outcome is bad when, within the window, it was escalated, \
     missed a promise, was reopened, or was rated 1 or 2. A firing is borne out when a bad \
     outcome followed it. Precision: borne-out flagged cases out of all flagged cases. Recall: \
     borne-out flagged cases out of all cases with a bad outcome.";

/// Parses a rule, keeping the line of the mistake.
pub fn parse(source: &str) -> Result<Rule, RuleError> {
    Rule::parse(source)
}

fn invalid(field: &str, message: &str) -> AppError {
    FieldErrors(vec![FieldError::new(field, message)]).into()
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= 60
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(name.to_owned())
    } else {
        Err(invalid(
            "name",
            "A rule's name is 1 to 60 lowercase letters, digits, - or _, such as repeat-contacts.",
        ))
    }
}

/// The rules in force and the shipped examples nobody saved yet, with the
/// latest firings.
pub async fn page(portal: &Portal, member: &StaffMember) -> Result<RulesPage, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let saved = stored::current(&mut conn).await?;
    let firings = stored::firings(&mut conn, None, 50).await?;
    let decisions = stored::decisions(&mut conn).await?;
    let approvals = approvals_in(portal, &mut conn).await?;
    drop(conn);
    let label = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, &portal.zone),
            super::present::zone_label(&portal.zone)
        )
    };
    let mut rules: Vec<RuleView> = saved
        .iter()
        .map(|s| {
            let mut v = view(s, &label);
            (v.approved, v.rejected) = decisions.get(&s.name).copied().unwrap_or_default();
            v
        })
        .collect();
    for (name, source) in EXAMPLES {
        if !saved.iter().any(|s| s.name == name) {
            rules.push(RuleView {
                name: name.to_owned(),
                source: source.to_owned(),
                mode: Mode::Off.code().to_owned(),
                version: 0,
                author: None,
                changed_label: None,
                high_impact: high_impact(source),
                approved: 0,
                rejected: 0,
            });
        }
    }
    rules.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(RulesPage {
        approvals,
        rules,
        firings: firings
            .into_iter()
            .map(|f| FiringView {
                rule: f.name,
                version: f.version,
                reference: f.reference,
                mode: f.mode,
                at_label: label(f.fired_at),
                ended: f.ended_at.is_some(),
            })
            .collect(),
    })
}

fn view(saved: &SavedRule, label: &impl Fn(Timestamp) -> String) -> RuleView {
    RuleView {
        name: saved.name.clone(),
        source: saved.source.clone(),
        mode: saved.mode.clone(),
        version: saved.version,
        author: Some(saved.author.clone()),
        changed_label: Some(label(saved.at)),
        high_impact: high_impact(&saved.source),
        approved: 0,
        rejected: 0,
    }
}

fn high_impact(source: &str) -> Vec<String> {
    Rule::parse(source)
        .map(|rule| {
            rule.actions
                .iter()
                .filter(|a| a.high_impact())
                .map(Action::source)
                .collect()
        })
        .unwrap_or_default()
}

/// Saves a new version of the rule (its source as written, comments kept)
/// in `mode`; the source must parse.
pub async fn save(
    portal: &Portal,
    member: &StaffMember,
    name: &str,
    source: &str,
    mode: &str,
    now: Timestamp,
) -> Result<RuleView, AppError> {
    member.require_configurer(CONFIGURING)?;
    let name = checked_name(name)?;
    let mode = Mode::parse(mode).ok_or_else(|| invalid("mode", "Choose off, shadow or active."))?;
    parse(source).map_err(|e| invalid("source", &e.to_string()))?;
    let mut tx = portal.store.begin().await?;
    let version = stored::save(&mut tx, &name, source, mode.code(), &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(rule = %name, version, mode = mode.code(), by = %member.email, "rule saved");
    let saved = SavedRule {
        name,
        version,
        source: source.to_owned(),
        mode: mode.code().to_owned(),
        author: member.email.clone(),
        at: now,
    };
    Ok(view(&saved, &|at| {
        format!(
            "{} {}",
            wording::format_time(at, &portal.zone),
            super::present::zone_label(&portal.zone)
        )
    }))
}

/// Every version of a rule, newest first: its audit trail.
pub async fn history(
    portal: &Portal,
    member: &StaffMember,
    name: &str,
) -> Result<Vec<RuleView>, AppError> {
    member.require_configurer(CONFIGURING)?;
    let mut conn = portal.store.read().await?;
    let versions = stored::versions(&mut conn, name).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound);
    }
    let label = |at: Timestamp| wording::format_time(at, &portal.zone);
    Ok(versions.iter().map(|v| view(v, &label)).collect())
}

/// Replays the draft over the last `days` of stored history.
pub async fn backtest(
    portal: &Portal,
    member: &StaffMember,
    source: &str,
    days: i64,
    now: Timestamp,
) -> Result<BacktestView, AppError> {
    member.require_configurer(CONFIGURING)?;
    let rule = parse(source).map_err(|e| invalid("source", &e.to_string()))?;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(invalid("days", &format!("Look back 1 to {MAX_DAYS} days.")));
    }
    let from = now - SignedDuration::from_hours(24 * days);
    let mut conn = portal.store.read().await?;
    let read = stored::active_since(&mut conn, from, MAX_CASES).await?;
    let keys = key_accounts(&mut conn).await?;
    let signals = crate::store::signals::since(&mut conn, from - FRESH_FOR).await?;
    drop(conn);
    let zone = portal.zone.clone();
    // Replaying is CPU work: off the request threads.
    let result = tokio::task::spawn_blocking(move || {
        let window = Window {
            from,
            to: now,
            zone: &zone,
            key_accounts: &keys,
            signals: &signals,
        };
        backtest::run(&rule, &read.histories, &window)
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "a backtest stopped");
        AppError::Unexpected
    })?;
    let max_per_day = result.per_day.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let mean_per_day = if result.per_day.is_empty() {
        0.0
    } else {
        result.firings.len() as f64 / result.per_day.len() as f64
    };
    Ok(BacktestView {
        days,
        cases_seen: result.cases_seen,
        firings: result
            .firings
            .into_iter()
            .map(|f| BacktestFiring {
                reference: f.reference,
                at: f.at,
            })
            .collect(),
        per_day: result
            .per_day
            .into_iter()
            .map(|(date, firings)| DayCount {
                date: date.to_string(),
                firings,
            })
            .collect(),
        mean_per_day,
        max_per_day,
        outcomes: BacktestOutcomes {
            precision: result.precision,
            recall: result.recall,
            borne_out: result.borne_out,
            false_alarms: result.false_alarms,
            missed: result.missed,
            method: METHOD.to_owned(),
        },
    })
}

async fn key_accounts(conn: &mut Conn) -> Result<HashSet<String>, StoreError> {
    Ok(sponsors::settings(conn)
        .await?
        .accounts
        .into_iter()
        .map(|a| a.domain)
        .collect())
}

/// Every open case with its facts now: account load, key accounts and
/// fresh signals included. Rules and the early-warning desk read the same.
pub(crate) async fn open_facts(
    conn: &mut Conn,
    now: Timestamp,
) -> Result<(stored::Histories, Vec<Facts>), StoreError> {
    let open = stored::open(conn, MAX_CASES).await?;
    let keys = key_accounts(conn).await?;
    let signals = crate::store::signals::since(conn, now - FRESH_FOR).await?;
    let mut per_account: HashMap<String, u32> = HashMap::new();
    for history in &open.histories {
        *per_account.entry(history.account()).or_default() += 1;
    }
    let facts = open
        .histories
        .iter()
        .map(|h| {
            let account = h.account();
            let open_cases = per_account.get(&account).copied().unwrap_or(0);
            let mut facts = Facts::at(h, now, keys.contains(&account), open_cases);
            facts.signals = signal::latest(&signals, &account, now);
            facts
        })
        .collect();
    Ok((open, facts))
}

/// Evaluates the rules in shadow and active mode over the open cases:
/// a new episode is logged once; in active mode its alerts go out, and its
/// high-impact actions are put to a manager. Returns the new firings.
pub async fn sweep(portal: &Portal, now: Timestamp) -> Result<usize, StoreError> {
    let mut conn = portal.store.read().await?;
    let live: Vec<(SavedRule, Rule)> = stored::current(&mut conn)
        .await?
        .into_iter()
        .filter(|s| s.mode != Mode::Off.code())
        .filter_map(|s| {
            let rule = Rule::parse(&s.source).ok()?;
            Some((s, rule))
        })
        .collect();
    if live.is_empty() {
        return Ok(0);
    }
    let (open, facts) = open_facts(&mut conn, now).await?;
    drop(conn);
    let mut fired = 0;
    for (saved, rule) in &live {
        let mut tx = portal.store.begin().await?;
        for ((case_id, history), facts) in open.ids.iter().zip(&open.histories).zip(&facts) {
            if !rule.holds(facts) {
                stored::end_episode(&mut tx, &saved.name, *case_id, now).await?;
                continue;
            }
            let new = stored::claim_firing(
                &mut tx,
                &saved.name,
                saved.version,
                *case_id,
                &saved.mode,
                now,
            )
            .await?;
            if !new {
                continue;
            }
            fired += 1;
            if saved.mode == Mode::Active.code() {
                act(&mut tx, saved, rule, *case_id, &history.reference, now).await?;
            }
        }
        tx.commit().await.map_err(StoreError::from)?;
    }
    if fired > 0 {
        tracing::info!(fired, "rules fired");
        portal.notify.wake.notify_one();
    }
    Ok(fired)
}

/// An active rule's new episode: its alerts, and one request to a manager
/// for the actions a person approves first.
async fn act(
    tx: &mut Conn,
    saved: &SavedRule,
    rule: &Rule,
    case_id: i64,
    reference: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut alerts = Vec::new();
    let mut approve = Vec::new();
    for action in &rule.actions {
        match action {
            Action::Alert(role) => alerts.push(SlaAlert {
                recipient: format!("role:{role}"),
                kind: "rule",
                message: format!("{reference}: rule {} fired.", saved.name),
            }),
            Action::FlagAtRisk => alerts.push(SlaAlert {
                recipient: "role:manager".to_owned(),
                kind: "rule",
                message: format!("{reference} is at risk (rule {}).", saved.name),
            }),
            high if high.high_impact() => approve.push(high.source()),
            _ => {}
        }
    }
    for action in &approve {
        stored::ask_approval(tx, &saved.name, saved.version, case_id, action, now).await?;
    }
    if !approve.is_empty() {
        alerts.push(SlaAlert {
            recipient: "role:manager".to_owned(),
            kind: "rule_approval",
            message: format!(
                "{reference}: rule {} asks for {}. Approve or reject it on the early-warning desk.",
                saved.name,
                approve.join(", ")
            ),
        });
    }
    outbox::add_alerts(tx, case_id, &alerts, now).await
}

/// The requests waiting for a person, worded.
pub async fn approvals_in(
    portal: &Portal,
    conn: &mut Conn,
) -> Result<Vec<crate::views::ApprovalView>, StoreError> {
    Ok(stored::pending_approvals(conn)
        .await?
        .into_iter()
        .map(|a| crate::views::ApprovalView {
            id: a.id,
            rule: a.name,
            reference: a.reference,
            action: a.action,
            asked_label: format!(
                "{} {}",
                wording::format_time(a.asked_at, &portal.zone),
                super::present::zone_label(&portal.zone)
            ),
        })
        .collect())
}

/// A person approves or rejects a rule's request. Approving carries the
/// action out: a severity one step up, a tier or a management level up with
/// the rule as the handoff note, the sponsor called in, a swarm the approver
/// leads, or the proactive update (the live `proactive_update` template with
/// the case's values) posted for the customer. Either way the decision is
/// kept as a labelled example. Returns what happened, in words.
pub async fn decide(
    portal: &Portal,
    member: &StaffMember,
    id: i64,
    approve: bool,
    now: Timestamp,
) -> Result<String, AppError> {
    use crate::domain::StaffRole;
    if !matches!(
        member.role,
        StaffRole::Manager | StaffRole::Executive | StaffRole::Ops | StaffRole::Admin
    ) {
        return Err(AppError::NotAllowed(
            "Managers, executives, support ops and admins decide what a rule asks for.".to_owned(),
        ));
    }
    let pending = {
        let mut conn = portal.store.read().await?;
        stored::pending_approvals(&mut conn)
            .await?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(AppError::NotFound)?
    };
    let outcome = if approve {
        carry_out(portal, member, &pending, now).await?
    } else {
        format!("Rejected: no {} on {}.", pending.action, pending.reference)
    };
    let state = if approve { "approved" } else { "rejected" };
    let mut tx = portal.store.begin().await?;
    let decided = stored::decide(&mut tx, id, state, member.staff_id, &outcome, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    if decided.is_none() {
        return Err(AppError::Conflict(
            "Someone decided this request a moment ago.".to_owned(),
        ));
    }
    tracing::info!(rule = %pending.name, reference = %pending.reference, state, by = %member.email, "rule request decided");
    Ok(outcome)
}

/// The live proactive-update template, rendered with the case's values.
async fn proactive_words(
    portal: &Portal,
    reference: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    use crate::domain::template::TemplateKind;
    let parsed = crate::domain::CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let case = {
        let mut conn = portal.store.read().await?;
        crate::store::cases::find_by_reference(&mut conn, &parsed)
            .await?
            .case
    };
    let kind = TemplateKind::ProactiveUpdate;
    let context = super::templates::case_context(portal, kind, &case, now);
    // Stored as the words the customer reads; the page escapes them again.
    Ok(super::templates::render_text(portal, kind, &context, now).await)
}

async fn carry_out(
    portal: &Portal,
    member: &StaffMember,
    request: &stored::Approval,
    now: Timestamp,
) -> Result<String, AppError> {
    use super::staff_desk::{self, StaffAction};
    use crate::views::{HandoffNoteInput, ManagementMoveRequest, TierMoveRequest};
    let reference = &request.reference;
    let why = format!("Rule {} fired; {} approved it.", request.name, member.name);
    let note = || {
        Some(HandoffNoteInput::Parts {
            tried: format!("Rule {} flagged the case.", request.name),
            known: "See the case history and the early-warning desk.".to_owned(),
            told_customer: "Nothing yet.".to_owned(),
        })
    };
    let action = match request.action.as_str() {
        "raise_severity" => {
            let current = {
                let mut conn = portal.store.read().await?;
                let parsed =
                    crate::domain::CaseReference::parse(reference).ok_or(AppError::NotFound)?;
                crate::store::cases::find_by_reference(&mut conn, &parsed)
                    .await?
                    .case
                    .severity
            };
            let up = crate::domain::Severity::ALL
                .iter()
                .rev()
                .skip_while(|s| **s != current)
                .nth(1)
                .copied()
                .unwrap_or(current);
            if up == current {
                return Ok(format!("{reference} is S1 already."));
            }
            StaffAction::ChangeSeverity {
                severity: up.code().to_owned(),
            }
        }
        "escalate_tier" => StaffAction::Escalate(TierMoveRequest {
            to_tier: None,
            reason: why.clone(),
            handoff_note: note(),
        }),
        "bring_in_management" => StaffAction::EscalateManagement(ManagementMoveRequest {
            to_level: None,
            reason: why.clone(),
            handoff_note: note(),
        }),
        "engage_sponsor" => {
            let intervention = super::early_warning::Intervention {
                kind: "sponsor".to_owned(),
                note: why.clone(),
                severity: None,
            };
            super::early_warning::intervene(portal, member, reference, intervention, now).await?;
            return Ok(format!(
                "Approved: the sponsor was asked to step in on {reference}."
            ));
        }
        "start_swarm" => {
            // The approver leads it and pulls people in from the case.
            let start = super::swarms::SwarmAction::Start {
                facilitator_email: None,
            };
            super::swarms::act(portal, member, reference, start, now).await?;
            return Ok(format!(
                "Approved: a swarm on {reference} started, led by {}.",
                member.name
            ));
        }
        message if message.starts_with("send_message ") => StaffAction::PostUpdate {
            body: proactive_words(portal, reference, now).await?,
            waits_for_customer: false,
        },
        other => {
            return Ok(format!(
                "Approved: {other} on {reference} is yours to start from the case."
            ));
        }
    };
    staff_desk::act(portal, member, reference, action, now).await?;
    Ok(format!("Approved: {} done on {reference}.", request.action))
}
