//! What reports read: one row per case raised in a period. Grouping and
//! counting happen in the domain (`domain::report`), the same on both
//! backends.

use super::{Conn, StoreError, to_millis};
use crate::domain::report::SlaFact;
use jiff::Timestamp;

/// Every case raised in `[from, to)`, with whether any SLA clock ran out.
pub async fn sla_facts(
    conn: &mut Conn,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<SlaFact>, StoreError> {
    type Row = (String, String, String, String, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "select c.reference, c.severity, c.tier, c.customer_email, s.team, \
         cast(case when exists (select 1 from case_event e \
           where e.case_id = c.case_id and e.kind = 'sla_breached') then 1 else 0 end as bigint) \
         from support_case c left join staff s on s.staff_id = c.assignee_id \
         where c.created_at >= $1 and c.created_at < $2 order by c.created_at",
    )
    .bind(to_millis(from))
    .bind(to_millis(to))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(reference, severity, tier, customer_email, team, breached)| SlaFact {
                reference,
                severity,
                tier,
                team: team.filter(|t| !t.trim().is_empty()),
                customer_email,
                breached: breached != 0,
            },
        )
        .collect())
}
