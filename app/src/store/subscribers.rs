//! Who hears about a case, and the private links their emails carry.

use super::{Conn, Placeholders, StoreError, to_millis};
use jiff::Timestamp;

/// The customer who raised the case, or someone they copied in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriberRole {
    Customer,
    /// Copied in and agreed to (by the rules of their time, by the customer or by staff).
    Copied,
    /// Copied in on an email; hears nothing until the customer or staff agree.
    Invited,
}

impl SubscriberRole {
    pub fn code(self) -> &'static str {
        match self {
            SubscriberRole::Customer => "customer",
            SubscriberRole::Copied | SubscriberRole::Invited => "cc",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscriber {
    pub subscriber_id: i64,
    pub case_id: i64,
    pub email: String,
    pub name: String,
    pub unsubscribed: bool,
    /// False while an invitation waits for the customer's or staff's agreement.
    pub agreed: bool,
}

/// Adds a subscriber, or returns the one with that address (addresses
/// compare case-insensitively; they are stored lower-case).
pub async fn add(
    conn: &mut Conn,
    case_id: i64,
    email: &str,
    name: &str,
    role: SubscriberRole,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let email = email.trim().to_lowercase();
    let existing: Option<i64> = sqlx::query_scalar(
        "select subscriber_id from subscriber where case_id = $1 and email = $2",
    )
    .bind(case_id)
    .bind(&email)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let agreed_at = (role != SubscriberRole::Invited).then(|| to_millis(now));
    Ok(sqlx::query_scalar(
        "insert into subscriber (case_id, email, name, role, created_at, agreed_at) \
         values ($1, $2, $3, $4, $5, $6) returning subscriber_id",
    )
    .bind(case_id)
    .bind(&email)
    .bind(name)
    .bind(role.code())
    .bind(to_millis(now))
    .bind(agreed_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// The customer of a case just inserted in this transaction.
pub struct NewCustomer<'a> {
    pub case_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub at: Timestamp,
}

/// Subscribes the customers of new cases in one statement (a new case has
/// no subscriber to look for first). Returns their ids in the order given.
pub async fn add_customers(
    conn: &mut Conn,
    customers: &[NewCustomer<'_>],
) -> Result<Vec<i64>, StoreError> {
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let values = Placeholders::for_conn(conn).rows(customers.len(), 6);
    let sql = format!(
        "insert into subscriber (case_id, email, name, role, created_at, agreed_at) \
         values {values} returning subscriber_id, case_id"
    );
    let mut insert = sqlx::query_as::<_, (i64, i64)>(&sql);
    for customer in customers {
        insert = insert
            .bind(customer.case_id)
            .bind(customer.email.trim().to_lowercase())
            .bind(customer.name)
            .bind(SubscriberRole::Customer.code())
            .bind(to_millis(customer.at))
            .bind(to_millis(customer.at));
    }
    // RETURNING has no promised order: match by case.
    let made: std::collections::HashMap<i64, i64> = insert
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(subscriber_id, case_id)| (case_id, subscriber_id))
        .collect();
    customers
        .iter()
        .map(|customer| {
            made.get(&customer.case_id)
                .copied()
                .ok_or_else(|| StoreError::corrupt("a new subscriber came back without its id"))
        })
        .collect()
}

type SubscriberRow = (i64, i64, String, String, Option<i64>, Option<i64>);

fn from_row(
    (subscriber_id, case_id, email, name, unsubscribed_at, agreed_at): SubscriberRow,
) -> Subscriber {
    Subscriber {
        subscriber_id,
        case_id,
        email,
        name,
        unsubscribed: unsubscribed_at.is_some(),
        agreed: agreed_at.is_some(),
    }
}

/// Everyone still subscribed to a case, the customer first.
pub async fn active(conn: &mut Conn, case_id: i64) -> Result<Vec<Subscriber>, StoreError> {
    let rows: Vec<SubscriberRow> = sqlx::query_as(
        "select subscriber_id, case_id, email, name, unsubscribed_at, agreed_at from subscriber \
         where case_id = $1 and unsubscribed_at is null and agreed_at is not null \
         order by subscriber_id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Everyone still subscribed to a case linked to the incident now, with
/// the case's reference: in the order the cases were linked, the customer
/// of each case first.
pub async fn active_for_incident(
    conn: &mut Conn,
    incident_id: i64,
) -> Result<Vec<(Subscriber, String)>, StoreError> {
    type Row = (i64, i64, String, String, Option<i64>, Option<i64>, String);
    let rows: Vec<Row> = sqlx::query_as(
        "select s.subscriber_id, s.case_id, s.email, s.name, s.unsubscribed_at, s.agreed_at, \
         c.reference from incident_case l join subscriber s on s.case_id = l.case_id \
         join support_case c on c.case_id = l.case_id \
         where l.incident_id = $1 and l.left_at is null \
         and s.unsubscribed_at is null and s.agreed_at is not null \
         order by l.linked_at, l.case_id, s.subscriber_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, case_id, email, name, unsubscribed, agreed, reference)| {
                (
                    from_row((id, case_id, email, name, unsubscribed, agreed)),
                    reference,
                )
            },
        )
        .collect())
}

/// The subscriber with this address on the case, whatever their state.
pub async fn find(
    conn: &mut Conn,
    case_id: i64,
    email: &str,
) -> Result<Option<Subscriber>, StoreError> {
    let row: Option<SubscriberRow> = sqlx::query_as(
        "select subscriber_id, case_id, email, name, unsubscribed_at, agreed_at from subscriber \
         where case_id = $1 and email = $2",
    )
    .bind(case_id)
    .bind(email.trim().to_lowercase())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(from_row))
}

/// What makes a subscriber row an invitation still waiting for an answer:
/// listed, answered and shown on the status page by this one test.
pub(super) const OPEN_INVITATION: &str = "unsubscribed_at is null and agreed_at is null";

/// Invitations waiting for the customer's or staff's agreement, oldest first.
pub async fn invited(conn: &mut Conn, case_id: i64) -> Result<Vec<Subscriber>, StoreError> {
    let sql = format!(
        "select subscriber_id, case_id, email, name, unsubscribed_at, agreed_at from subscriber \
         where case_id = $1 and {OPEN_INVITATION} order by subscriber_id"
    );
    let rows: Vec<SubscriberRow> = sqlx::query_as(&sql)
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Answers an invitation: agreed, they follow the case; declined, they are
/// kept as unsubscribed, so the next email does not invite them again.
/// False when there was no invitation to answer.
pub async fn answer_invitation(
    conn: &mut Conn,
    case_id: i64,
    email: &str,
    agree: bool,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let column = if agree {
        "agreed_at"
    } else {
        "unsubscribed_at"
    };
    let done = sqlx::query(&format!(
        "update subscriber set {column} = $1 \
         where case_id = $2 and email = $3 and {OPEN_INVITATION}"
    ))
    .bind(to_millis(now))
    .bind(case_id)
    .bind(email.trim().to_lowercase())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every emailed link of a case (staff, e.g. after a link leaked);
/// returns how many were still good.
pub async fn revoke_links(
    conn: &mut Conn,
    case_id: i64,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "update case_link set revoked_at = $1 where case_id = $2 and revoked_at is null",
    )
    .bind(to_millis(now))
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Whether `email` may write to the case by email: its customer or a
/// follower the customer agreed to (who may have stopped the emails since).
pub async fn is_subscriber(conn: &mut Conn, case_id: i64, email: &str) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "select subscriber_id from subscriber \
         where case_id = $1 and email = $2 and agreed_at is not null",
    )
    .bind(case_id)
    .bind(email.trim().to_lowercase())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.is_some())
}

pub async fn unsubscribe(
    conn: &mut Conn,
    subscriber_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update subscriber set unsubscribed_at = $1 where subscriber_id = $2 and unsubscribed_at is null",
    )
    .bind(to_millis(now))
    .bind(subscriber_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores the hash of a link token minted for one email. A link derived
/// from another secret (the same token each time) is stored once.
pub async fn add_link(
    conn: &mut Conn,
    token_hash: &str,
    case_id: i64,
    subscriber_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into case_link (token_hash, case_id, subscriber_id, created_at) \
         values ($1, $2, $3, $4) on conflict (token_hash) do nothing",
    )
    .bind(token_hash)
    .bind(case_id)
    .bind(subscriber_id)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A link's case reference and subscriber, found by the token's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub reference: String,
    pub subscriber: Subscriber,
    /// Staff revoked it: it opens nothing any more.
    pub revoked: bool,
    /// When the email carrying it was made.
    pub created_at: jiff::Timestamp,
}

pub async fn find_link(conn: &mut Conn, token_hash: &str) -> Result<Option<Link>, StoreError> {
    type LinkRow = (
        String,
        i64,
        i64,
        String,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        i64,
    );
    let row: Option<LinkRow> = sqlx::query_as(
        "select c.reference, s.subscriber_id, s.case_id, s.email, s.name, s.unsubscribed_at, \
         s.agreed_at, l.revoked_at, l.created_at from case_link l join subscriber s on s.subscriber_id = l.subscriber_id \
         join support_case c on c.case_id = l.case_id where l.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(
        |(
            reference,
            id,
            case_id,
            email,
            name,
            unsubscribed_at,
            agreed_at,
            revoked_at,
            created_at,
        )| {
            Ok(Link {
                reference,
                subscriber: from_row((id, case_id, email, name, unsubscribed_at, agreed_at)),
                revoked: revoked_at.is_some(),
                created_at: super::from_millis(created_at)?,
            })
        },
    )
    .transpose()
}
