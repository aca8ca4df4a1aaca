//! Reviews of significant escalations and their action items. A review is
//! claimed by one statement that any process may run at once (`case_id` is
//! unique); an overdue action is alerted once (a claimed `alerted_at`).

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::review::{ReviewDraft, ReviewPolicy};
use jiff::{SignedDuration, Timestamp};

/// Opens a due review for every solved case the policy asks one for and
/// that has none yet (or, with `only`, for that case); returns how many.
pub async fn claim_due(
    conn: &mut Conn,
    policy: &ReviewPolicy,
    only: Option<i64>,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let due = now + SignedDuration::from_hours(24 * i64::from(policy.due_days));
    let breached = "exists (select 1 from case_event e where e.case_id = c.case_id \
                    and e.kind = 'sla_breached')";
    let sql = format!(
        "insert into review (case_id, reason, state, owner_id, due_at, created_at) \
         select c.case_id, \
           case when $1 = 1 and c.severity = 'S1' then 's1' \
                when $2 = 1 and c.major_incident_at is not null then 'major_incident' \
                when $3 = 1 and {breached} then 'sla_breach' \
                else 'reopened' end, \
           'due', c.assignee_id, $5, $6 \
         from support_case c \
         where c.stage in ('resolved', 'closed') and ($7 = 0 or c.case_id = $7) \
           and not exists (select 1 from review r where r.case_id = c.case_id) \
           and (($1 = 1 and c.severity = 'S1') or ($2 = 1 and c.major_incident_at is not null) \
                or ($3 = 1 and {breached}) or ($4 > 0 and c.reopen_count >= $4)) \
         on conflict (case_id) do nothing"
    );
    let result = sqlx::query(&sql)
        .bind(i64::from(policy.s1))
        .bind(i64::from(policy.major_incident))
        .bind(i64::from(policy.sla_breach))
        .bind(i64::from(policy.reopened_times))
        .bind(to_millis(due))
        .bind(to_millis(now))
        .bind(only.unwrap_or(0))
        .execute(&mut *conn)
        .await?;
    Ok(result.rows_affected())
}

/// A review with its case, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: i64,
    pub case_id: i64,
    pub reference: String,
    pub subject: String,
    pub customer_email: String,
    pub reason: String,
    pub state: String,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
    pub due_at: Timestamp,
    pub written_at: Option<Timestamp>,
    pub root_cause: Option<String>,
}

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
    Option<String>,
);

const COLUMNS: &str = "r.review_id, r.case_id, c.reference, c.subject, c.customer_email, \
    r.reason, r.state, s.email, s.name, r.due_at, r.written_at, r.root_cause \
    from review r join support_case c on c.case_id = r.case_id \
    left join staff s on s.staff_id = r.owner_id";

fn from_row(row: Row) -> Result<ReviewRow, StoreError> {
    let (
        id,
        case_id,
        reference,
        subject,
        customer_email,
        reason,
        state,
        owner_email,
        owner_name,
        due_at,
        written_at,
        root_cause,
    ) = row;
    Ok(ReviewRow {
        id,
        case_id,
        reference,
        subject,
        customer_email,
        reason,
        state,
        owner_email,
        owner_name,
        due_at: from_millis(due_at)?,
        written_at: written_at.map(from_millis).transpose()?,
        root_cause,
    })
}

