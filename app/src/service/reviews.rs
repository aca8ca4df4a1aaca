//! Blameless reviews of significant escalations: which solved cases need
//! one (claimed in the transaction that solves the case, and by a sweep any
//! process may run for policy changes), writing them, their action
//! items (alerted to their owners when due), and the recurrence check that
//! tells staff when a new case looks like a reviewed one coming back.

use super::json_setting::{self, JsonSetting};
use super::{Portal, present};
use crate::domain::review::{
    self, ActionDraft, PastCase, ReviewDraft, ReviewInput, ReviewReason, ReviewSettings,
};
use crate::domain::sla::alerts::SlaAlert;
use crate::domain::{Case, FieldError, FieldErrors, StaffMember, wording};
use crate::error::AppError;
use crate::store::reviews::{self, ActionRow, ReviewRow};
use crate::store::{Conn, StoreError, events, outbox, staff};
use crate::views::{ActionView, RecurrenceNote, ReviewItem, ReviewPage};
use jiff::{SignedDuration, Timestamp};

/// The setting's name beside the other settings.
pub const REVIEW_SETTINGS: &str = "review_settings";

pub const CONFIGURING: &str = "change which cases need a review and the root causes";

/// How far back the recurrence check looks.
const RECURRENCE_DAYS: i64 = 365;

impl JsonSetting for ReviewSettings {
    const KEY: &'static str = REVIEW_SETTINGS;
    const CONFIGURING: &'static str = CONFIGURING;
    fn from_json(text: &str) -> Result<Self, String> {
        ReviewSettings::from_json(text)
    }
    fn to_json(&self) -> String {
        ReviewSettings::to_json(self)
    }
}

pub async fn settings(conn: &mut Conn) -> Result<ReviewSettings, StoreError> {
    json_setting::load(conn).await
}

/// Opens the reviews now due and tells owners of overdue actions; safe to
/// run in every process at once. Returns (reviews opened, actions alerted).
pub async fn sweep(portal: &Portal, now: Timestamp) -> Result<(u64, usize), AppError> {
    let mut tx = portal.store.begin().await?;
    let policy = settings(&mut tx).await?.required;
    let opened = reviews::claim_due(&mut tx, &policy, None, now).await?;
    let overdue = reviews::claim_overdue(&mut tx, now).await?;
    for (action, case_id) in &overdue {
        let Ok(owner) = staff::find_by_email(&mut tx, &action.owner_email).await else {
            continue;
        };
        let alert = SlaAlert {
            recipient: format!("staff:{}", owner.staff_id),
            kind: "review_action_due",
            message: format!("A review action is due: {}", action.title),
        };
        outbox::add_alerts(&mut tx, *case_id, &[alert], now).await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok((opened, overdue.len()))
}

/// Opens the case's review if the policy asks for one, in the transaction
/// that solves or closes it: a case solved a moment ago is in the queue at
/// once, without any read having to write.
pub async fn open_if_due(tx: &mut Conn, case_id: i64, now: Timestamp) -> Result<(), StoreError> {
    let policy = settings(tx).await?.required;
    reviews::claim_due(tx, &policy, Some(case_id), now).await?;
    Ok(())
}

/// Reviews in `state` (`due`, `written`, or all), soonest due first.
pub async fn list(
    portal: &Portal,
    state: &str,
    now: Timestamp,
) -> Result<Vec<ReviewItem>, AppError> {
    let state = match state.trim() {
        "" | "all" => "",
        raw => review::ReviewState::parse(raw)
            .ok_or_else(|| {
                AppError::Invalid(FieldErrors(vec![FieldError::new(
                    "state",
                    "Ask for due, written or all reviews.",
                )]))
            })?
            .code(),
    };
    let mut conn = portal.store.read().await?;
    let settings = settings(&mut conn).await?;
    let rows = reviews::list(&mut conn, state, 500).await?;
    Ok(rows
        .iter()
        .map(|r| item(portal, &settings, r, now))
        .collect())
}

fn item(portal: &Portal, settings: &ReviewSettings, row: &ReviewRow, now: Timestamp) -> ReviewItem {
    ReviewItem {
        reference: row.reference.clone(),
        subject: row.subject.clone(),
        reason: row.reason.clone(),
        reason_words: ReviewReason::parse(&row.reason)
            .map_or_else(|| row.reason.clone(), |r| r.words().to_owned()),
        state: row.state.clone(),
        owner: row.owner_name.clone().or_else(|| row.owner_email.clone()),
        due_at: row.due_at,
        due_label: label(portal, row.due_at),
        overdue: row.state == "due" && row.due_at < now,
        root_cause: row
            .root_cause
            .as_deref()
            .map(|c| settings.label(c).to_owned()),
    }
}

fn label(portal: &Portal, at: Timestamp) -> String {
    format!(
        "{} {}",
        wording::format_time(at, &portal.zone),
        present::zone_label(&portal.zone)
    )
}

/// A case's review: the template to fill in (or as written), its timeline
/// from the case's events, and its actions.
pub async fn page(
    portal: &Portal,
    reference: &str,
    now: Timestamp,
) -> Result<ReviewPage, AppError> {
    let mut conn = portal.store.read().await?;
    let row = reviews::find(&mut conn, reference).await?;
    let settings = settings(&mut conn).await?;
    let history = events::for_case(&mut conn, row.case_id).await?;
    let draft = reviews::draft(&mut conn, row.id).await?;
    let actions = reviews::actions_of(&mut conn, &[row.id]).await?;
    Ok(ReviewPage {
        item: item(portal, &settings, &row, now),
        timeline: review::timeline_lines(&history, &portal.zone),
        draft,
        actions: actions
            .iter()
            .map(|a| action_view(portal, a, now))
            .collect(),
        root_causes: settings
            .root_causes
            .iter()
            .map(|c| (c.code.clone(), c.label.clone()))
            .collect(),
        prompts: settings.prompts.clone(),
    })
}

/// The day an action is due: it falls due at that day's end (the next
/// midnight), which a time would show as the day after.
fn due_day(portal: &Portal, due_at: Timestamp) -> String {
    let day = (due_at - SignedDuration::from_millis(1))
        .to_zoned(portal.zone.clone())
        .date();
    format!(
        "{} (end of the day, {})",
        day.strftime("%a %-d %b %Y"),
        present::zone_label(&portal.zone)
    )
}

fn action_view(portal: &Portal, action: &ActionRow, now: Timestamp) -> ActionView {
    ActionView {
        id: action.id,
        title: action.title.clone(),
        owner_email: action.owner_email.clone(),
        due_label: due_day(portal, action.due_at),
        done: action.done,
        overdue: !action.done && action.due_at < now,
    }
}

/// Writes a case's review (any member of staff; rewriting keeps it current).
pub async fn write(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    input: &ReviewInput,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let row = reviews::find(&mut tx, reference).await?;
    let settings = settings(&mut tx).await?;
    let people: Vec<String> = staff::all_placed(&mut tx)
        .await?
        .into_iter()
        .flat_map(|m| [m.name, m.email])
        .collect();
    let draft = ReviewDraft::parse(input, &settings, &people).map_err(AppError::Invalid)?;
    reviews::write(&mut tx, row.id, &draft, &member.email, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(%reference, by = %member.email, "review written");
    Ok(())
}

/// Adds an action item to a review; its owner must be a member of staff.
pub async fn add_action(
    portal: &Portal,
    reference: &str,
    title: &str,
    owner_email: &str,
    due: &str,
    now: Timestamp,
) -> Result<ActionView, AppError> {
    let today = now.to_zoned(portal.zone.clone()).date();
    let draft = ActionDraft::parse(title, owner_email, due, today).map_err(AppError::Invalid)?;
    let mut tx = portal.store.begin().await?;
    let row = reviews::find(&mut tx, reference).await?;
    if staff::find_by_email(&mut tx, &draft.owner_email)
        .await
        .is_err()
    {
        return Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
            "owner_email",
            "No member of staff has that email.",
        )])));
    }
    // Due at the end of the day it names, in the portal's zone.
    let due_at = draft
        .due
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned(portal.zone.clone()).ok())
        .map_or(now, |z| z.timestamp());
    let id = reviews::add_action(
        &mut tx,
        row.id,
        &draft.title,
        &draft.owner_email,
        due_at,
        now,
    )
    .await?;
    let action = reviews::find_action(&mut tx, id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(action_view(portal, &action, now))
}

