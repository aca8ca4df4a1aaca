//! Rules (every version kept), their firings (one open episode per rule and
//! case), and the stored histories a backtest or a sweep reads.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
use crate::domain::rule::CaseHistory;
use crate::domain::{Event, EventKind};
use jiff::Timestamp;
use std::collections::HashMap;

/// One saved version of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedRule {
    pub name: String,
    pub version: i64,
    pub source: String,
    pub mode: String,
    pub author: String,
    pub at: Timestamp,
}

type RuleRow = (String, i64, String, String, String, i64);

fn saved((name, version, source, mode, author, at): RuleRow) -> Result<SavedRule, StoreError> {
    Ok(SavedRule {
        name,
        version,
        source,
        mode,
        author,
        at: from_millis(at)?,
    })
}

/// The latest version of every rule, by name.
pub async fn current(conn: &mut Conn) -> Result<Vec<SavedRule>, StoreError> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "select r.name, r.version, r.source, r.mode, r.author, r.at from rule_version r \
         where r.version = (select max(v.version) from rule_version v where v.name = r.name) \
         order by r.name",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(saved).collect()
}

/// Every version of one rule, newest first.
pub async fn versions(conn: &mut Conn, name: &str) -> Result<Vec<SavedRule>, StoreError> {
    let rows: Vec<RuleRow> = sqlx::query_as(
        "select name, version, source, mode, author, at from rule_version \
         where name = $1 order by version desc",
    )
    .bind(name)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(saved).collect()
}

/// Saves the next version; two saves at once both land, one after the
/// other (the unique version refuses the loser, who is told to retry).
pub async fn save(
    conn: &mut Conn,
    name: &str,
    source: &str,
    mode: &str,
    author: &str,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let last: Option<i64> =
        sqlx::query_scalar("select max(version) from rule_version where name = $1")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
    let version = last.unwrap_or(0) + 1;
    sqlx::query(
        "insert into rule_version (name, version, source, mode, author, at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(name)
    .bind(version)
    .bind(source)
    .bind(mode)
    .bind(author)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(version)
}

/// Claims a new episode of `name` on the case; false when one is open
/// already (here or in another process).
pub async fn claim_firing(
    conn: &mut Conn,
    name: &str,
    version: i64,
    case_id: i64,
    mode: &str,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "insert into rule_firing (name, version, case_id, mode, fired_at) \
         values ($1, $2, $3, $4, $5) on conflict (name, case_id) where ended_at is null do nothing",
    )
    .bind(name)
    .bind(version)
    .bind(case_id)
    .bind(mode)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends the open episode of `name` on the case, if any.
pub async fn end_episode(
    conn: &mut Conn,
    name: &str,
    case_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update rule_firing set ended_at = $1 where name = $2 and case_id = $3 and ended_at is null",
    )
    .bind(to_millis(at))
    .bind(name)
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A firing as the log shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedFiring {
    pub name: String,
    pub version: i64,
    pub reference: String,
    pub mode: String,
    pub fired_at: Timestamp,
    pub ended_at: Option<Timestamp>,
}

/// The latest firings, of one rule or of all.
pub async fn firings(
    conn: &mut Conn,
    name: Option<&str>,
    limit: i64,
) -> Result<Vec<LoggedFiring>, StoreError> {
    let only = if name.is_some() {
        "where f.name = $2"
    } else {
        ""
    };
    let sql = format!(
        "select f.name, f.version, c.reference, f.mode, f.fired_at, f.ended_at from rule_firing f \
         join support_case c on c.case_id = f.case_id {only} \
         order by f.fired_at desc, f.rule_firing_id desc limit $1"
    );
    let mut query =
        sqlx::query_as::<_, (String, i64, String, String, i64, Option<i64>)>(&sql).bind(limit);
    if let Some(name) = name {
        query = query.bind(name);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|(name, version, reference, mode, fired, ended)| {
            Ok(LoggedFiring {
                name,
                version,
                reference,
                mode,
                fired_at: from_millis(fired)?,
                ended_at: ended.map(from_millis).transpose()?,
            })
        })
        .collect()
}

/// Cases to read: ids with their history.
pub struct Histories {
    pub ids: Vec<i64>,
    pub histories: Vec<CaseHistory>,
}

/// Every case with an event since `since` (the backtest's window), at most
/// `limit`, with its whole history: two reads whatever the number of cases
/// (a list of ids bound 1,000 at a time took most of a backtest's time on
/// PostgreSQL, one round trip per thousand cases).
pub async fn active_since(
    conn: &mut Conn,
    since: Timestamp,
    limit: i64,
) -> Result<Histories, StoreError> {
    let chosen = "select distinct case_id from case_event where at >= $1 order by case_id limit $2";
    let sql = format!(
        "select case_id, reference, customer_email, subject, description, tier \
         from support_case where case_id in ({chosen}) order by case_id"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(&sql)
        .bind(to_millis(since))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    let sql = format!(
        "select case_id, body from case_event where case_id in ({chosen}) order by case_id, seq"
    );
    let events: Vec<(i64, String)> = sqlx::query_as(&sql)
        .bind(to_millis(since))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    assemble(rows, events)
}

/// The open cases (not resolved or closed), with their histories.
pub async fn open(conn: &mut Conn, limit: i64) -> Result<Histories, StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "select case_id from support_case where stage not in ('resolved', 'closed') \
         order by case_id limit $1",
    )
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    histories(conn, ids).await
}