/// Reviews in `state` ("" for all), soonest due first.
pub async fn list(conn: &mut Conn, state: &str, limit: i64) -> Result<Vec<ReviewRow>, StoreError> {
    let sql = format!(
        "select {COLUMNS} where ($1 = '' or r.state = $1) order by r.due_at, r.review_id limit $2"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(state)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// Written reviews since `since`, newest first: what the recurrence check
/// compares a new case with.
pub async fn written_since(
    conn: &mut Conn,
    since: Timestamp,
    limit: i64,
) -> Result<Vec<ReviewRow>, StoreError> {
    let sql = format!(
        "select {COLUMNS} where r.state = 'written' and r.written_at >= $1 \
         order by r.written_at desc limit $2"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(to_millis(since))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

pub async fn find(conn: &mut Conn, reference: &str) -> Result<ReviewRow, StoreError> {
    let sql = format!("select {COLUMNS} where c.reference = $1");
    let row: Row = sqlx::query_as(&sql)
        .bind(reference)
        .fetch_one(&mut *conn)
        .await?;
    from_row(row)
}

/// The written parts of a review, if it is written.
pub async fn draft(conn: &mut Conn, review_id: i64) -> Result<Option<ReviewDraft>, StoreError> {
    type Parts = (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let parts: Parts = sqlx::query_as(
        "select summary, impact, root_cause, factors, went_well, went_wrong, got_lucky \
         from review where review_id = $1",
    )
    .bind(review_id)
    .fetch_one(&mut *conn)
    .await?;
    let (
        Some(summary),
        Some(impact),
        Some(root_cause),
        factors,
        Some(went_well),
        Some(went_wrong),
        got_lucky,
    ) = parts
    else {
        return Ok(None);
    };
    Ok(Some(ReviewDraft {
        summary,
        impact,
        root_cause,
        factors: factors
            .unwrap_or_default()
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        went_well,
        went_wrong,
        got_lucky: got_lucky.unwrap_or_default(),
    }))
}

/// Writes (or rewrites) a review; it is then no longer due.
pub async fn write(
    conn: &mut Conn,
    review_id: i64,
    draft: &ReviewDraft,
    by: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update review set state = 'written', written_at = $1, written_by = $2, summary = $3, \
         impact = $4, root_cause = $5, factors = $6, went_well = $7, went_wrong = $8, \
         got_lucky = $9 where review_id = $10",
    )
    .bind(to_millis(now))
    .bind(by)
    .bind(&draft.summary)
    .bind(&draft.impact)
    .bind(&draft.root_cause)
    .bind(draft.factors.join(","))
    .bind(&draft.went_well)
    .bind(&draft.went_wrong)
    .bind(&draft.got_lucky)
    .bind(review_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An action item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRow {
    pub id: i64,
    pub review_id: i64,
    pub title: String,
    pub owner_email: String,
    pub due_at: Timestamp,
    pub done: bool,
}

type ActionTuple = (i64, i64, String, String, i64, String);

fn action_from(row: ActionTuple) -> Result<ActionRow, StoreError> {
    let (id, review_id, title, owner_email, due_at, state) = row;
    Ok(ActionRow {
        id,
        review_id,
        title,
        owner_email,
        due_at: from_millis(due_at)?,
        done: state == "done",
    })
}

pub async fn add_action(
    conn: &mut Conn,
    review_id: i64,
    title: &str,
    owner_email: &str,
    due_at: Timestamp,
    now: Timestamp,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into review_action (review_id, title, owner_email, due_at, state, created_at) \
         values ($1, $2, $3, $4, 'open', $5) returning review_action_id",
    )
    .bind(review_id)
    .bind(title)
    .bind(owner_email)
    .bind(to_millis(due_at))
    .bind(to_millis(now))
    .fetch_one(&mut *conn)
    .await?)
}

/// The actions of some reviews, in the order they were added.
pub async fn actions_of(conn: &mut Conn, review_ids: &[i64]) -> Result<Vec<ActionRow>, StoreError> {
    if review_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = review_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "select review_action_id, review_id, title, owner_email, due_at, state from review_action \
         where review_id in ({list}) order by review_action_id"
    );
    let rows: Vec<ActionTuple> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(action_from).collect()
}

pub async fn find_action(conn: &mut Conn, id: i64) -> Result<ActionRow, StoreError> {
    let row: ActionTuple = sqlx::query_as(
        "select review_action_id, review_id, title, owner_email, due_at, state from review_action \
         where review_action_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    action_from(row)
}

pub async fn set_action_done(
    conn: &mut Conn,
    id: i64,
    done: bool,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("update review_action set state = $1, done_at = $2 where review_action_id = $3")
        .bind(if done { "done" } else { "open" })
        .bind(done.then(|| to_millis(now)))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Open actions past their due time whose owner has not been told; each is
/// claimed here, so of several processes only one tells.
pub async fn claim_overdue(
    conn: &mut Conn,
    now: Timestamp,
) -> Result<Vec<(ActionRow, i64)>, StoreError> {
    type Overdue = (i64, i64, String, String, i64, String, i64);
    let rows: Vec<Overdue> = sqlx::query_as(
        "select a.review_action_id, a.review_id, a.title, a.owner_email, a.due_at, a.state, r.case_id \
         from review_action a join review r on r.review_id = a.review_id \
         where a.state = 'open' and a.alerted_at is null and a.due_at <= $1 \
         order by a.review_action_id limit 200",
    )
    .bind(to_millis(now))
    .fetch_all(&mut *conn)
    .await?;
    let mut claimed = Vec::new();
    for (id, review_id, title, owner_email, due_at, state, case_id) in rows {
        let won = sqlx::query(
            "update review_action set alerted_at = $1 where review_action_id = $2 and alerted_at is null",
        )
        .bind(to_millis(now))
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected()
            == 1;
        if won {
            claimed.push((
                action_from((id, review_id, title, owner_email, due_at, state))?,
                case_id,
            ));
        }
    }
    Ok(claimed)
}