/// Marks an action done (or open again).
pub async fn set_action(
    portal: &Portal,
    id: i64,
    done: bool,
    now: Timestamp,
) -> Result<ActionView, AppError> {
    let mut tx = portal.store.begin().await?;
    reviews::find_action(&mut tx, id).await?;
    reviews::set_action_done(&mut tx, id, done, now).await?;
    let action = reviews::find_action(&mut tx, id).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(action_view(portal, &action, now))
}

/// `recurrences` for the case with `reference`.
pub async fn case_recurrences(
    portal: &Portal,
    reference: &str,
    now: Timestamp,
) -> Result<Vec<RecurrenceNote>, AppError> {
    let reference = crate::domain::CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = crate::store::cases::find_by_reference(&mut conn, &reference).await?;
    Ok(recurrences(&mut conn, &stored.case, now).await?)
}

/// Reviewed cases this one looks like: "this came back after the fix",
/// with how far that review's actions got.
pub async fn recurrences(
    conn: &mut Conn,
    case: &Case,
    now: Timestamp,
) -> Result<Vec<RecurrenceNote>, StoreError> {
    let since = now - SignedDuration::from_hours(24 * RECURRENCE_DAYS);
    let written = reviews::written_since(conn, since, 500).await?;
    let own = case.reference.as_str();
    let like: Vec<&ReviewRow> = written
        .iter()
        .filter(|r| r.reference != own)
        .filter(|r| {
            let past = PastCase {
                reference: &r.reference,
                subject: &r.subject,
                customer_email: &r.customer_email,
            };
            review::looks_like(&case.subject, &case.customer_email, &past)
        })
        .take(5)
        .collect();
    if like.is_empty() {
        return Ok(Vec::new());
    }
    let settings = settings(conn).await?;
    let ids: Vec<i64> = like.iter().map(|r| r.id).collect();
    let actions = reviews::actions_of(conn, &ids).await?;
    Ok(like
        .iter()
        .map(|r| {
            let mine = actions.iter().filter(|a| a.review_id == r.id);
            RecurrenceNote {
                reference: r.reference.clone(),
                root_cause: settings
                    .label(r.root_cause.as_deref().unwrap_or_default())
                    .to_owned(),
                actions_done: mine.clone().filter(|a| a.done).count(),
                actions_open: mine.filter(|a| !a.done).count(),
            }
        })
        .collect())
}
