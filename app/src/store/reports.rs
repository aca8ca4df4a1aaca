//! What reports read: one row per case raised in a period. Grouping and
//! counting happen in the domain (`domain::report`), the same on both
//! backends.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::report::{CaseFact, TierMove, tiers};
use crate::domain::{Event, EventKind};
use jiff::Timestamp;

/// Every case raised in `[from, to)`, with what became of it: a missed SLA
/// clock, an escalation, a reopening, its rating, when we first replied and
/// first solved it, and its tier moves. Two statements: one pass over the
/// period's events grouped by case (not a sub-query per fact and case,
/// which cost PostgreSQL twice as much), and the few events whose bodies
/// count (tier moves, ratings).
pub async fn case_facts(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CaseFact>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select c.case_id, c.reference, c.subject, c.severity, c.tier, c.customer_email, s.team, \
         coalesce(ev.breached, 0) as breached, coalesce(ev.escalated, 0) as escalated, \
         c.reopen_count as reopens, c.created_at as created, \
         ev.replied, ev.solved, ev.last_solved \
         from support_case c left join staff s on s.staff_id = c.assignee_id \
         left join (select e.case_id, \
             cast(max(case when e.kind = 'sla_breached' then 1 else 0 end) as bigint) as breached, \
             cast(max(case when e.kind = 'escalated' then 1 else 0 end) as bigint) as escalated, \
             min(case when e.kind = 'public_update' then e.at end) as replied, \
             min(case when e.kind = 'solved' then e.at end) as solved, \
             max(case when e.kind = 'solved' then e.at end) as last_solved \
           from case_event e join support_case k on k.case_id = e.case_id \
           where k.created_at >= $1 and k.created_at < $2 group by e.case_id) ev \
           on ev.case_id = c.case_id \
         where c.created_at >= $1 and c.created_at < $2 order by c.case_id",
    )
    .bind(to_millis(from))
    .bind(to_millis(to))
    .fetch_all(&mut *conn)
    .await?;
    let mut told = told_events(conn, from, to).await?.into_iter().peekable();
    let hours = |start: i64, end: Option<i64>| end.map(|end| (end - start) as f64 / 3_600_000.0);
    let mut facts = Vec::with_capacity(rows.len());
    for row in rows {
        let mut moves = Vec::new();
        let mut rating = None;
        // Both lists are in case order: take this case's events off the front.
        while told.peek().is_some_and(|(id, _)| *id <= row.case_id) {
            let (id, told) = told.next().expect("peeked");
            if id != row.case_id {
                continue;
            }
            match told {
                Told::Moved(m) => moves.push(m),
                // The last confirmation's rating counts.
                Told::Rated(r) => rating = r,
            }
        }
        facts.push(CaseFact {
            stays: tiers::stays(&row.tier, row.created, &moves, row.last_solved),
            raised: from_millis(row.created)?,
            reference: row.reference,
            subject: row.subject,
            severity: row.severity,
            tier: row.tier,
            team: row.team.filter(|t| !t.trim().is_empty()),
            customer_email: row.customer_email,
            breached: row.breached != 0,
            escalated: row.escalated != 0,
            reopened: row.reopens > 0,
            rating,
            first_reply_hours: hours(row.created, row.replied),
            resolution_hours: hours(row.created, row.solved),
        });
    }
    Ok(facts)
}

#[derive(sqlx::FromRow)]
struct Row {
    case_id: i64,
    reference: String,
    subject: String,
    severity: String,
    tier: String,
    customer_email: String,
    team: Option<String>,
    breached: i64,
    escalated: i64,
    reopens: i64,
    created: i64,
    replied: Option<i64>,
    solved: Option<i64>,
    last_solved: Option<i64>,
}

/// An event whose body a report reads.
enum Told {
    Moved(TierMove),
    /// A confirmation, with the rating if the customer gave one.
    Rated(Option<u8>),
}

/// The tier moves and confirmations of the cases raised in `[from, to)`,
/// in case and event order.
async fn told_events(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(i64, Told)>, StoreError> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "select e.case_id, e.at, e.body from case_event e \
         join support_case c on c.case_id = e.case_id \
         where c.created_at >= $1 and c.created_at < $2 \
         and e.kind in ('escalated', 'deescalated', 'confirmed') order by e.case_id, e.seq",
    )
    .bind(to_millis(from))
    .bind(to_millis(to))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(case_id, at, body)| {
            let told = match serde_json::from_str::<Event>(&body).ok()?.kind {
                EventKind::Escalated { from, to, .. } | EventKind::Deescalated { from, to, .. } => {
                    Told::Moved(TierMove {
                        at,
                        from: from.code().to_owned(),
                        to: to.code().to_owned(),
                    })
                }
                EventKind::Confirmed { rating, .. } => Told::Rated(rating),
                _ => return None,
            };
            Some((case_id, told))
        })
        .collect())
}
