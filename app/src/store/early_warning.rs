//! The early-warning desk's records: flags (one per case, claimed once),
//! interventions, and what the score reads beyond a case's own history.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::{Event, EventKind};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

/// Flags the case the first time it reaches the threshold; false when it
/// was flagged before (here or in another process).
pub async fn flag_once(
    conn: &mut Conn,
    case_id: i64,
    score: u32,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "insert into early_warning_flag (case_id, flagged_at, score) values ($1, $2, $3) \
         on conflict (case_id) do nothing",
    )
    .bind(case_id)
    .bind(to_millis(at))
    .bind(i64::from(score))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn record_intervention(
    conn: &mut Conn,
    case_id: i64,
    kind: &str,
    staff_id: i64,
    note: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into early_warning_intervention (case_id, kind, staff_id, note, at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(kind)
    .bind(staff_id)
    .bind(note)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A flagged case and what happened after its flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlaggedCase {
    pub case_id: i64,
    pub flagged_at: Timestamp,
    /// Someone acted on it from the desk after the flag.
    pub intervened: bool,
    /// Escalated, breached or reopened, with when.
    pub bad_at: Vec<Timestamp>,
}

/// The cases flagged since `since`, each with its interventions and bad
/// outcomes after the flag.
pub async fn flagged_since(
    conn: &mut Conn,
    since: Timestamp,
) -> Result<Vec<FlaggedCase>, StoreError> {
    let flags: Vec<(i64, i64)> = sqlx::query_as(
        "select case_id, flagged_at from early_warning_flag where flagged_at >= $1 order by flagged_at",
    )
    .bind(to_millis(since))
    .fetch_all(&mut *conn)
    .await?;
    let acted: HashSet<i64> = sqlx::query_scalar::<_, i64>(
        "select distinct i.case_id from early_warning_intervention i \
         join early_warning_flag f on f.case_id = i.case_id \
         where f.flagged_at >= $1 and i.at >= f.flagged_at",
    )
    .bind(to_millis(since))
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let bad: Vec<(i64, i64)> = sqlx::query_as(
        "select e.case_id, e.at from case_event e join early_warning_flag f on f.case_id = e.case_id \
         where f.flagged_at >= $1 and e.at >= f.flagged_at \
         and e.kind in ('escalated', 'sla_breached', 'reopened')",
    )
    .bind(to_millis(since))
    .fetch_all(&mut *conn)
    .await?;
    let mut bad_by_case: HashMap<i64, Vec<Timestamp>> = HashMap::new();
    for (case_id, at) in bad {
        bad_by_case
            .entry(case_id)
            .or_default()
            .push(from_millis(at)?);
    }
    flags
        .into_iter()
        .map(|(case_id, at)| {
            Ok(FlaggedCase {
                case_id,
                flagged_at: from_millis(at)?,
                intervened: acted.contains(&case_id),
                bad_at: bad_by_case.remove(&case_id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The rules whose episode is open, per case.
pub async fn open_rule_flags(conn: &mut Conn) -> Result<HashMap<i64, Vec<String>>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "select case_id, name from rule_firing where ended_at is null order by name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut flags: HashMap<i64, Vec<String>> = HashMap::new();
    for (case_id, name) in rows {
        flags.entry(case_id).or_default().push(name);
    }
    Ok(flags)
}

/// The accounts (email domains) that rated a case 1 or 2 since `since`.
pub async fn low_rating_accounts(
    conn: &mut Conn,
    since: Timestamp,
) -> Result<HashSet<String>, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select c.customer_email, e.body from case_event e \
         join support_case c on c.case_id = e.case_id \
         where e.kind = 'confirmed' and e.at >= $1",
    )
    .bind(to_millis(since))
    .fetch_all(&mut *conn)
    .await?;
    let mut accounts = HashSet::new();
    for (email, body) in rows {
        let Ok(event) = serde_json::from_str::<Event>(&body) else {
            continue;
        };
        if let EventKind::Confirmed {
            rating: Some(rating),
            ..
        } = event.kind
            && rating <= 2
            && let Some((_, domain)) = email.rsplit_once('@')
        {
            accounts.insert(domain.to_ascii_lowercase());
        }
    }
    Ok(accounts)
}

/// The latest interventions on the given cases, newest first.
pub async fn interventions(
    conn: &mut Conn,
    case_id: i64,
) -> Result<Vec<(String, String, String, Timestamp)>, StoreError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "select i.kind, s.name, i.note, i.at from early_warning_intervention i \
         join staff s on s.staff_id = i.staff_id where i.case_id = $1 order by i.at desc",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, name, note, at)| Ok((kind, name, note, from_millis(at)?)))
        .collect()
}
