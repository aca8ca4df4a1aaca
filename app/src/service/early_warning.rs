//! The early-warning desk: open cases and their accounts ranked by a risk
//! score whose every point is explained; front-line staff act from it
//! without sign-off, each intervention is recorded, and flagged cases are
//! followed to their outcome to count the escalations the desk prevented.

use super::json_setting::{self, JsonSetting};
use super::staff_desk::{self, StaffAction};
use super::{Portal, present, sponsors};
use crate::domain::risk::{self, Context, Followed, Reason, RiskSignals};
use crate::domain::rule::CaseHistory;
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::{CaseReference, FieldError, FieldErrors, StaffMember, wording};
use crate::error::AppError;
use crate::store::{Conn, StoreError, cases, early_warning, outbox};
use crate::views::{AccountRisk, EarlyWarningDesk, RiskEntry};
use jiff::{SignedDuration, Timestamp};
use std::collections::{BTreeMap, BTreeSet};

/// How long a flagged case is followed before its outcome counts.
pub const FOLLOW_UP: SignedDuration = SignedDuration::from_hours(24 * 7);
/// How far back the prevented report looks.
const REPORT_WEEKS: i64 = 12;

struct Scored {
    case_id: i64,
    history: CaseHistory,
    score: u32,
    reasons: Vec<Reason>,
}

/// The setting that says which external signals count on the desk.
pub const RISK_SIGNALS: &str = "risk_signals";

pub const CONFIGURING: &str = "change which monitoring signals count on the early-warning desk";

impl JsonSetting for RiskSignals {
    const KEY: &'static str = RISK_SIGNALS;
    const CONFIGURING: &'static str = CONFIGURING;
    fn from_json(text: &str) -> Result<Self, String> {
        RiskSignals::from_json(text)
    }
    fn to_json(&self) -> String {
        RiskSignals::to_json(self)
    }
}

/// Every open case with its score, highest first.
async fn scored(conn: &mut Conn, now: Timestamp) -> Result<Vec<Scored>, StoreError> {
    let (open, facts) = super::rules::open_facts(conn, now).await?;
    let flags = early_warning::open_rule_flags(conn).await?;
    let low =
        early_warning::low_rating_accounts(conn, now - SignedDuration::from_hours(24 * 90)).await?;
    let desk_signals: RiskSignals = json_setting::load(conn).await?;
    let mut all: Vec<Scored> = open
        .ids
        .into_iter()
        .zip(open.histories)
        .zip(facts)
        .map(|((case_id, history), facts)| {
            let context = Context {
                rule_flags: flags.get(&case_id).cloned().unwrap_or_default(),
                low_rating_lately: low.contains(&history.account()),
                signals: &desk_signals.signals,
            };
            let (score, reasons) = risk::score(&facts, &context);
            Scored {
                case_id,
                history,
                score,
                reasons,
            }
        })
        .collect();
    all.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.history.reference.cmp(&b.history.reference))
    });
    Ok(all)
}

