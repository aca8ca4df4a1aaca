//! The transactional outbox: notifications stored with their cause.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::sla::alerts::SlaAlert;
use jiff::Timestamp;

/// A notification as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: String,
    pub message: String,
    pub created_at: Timestamp,
}

pub async fn add_alerts(
    conn: &mut Conn,
    case_id: i64,
    alerts: &[SlaAlert],
    now: Timestamp,
) -> Result<(), StoreError> {
    for alert in alerts {
        sqlx::query(
            "insert into outbox (case_id, kind, recipient, message, created_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(case_id)
        .bind(alert.kind)
        .bind(&alert.recipient)
        .bind(&alert.message)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The newest notifications for a member: those to them and to their role.
pub async fn for_member(
    conn: &mut Conn,
    staff_id: i64,
    role: &str,
    limit: i64,
) -> Result<Vec<Notice>, StoreError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "select kind, message, created_at from outbox where recipient = $1 or recipient = $2 \
         order by created_at desc, outbox_id desc limit $3",
    )
    .bind(format!("staff:{staff_id}"))
    .bind(format!("role:{role}"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, message, at)| {
            Ok(Notice {
                kind,
                message,
                created_at: from_millis(at)?,
            })
        })
        .collect()
}
