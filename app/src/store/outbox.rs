//! The transactional outbox: notifications stored with their cause.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
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
    add_alerts_many(conn, &[(case_id, alerts)], now).await
}

/// A console alert about no single case (a major incident), to
/// `staff:{id}` or `role:{role}`.
pub async fn add_general_alert(
    conn: &mut Conn,
    recipient: &str,
    kind: &str,
    message: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into outbox (case_id, kind, recipient, message, created_at) \
         values (null, $1, $2, $3, $4)",
    )
    .bind(kind)
    .bind(recipient)
    .bind(message)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rows per insert: 5 values each stays under SQLite's limit of 32,766.
const ALERTS_PER_INSERT: usize = 1000;

/// Stores many cases' alerts, one insert per `ALERTS_PER_INSERT`.
pub async fn add_alerts_many(
    conn: &mut Conn,
    cases: &[(i64, &[SlaAlert])],
    now: Timestamp,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, &SlaAlert)> = cases
        .iter()
        .flat_map(|(case_id, alerts)| alerts.iter().map(move |a| (*case_id, a)))
        .collect();
    for chunk in rows.chunks(ALERTS_PER_INSERT) {
        let values = Placeholders::for_conn(conn).rows(chunk.len(), 5);
        let sql = format!(
            "insert into outbox (case_id, kind, recipient, message, created_at) values {values}"
        );
        let mut insert = sqlx::query(&sql);
        for (case_id, alert) in chunk {
            insert = insert
                .bind(*case_id)
                .bind(alert.kind)
                .bind(alert.recipient.as_str())
                .bind(alert.message.as_str())
                .bind(to_millis(now));
        }
        insert.execute(&mut *conn).await?;
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
        "select kind, message, created_at from outbox where channel = 'console' \
         and (recipient = $1 or recipient = $2) order by created_at desc, outbox_id desc limit $3",
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

/// Where a delivery goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Email,
    /// A signed JSON POST.
    Webhook,
    /// A Slack-compatible `{"text": ...}` POST.
    Slack,
    /// A signed JSON POST to one account's own URL, signed with that
    /// account's own secret; the delivery's `subject` names the account.
    AccountWebhook,
}

impl Route {
    pub fn code(self) -> &'static str {
        match self {
            Route::Email => "email",
            Route::Webhook => "webhook",
            Route::Slack => "slack",
            Route::AccountWebhook => "account_webhook",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Route::Email,
            Route::Webhook,
            Route::Slack,
            Route::AccountWebhook,
        ]
        .into_iter()
        .find(|r| r.code() == raw)
    }
}

/// A message to deliver: an email (recipient is an address) or a webhook
/// call (recipient is the URL, message the body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub case_id: Option<i64>,
    pub route: Route,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub message: String,
    /// For emails: the one-click unsubscribe address, or empty.
    pub unsubscribe_url: String,
}

/// Stores a delivery with its cause; the sender picks it up at once.
pub async fn enqueue(
    conn: &mut Conn,
    delivery: &Delivery,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into outbox (case_id, kind, recipient, message, created_at, channel, subject, \
         next_attempt_at, unsubscribe_url) values ($1, $2, $3, $4, $5, $6, $7, $5, $8)",
    )
    .bind(delivery.case_id)
    .bind(&delivery.kind)
    .bind(&delivery.recipient)
    .bind(&delivery.message)
    .bind(to_millis(now))
    .bind(delivery.route.code())
    .bind(&delivery.subject)
    .bind(&delivery.unsubscribe_url)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A delivery the sender holds: its row id, the case's reference for mail
/// threading, and how often it was tried before.
#[derive(Clone, Debug)]
pub struct Pending {
    pub outbox_id: i64,
    pub reference: Option<String>,
    pub attempts: i64,
    pub delivery: Delivery,
}

type PendingRow = (
    i64,
    Option<i64>,
    Option<String>,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// A due row the sender cannot make sense of (say, a route a newer version
/// wrote): it is set aside with its error instead of blocking the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub outbox_id: i64,
    pub error: String,
}

/// Deliveries due at `now` that no sender holds, oldest first.
pub async fn due(
    conn: &mut Conn,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<Result<Pending, Unreadable>>, StoreError> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "select o.outbox_id, o.case_id, c.reference, o.attempts, o.channel, o.kind, o.recipient, \
         o.subject, o.message, o.unsubscribe_url from outbox o left join support_case c on c.case_id = o.case_id \
         where o.next_attempt_at <= $1 and (o.claimed_until is null or o.claimed_until < $1) \
         order by o.next_attempt_at, o.outbox_id limit $2",
    )
    .bind(to_millis(now))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                outbox_id,
                case_id,
                reference,
                attempts,
                channel,
                kind,
                recipient,
                subject,
                message,
                unsubscribe_url,
            )| {
                let route = Route::parse(&channel).ok_or_else(|| Unreadable {
                    outbox_id,
                    error: format!("unknown delivery route {channel:?}"),
                })?;
                Ok(Pending {
                    outbox_id,
                    reference,
                    attempts,
                    delivery: Delivery {
                        case_id,
                        route,
                        kind,
                        recipient,
                        subject,
                        message,
                        unsubscribe_url,
                    },
                })
            },
        )
        .collect())
}

/// Takes a delivery for `lease`; false when another sender holds it or it
/// was delivered meanwhile.
pub async fn claim(
    conn: &mut Conn,
    outbox_id: i64,
    now: Timestamp,
    until: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "update outbox set claimed_until = $1, attempts = attempts + 1 where outbox_id = $2 \
         and next_attempt_at is not null and (claimed_until is null or claimed_until < $3)",
    )
    .bind(to_millis(until))
    .bind(outbox_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a delivery done. An email's body is dropped: it held a private
/// link, and the words are in the case's history anyway.
pub async fn mark_sent(conn: &mut Conn, outbox_id: i64, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query(
        "update outbox set sent_at = $1, next_attempt_at = null, claimed_until = null, last_error = null, \
         message = case when channel = 'email' then '' else message end, unsubscribe_url = '' where outbox_id = $2",
    )
    .bind(to_millis(now))
    .bind(outbox_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a failed try; `retry_at` is `None` when it is given up.
pub async fn mark_failed(
    conn: &mut Conn,
    outbox_id: i64,
    error: &str,
    retry_at: Option<Timestamp>,
) -> Result<(), StoreError> {
    sqlx::query(
        "update outbox set next_attempt_at = $1, claimed_until = null, last_error = $2 where outbox_id = $3",
    )
    .bind(retry_at.map(to_millis))
    .bind(error)
    .bind(outbox_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A delivery's state, for tests.
#[cfg(feature = "testing")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryState {
    pub route: String,
    pub kind: String,
    pub recipient: String,
    pub attempts: i64,
    pub sent: bool,
    pub last_error: Option<String>,
}

#[cfg(feature = "testing")]
pub async fn deliveries_for_case(
    conn: &mut Conn,
    case_id: i64,
) -> Result<Vec<DeliveryState>, StoreError> {
    type Row = (String, String, String, i64, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "select channel, kind, recipient, attempts, sent_at, last_error from outbox \
         where case_id = $1 and channel <> 'console' order by outbox_id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(route, kind, recipient, attempts, sent_at, last_error)| DeliveryState {
                route,
                kind,
                recipient,
                attempts,
                sent: sent_at.is_some(),
                last_error,
            },
        )
        .collect())
}
