//! What reports read: one row per case raised in a period. Grouping and
//! counting happen in the domain (`domain::report`), the same on both
//! backends.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::report::{CaseFact, TierMove, tiers};
use crate::domain::{Event, EventKind};
use jiff::Timestamp;

/// Every case raised in `[from, to)`, with what became of it: a missed SLA
/// clock, an escalation, a reopening, its rating, when we first replied and
/// first solved it, and its tier moves. Two statements; the sub-queries use
/// the events' `(case_id, seq)` index.
pub async fn case_facts(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CaseFact>, StoreError> {
    let has = |kind: &str| {
        format!(
            "cast(case when exists (select 1 from case_event e where e.case_id = c.case_id \
             and e.kind = '{kind}') then 1 else 0 end as bigint)"
        )
    };
    let at = |bound: &str, kind: &str| {
        format!(
            "(select {bound}(e.at) from case_event e where e.case_id = c.case_id and e.kind = '{kind}')"
        )
    };
    let sql = format!(
        "select c.case_id, c.reference, c.subject, c.severity, c.tier, c.customer_email, s.team, \
         {} as breached, {} as escalated, c.reopen_count as reopens, c.created_at as created, \
         {} as replied, {} as solved, {} as last_solved, \
         (select e.body from case_event e where e.case_id = c.case_id and e.kind = 'confirmed' \
          order by e.seq desc limit 1) as confirmed \
         from support_case c left join staff s on s.staff_id = c.assignee_id \
         where c.created_at >= $1 and c.created_at < $2 order by c.case_id",
        has("sla_breached"),
        has("escalated"),
        at("min", "public_update"),
        at("min", "solved"),
        at("max", "solved"),
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(to_millis(from))
        .bind(to_millis(to))
        .fetch_all(&mut *conn)
        .await?;
    let mut moves = tier_moves(conn, from, to).await?.into_iter().peekable();
    let hours = |start: i64, end: Option<i64>| end.map(|end| (end - start) as f64 / 3_600_000.0);
    let mut facts = Vec::with_capacity(rows.len());
    for row in rows {
        let mut own = Vec::new();
        // Both lists are in case order: take this case's moves off the front.
        while moves.peek().is_some_and(|(id, _)| *id <= row.case_id) {
            let (id, m) = moves.next().expect("peeked");
            if id == row.case_id {
                own.push(m);
            }
        }
        facts.push(CaseFact {
            stays: tiers::stays(&row.tier, row.created, &own, row.last_solved),
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
            rating: row.confirmed.as_deref().and_then(rating_of),
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
    confirmed: Option<String>,
}

/// The escalations and hand-backs of the cases raised in `[from, to)`, in
/// case and event order.
async fn tier_moves(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(i64, TierMove)>, StoreError> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "select e.case_id, e.at, e.body from case_event e \
         join support_case c on c.case_id = e.case_id \
         where c.created_at >= $1 and c.created_at < $2 \
         and e.kind in ('escalated', 'deescalated') order by e.case_id, e.seq",
    )
    .bind(to_millis(from))
    .bind(to_millis(to))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(case_id, at, body)| {
            let (from, to) = match serde_json::from_str::<Event>(&body).ok()?.kind {
                EventKind::Escalated { from, to, .. } | EventKind::Deescalated { from, to, .. } => {
                    (from, to)
                }
                _ => return None,
            };
            Some((
                case_id,
                TierMove {
                    at,
                    from: from.code().to_owned(),
                    to: to.code().to_owned(),
                },
            ))
        })
        .collect())
}

/// The rating in a stored `confirmed` event, if the customer gave one.
fn rating_of(body: &str) -> Option<u8> {
    match serde_json::from_str::<Event>(body).ok()?.kind {
        EventKind::Confirmed { rating, .. } => rating,
        _ => None,
    }
}