/// Flags the open cases that reached the threshold, once each. Runs with
/// the rules, in every process.
pub async fn flag_sweep(portal: &Portal, now: Timestamp) -> Result<usize, StoreError> {
    let mut conn = portal.store.read().await?;
    let at_risk: Vec<(i64, u32)> = scored(&mut conn, now)
        .await?
        .into_iter()
        .filter(|s| s.score >= risk::THRESHOLD)
        .map(|s| (s.case_id, s.score))
        .collect();
    drop(conn);
    if at_risk.is_empty() {
        return Ok(0);
    }
    let mut tx = portal.store.begin().await?;
    let mut flagged = 0;
    for (case_id, score) in at_risk {
        if early_warning::flag_once(&mut tx, case_id, score, now).await? {
            flagged += 1;
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(flagged)
}

/// The desk: cases with any sign, accounts by their cases' total, and the
/// prevented-escalations report. Every member of staff may read and act.
pub async fn desk(portal: &Portal, now: Timestamp) -> Result<EarlyWarningDesk, AppError> {
    let mut conn = portal.store.read().await?;
    let all = scored(&mut conn, now).await?;
    let prevented = prevented_since(
        portal,
        &mut conn,
        now - SignedDuration::from_hours(24 * 7 * REPORT_WEEKS),
        now,
    )
    .await?;
    let label = |at: Timestamp| {
        format!(
            "{} {}",
            wording::format_time(at, &portal.zone),
            present::zone_label(&portal.zone)
        )
    };
    let mut cases = Vec::new();
    for s in all.iter().filter(|s| s.score > 0).take(200) {
        let last = early_warning::interventions(&mut conn, s.case_id)
            .await?
            .into_iter()
            .next()
            .map(|(kind, by, _, at)| format!("{kind} by {by}, {}", label(at)));
        cases.push(RiskEntry {
            reference: s.history.reference.clone(),
            subject: s.history.subject.clone(),
            account: s.history.account(),
            score: s.score,
            reasons: s.reasons.clone(),
            flagged: s.score >= risk::THRESHOLD,
            last_intervention: last,
        });
    }
    drop(conn);
    let mut accounts: BTreeMap<String, (u32, usize, BTreeSet<String>)> = BTreeMap::new();
    for s in all.iter().filter(|s| s.score > 0) {
        let entry = accounts.entry(s.history.account()).or_default();
        entry.0 += s.score;
        entry.1 += 1;
        entry.2.extend(s.reasons.iter().map(|r| r.signal.clone()));
    }
    let mut accounts: Vec<AccountRisk> = accounts
        .into_iter()
        .map(|(account, (score, cases, reasons))| AccountRisk {
            account,
            score,
            cases,
            reasons: reasons.into_iter().collect(),
        })
        .collect();
    accounts.sort_by(|a, b| b.score.cmp(&a.score).then(a.account.cmp(&b.account)));
    accounts.truncate(50);
    let mut conn = portal.store.read().await?;
    let approvals = super::rules::approvals_in(portal, &mut conn).await?;
    drop(conn);
    Ok(EarlyWarningDesk {
        approvals,
        threshold: risk::THRESHOLD,
        // An empty sum of floats is -0.0; nobody prevented less than nothing.
        prevented_total: prevented.iter().map(|w| w.prevented).sum::<f64>() + 0.0,
        prevented,
        cases,
        accounts,
        method: risk::METHOD.to_owned(),
    })
}

/// The prevented-escalations report over the cases flagged since `since`
/// whose follow-up is over, week by week (weeks start on Monday in the
/// portal's zone).
pub async fn prevented_since(
    portal: &Portal,
    conn: &mut Conn,
    since: Timestamp,
    now: Timestamp,
) -> Result<Vec<risk::Week>, StoreError> {
    let flagged = early_warning::flagged_since(conn, since).await?;
    let followed: Vec<Followed> = flagged
        .iter()
        // Only cases whose follow-up is over: the outcome is known.
        .filter(|f| f.flagged_at + FOLLOW_UP <= now)
        .map(|f| {
            let date = f.flagged_at.to_zoned(portal.zone.clone()).date();
            let monday = date
                .checked_sub(
                    jiff::Span::new().days(i64::from(date.weekday().to_monday_zero_offset())),
                )
                .unwrap_or(date);
            Followed {
                week: monday,
                intervened: f.intervened,
                went_bad: f.bad_at.iter().any(|at| *at <= f.flagged_at + FOLLOW_UP),
            }
        })
        .collect();
    Ok(risk::prevented(&followed))
}

/// What staff may do from the desk, without anyone's sign-off.
#[derive(Clone, Debug, Default)]
pub struct Intervention {
    /// `call`, `message`, `severity` or `sponsor`.
    pub kind: String,
    /// What was said or done; for `message`, the words the customer reads.
    pub note: String,
    /// For `severity`: S1..S4.
    pub severity: Option<String>,
}

/// Acts on a case from the desk and records it.
pub async fn intervene(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    intervention: Intervention,
    now: Timestamp,
) -> Result<(), AppError> {
    let invalid = |field: &str, message: &str| -> AppError {
        FieldErrors(vec![FieldError::new(field, message)]).into()
    };
    let note = crate::domain::validation::bounded_text(
        "note",
        &intervention.note,
        4000,
        "Say in a few words what you did or what the customer reads.",
    )
    .map_err(|e| AppError::from(FieldErrors(vec![e])))?;
    let parsed = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let action = match intervention.kind.trim() {
        "call" => StaffAction::AddInternalNote {
            body: format!("Early warning: called the customer. {note}"),
        },
        "message" => StaffAction::PostUpdate {
            body: note.clone(),
            waits_for_customer: false,
        },
        "severity" => StaffAction::ChangeSeverity {
            severity: intervention.severity.clone().unwrap_or_default(),
        },
        "sponsor" => StaffAction::AddInternalNote {
            body: format!("Early warning: asked the executive sponsor to step in. {note}"),
        },
        _ => {
            return Err(invalid(
                "kind",
                "Choose call, message, severity or sponsor.",
            ));
        }
    };
    let sponsor = if intervention.kind.trim() == "sponsor" {
        Some(sponsor_on_duty(portal, &parsed, now).await?)
    } else {
        None
    };
    staff_desk::act(portal, member, reference, action, now).await?;
    let mut tx = portal.store.begin().await?;
    let case_id = cases::find_by_reference(&mut tx, &parsed).await?.id;
    early_warning::record_intervention(
        &mut tx,
        case_id,
        intervention.kind.trim(),
        member.staff_id,
        &note,
        now,
    )
    .await?;
    if let Some(recipient) = sponsor {
        let alert = SlaAlert {
            recipient,
            kind: "sponsor_briefing",
            message: format!("{parsed}: {} asks you to step in. {note}", member.name),
        };
        outbox::add_alerts(&mut tx, case_id, &[alert], now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    portal.committed(parsed.as_str());
    Ok(())
}

/// The sponsor on duty for the case's account, as an alert recipient.
async fn sponsor_on_duty(
    portal: &Portal,
    reference: &CaseReference,
    now: Timestamp,
) -> Result<String, AppError> {
    let mut conn = portal.store.read().await?;
    let stored = cases::find_by_reference(&mut conn, reference).await?;
    let settings = sponsors::settings(&mut conn).await?;
    let today = now.to_zoned(portal.zone.clone()).date();
    let not_key = || -> AppError {
        FieldErrors(vec![FieldError::new(
            "kind",
            "This customer is not a key account with a sponsor on duty today.",
        )])
        .into()
    };
    let account = settings
        .account_of(&stored.case.customer_email)
        .ok_or_else(not_key)?;
    let sponsor = account.sponsor_on(today).ok_or_else(not_key)?;
    match crate::store::staff::find_by_email(&mut conn, &sponsor.email).await {
        Ok(member) => Ok(format!("staff:{}", member.staff_id)),
        Err(_) => Ok("role:executive".to_owned()),
    }
}
