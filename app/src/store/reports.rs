//! What reports read: one row per case raised in a period. Grouping and
//! counting happen in the domain (`domain::report`), the same on both
//! backends.

use super::{Conn, StoreError, to_millis};
use crate::domain::report::CaseFact;
use crate::domain::{Event, EventKind};
use jiff::Timestamp;

/// Every case raised in `[from, to)`, with what became of it: a missed SLA
/// clock, an escalation, a reopening, its rating, and when we first replied
/// and first solved it. One statement; the sub-queries use the events'
/// `(case_id, seq)` index.
pub async fn case_facts(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<CaseFact>, StoreError> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
        i64,
        i64,
        i64,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let has = |kind: &str| {
        format!(
            "cast(case when exists (select 1 from case_event e where e.case_id = c.case_id \
             and e.kind = '{kind}') then 1 else 0 end as bigint)"
        )
    };
    let first = |kind: &str| {
        format!(
            "(select min(e.at) from case_event e where e.case_id = c.case_id and e.kind = '{kind}')"
        )
    };
    let sql = format!(
        "select c.reference, c.severity, c.tier, c.customer_email, s.team, {}, {}, c.reopen_count, \
         c.created_at, {}, {}, \
         (select e.body from case_event e where e.case_id = c.case_id and e.kind = 'confirmed' \
          order by e.seq desc limit 1) \
         from support_case c left join staff s on s.staff_id = c.assignee_id \
         where c.created_at >= $1 and c.created_at < $2 order by c.created_at",
        has("sla_breached"),
        has("escalated"),
        first("public_update"),
        first("solved"),
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(to_millis(from))
        .bind(to_millis(to))
        .fetch_all(&mut *conn)
        .await?;
    let hours = |start: i64, end: Option<i64>| end.map(|end| (end - start) as f64 / 3_600_000.0);
    Ok(rows
        .into_iter()
        .map(
            |(
                reference,
                severity,
                tier,
                customer_email,
                team,
                breached,
                escalated,
                reopens,
                created,
                replied,
                solved,
                confirmed,
            )| {
                CaseFact {
                    reference,
                    severity,
                    tier,
                    team: team.filter(|t| !t.trim().is_empty()),
                    customer_email,
                    breached: breached != 0,
                    escalated: escalated != 0,
                    reopened: reopens > 0,
                    rating: confirmed.as_deref().and_then(rating_of),
                    first_reply_hours: hours(created, replied),
                    resolution_hours: hours(created, solved),
                }
            },
        )
        .collect())
}

/// The rating in a stored `confirmed` event, if the customer gave one.
fn rating_of(body: &str) -> Option<u8> {
    match serde_json::from_str::<Event>(body).ok()?.kind {
        EventKind::Confirmed { rating, .. } => rating,
        _ => None,
    }
}