/// Rows per statement: well under both databases' bind limits.
const IDS_PER_QUERY: usize = 1000;

type CaseRow = (i64, String, String, String, String, String);

async fn histories(conn: &mut Conn, ids: Vec<i64>) -> Result<Histories, StoreError> {
    let mut rows: Vec<CaseRow> = Vec::with_capacity(ids.len());
    let mut events: Vec<(i64, String)> = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let list = Placeholders::for_conn(conn).list(chunk.len());
        let sql = format!(
            "select case_id, reference, customer_email, subject, description, tier \
             from support_case where case_id in ({list}) order by case_id"
        );
        let mut query = sqlx::query_as::<_, CaseRow>(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        rows.extend(query.fetch_all(&mut *conn).await?);
        let sql = format!(
            "select case_id, body from case_event where case_id in ({list}) order by case_id, seq"
        );
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        events.extend(query.fetch_all(&mut *conn).await?);
    }
    assemble(rows, events)
}

/// Cases (by id order) and their events (by id, then sequence) as histories.
fn assemble(rows: Vec<CaseRow>, events: Vec<(i64, String)>) -> Result<Histories, StoreError> {
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    let mut histories: Vec<CaseHistory> = Vec::with_capacity(rows.len());
    for (id, reference, email, subject, description, tier) in rows {
        index.insert(id, histories.len());
        ids.push(id);
        histories.push(CaseHistory {
            reference,
            customer_email: email,
            subject,
            description,
            first_tier: tier,
            events: Vec::new(),
        });
    }
    for (id, body) in events {
        let event: Event = serde_json::from_str(&body)
            .map_err(|e| StoreError::corrupt(format!("case {id} event: {e}")))?;
        if let Some(at) = index.get(&id) {
            histories[*at].events.push(event);
        }
    }
    for case in &mut histories {
        // The tier it started at: before its first move, if it moved.
        let first_move = case.events.iter().find_map(|e| match &e.kind {
            EventKind::Escalated { from, .. } | EventKind::Deescalated { from, .. } => {
                Some(from.code().to_owned())
            }
            _ => None,
        });
        if let Some(tier) = first_move {
            case.first_tier = tier;
        }
    }
    Ok(Histories { ids, histories })
}

/// Asks a person to approve `action` on the case; false when the same
/// request is pending already.
pub async fn ask_approval(
    conn: &mut Conn,
    name: &str,
    version: i64,
    case_id: i64,
    action: &str,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "insert into rule_approval (name, version, case_id, action, state, asked_at) \
         values ($1, $2, $3, $4, 'pending', $5) \
         on conflict (name, case_id, action) where state = 'pending' do nothing",
    )
    .bind(name)
    .bind(version)
    .bind(case_id)
    .bind(action)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An action waiting for a person, or decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    pub id: i64,
    pub name: String,
    pub reference: String,
    pub action: String,
    pub state: String,
    pub asked_at: Timestamp,
}

pub async fn pending_approvals(conn: &mut Conn) -> Result<Vec<Approval>, StoreError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "select a.approval_id, a.name, c.reference, a.action, a.state, a.asked_at \
         from rule_approval a join support_case c on c.case_id = a.case_id \
         where a.state = 'pending' order by a.asked_at, a.approval_id limit 200",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(id, name, reference, action, state, at)| {
            Ok(Approval {
                id,
                name,
                reference,
                action,
                state,
                asked_at: from_millis(at)?,
            })
        })
        .collect()
}

/// Decides a pending request; `None` when there is none by that id (or it
/// was decided already, here or in another process).
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    state: &str,
    by: i64,
    outcome: &str,
    at: Timestamp,
) -> Result<Option<Approval>, StoreError> {
    let done = sqlx::query(
        "update rule_approval set state = $1, decided_by = $2, decided_at = $3, outcome = $4 \
         where approval_id = $5 and state = 'pending'",
    )
    .bind(state)
    .bind(by)
    .bind(to_millis(at))
    .bind(outcome)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let row: (i64, String, String, String, String, i64) = sqlx::query_as(
        "select a.approval_id, a.name, c.reference, a.action, a.state, a.asked_at \
         from rule_approval a join support_case c on c.case_id = a.case_id where a.approval_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let (id, name, reference, action, state, asked) = row;
    Ok(Some(Approval {
        id,
        name,
        reference,
        action,
        state,
        asked_at: from_millis(asked)?,
    }))
}

/// Per rule: how many of its requests people approved and rejected.
pub async fn decisions(conn: &mut Conn) -> Result<HashMap<String, (i64, i64)>, StoreError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "select name, state, count(*) from rule_approval where state <> 'pending' group by name, state",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut counts: HashMap<String, (i64, i64)> = HashMap::new();
    for (name, state, count) in rows {
        let entry = counts.entry(name).or_default();
        if state == "approved" {
            entry.0 += count;
        } else {
            entry.1 += count;
        }
    }
    Ok(counts)
}

/// How many times each rule fired in `[from, to)`, per mode (shadow or
/// active), by rule name.
pub async fn firing_counts(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "select name, mode, count(*) from rule_firing where fired_at >= $1 and fired_at < $2 \
         group by name, mode order by name, mode",
    )
    .bind(to_millis(from))
    .bind(to_millis(to))
    .fetch_all(&mut *conn)
    .await?)
}
