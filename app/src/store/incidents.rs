//! Major incidents: the incident row, its role holders, timeline, situation
//! updates, linked cases and (for drills) the messages it would have sent.
//! A change to an incident takes its row first (`find_for_change`), then
//! the linked case rows: one lock order.

use super::{Conn, Placeholders, StoreError, from_millis, to_millis};
use crate::domain::incident::{Incident, IncidentReference, IncidentRole, Review, SituationUpdate};
use jiff::Timestamp;

/// An incident as stored, with its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredIncident {
    pub id: i64,
    pub incident: Incident,
    pub declared_by: String,
}

/// A member of staff as the war room shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub staff_id: i64,
    pub name: String,
    pub email: String,
}

/// Who held a role, from when until when (`None`: holds it now).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    pub role: IncidentRole,
    pub person: Person,
    pub since: Timestamp,
    pub until: Option<Timestamp>,
}

/// One line of the war room's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: String,
    pub body: String,
    pub author: Option<String>,
    pub at: Timestamp,
}

/// A published situation update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedUpdate {
    pub update: SituationUpdate,
    pub published_by: String,
    pub published_at: Timestamp,
}

/// A case linked to the incident, with what its notices need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedCase {
    pub case_id: i64,
    pub reference: String,
    pub subject: String,
    pub stage: String,
    pub customer_email: String,
    pub linked_at: Timestamp,
}

pub struct NewIncident<'a> {
    pub reference: &'a IncidentReference,
    pub title: &'a str,
    pub impact: &'a str,
    pub drill: bool,
    pub declared_by: i64,
    pub declared_at: Timestamp,
}

pub async fn insert(conn: &mut Conn, new: &NewIncident<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into incident (reference, title, impact, drill, declared_by, declared_at) \
         values ($1, $2, $3, $4, $5, $6) returning incident_id",
    )
    .bind(new.reference.as_str())
    .bind(new.title)
    .bind(new.impact)
    .bind(i64::from(new.drill))
    .bind(new.declared_by)
    .bind(to_millis(new.declared_at))
    .fetch_one(&mut *conn)
    .await?)
}

pub async fn reference_taken(
    conn: &mut Conn,
    reference: &IncidentReference,
) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("select incident_id from incident where reference = $1")
            .bind(reference.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

type IncidentRow = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
);

const COLUMNS: &str = "i.incident_id, i.reference, i.title, i.impact, i.drill, i.declared_at, \
     i.next_update_at, i.resolved_at, i.resolution, i.review, i.closed_at, s.name";

pub async fn find(
    conn: &mut Conn,
    reference: &IncidentReference,
) -> Result<StoredIncident, StoreError> {
    read(conn, reference, "").await
}

/// As `find`, holding the incident row until the transaction ends (on
/// SQLite the transaction's write lock already does).
pub async fn find_for_change(
    conn: &mut Conn,
    reference: &IncidentReference,
) -> Result<StoredIncident, StoreError> {
    let lock = if conn.backend_name() == "SQLite" {
        ""
    } else {
        " for update of i"
    };
    read(conn, reference, lock).await
}

async fn read(
    conn: &mut Conn,
    reference: &IncidentReference,
    lock: &str,
) -> Result<StoredIncident, StoreError> {
    let sql = format!(
        "select {COLUMNS} from incident i join staff s on s.staff_id = i.declared_by \
         where i.reference = $1{lock}"
    );
    let row: IncidentRow = sqlx::query_as(&sql)
        .bind(reference.as_str())
        .fetch_one(&mut *conn)
        .await?;
    from_row(row)
}

fn from_row(row: IncidentRow) -> Result<StoredIncident, StoreError> {
    let (
        id,
        reference,
        title,
        impact,
        drill,
        declared_at,
        next,
        resolved,
        resolution,
        review,
        closed,
        by,
    ) = row;
    let millis = |at: Option<i64>| at.map(from_millis).transpose();
    let review = review
        .map(|json| {
            serde_json::from_str::<Review>(&json)
                .map_err(|e| StoreError::corrupt(format!("incident {id} review: {e}")))
        })
        .transpose()?;
    Ok(StoredIncident {
        id,
        incident: Incident {
            reference: IncidentReference::parse(&reference)
                .ok_or_else(|| StoreError::corrupt(format!("incident reference {reference:?}")))?,
            title,
            impact,
            drill: drill != 0,
            declared_at: from_millis(declared_at)?,
            next_update_at: millis(next)?,
            resolved_at: millis(resolved)?,
            resolution,
            review,
            closed_at: millis(closed)?,
        },
        declared_by: by,
    })
}

/// The latest incidents, open ones first, with how many cases each links.
pub async fn list(conn: &mut Conn, limit: i64) -> Result<Vec<(StoredIncident, i64)>, StoreError> {
    let sql = format!(
        "select {COLUMNS}, (select count(*) from incident_case l where l.incident_id = i.incident_id \
         and l.left_at is null) from incident i join staff s on s.staff_id = i.declared_by \
         order by case when i.closed_at is null then 0 else 1 end, i.declared_at desc limit $1"
    );
    type Row = (
        i64,
        String,
        String,
        String,
        i64,
        i64,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<i64>,
        String,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|(a, b, c, d, e, f, g, h, i, j, k, l, count)| {
            Ok((from_row((a, b, c, d, e, f, g, h, i, j, k, l))?, count))
        })
        .collect()
}

/// Gives `role` to `staff_id`, ending the current holding. Returns the
/// previous holder's id, if any; the same person again changes nothing.
pub async fn hand_role(
    conn: &mut Conn,
    incident_id: i64,
    role: IncidentRole,
    staff_id: i64,
    at: Timestamp,
) -> Result<Option<i64>, StoreError> {
    let current: Option<i64> = sqlx::query_scalar(
        "select staff_id from incident_role where incident_id = $1 and role = $2 and until is null",
    )
    .bind(incident_id)
    .bind(role.code())
    .fetch_optional(&mut *conn)
    .await?;
    if current == Some(staff_id) {
        return Ok(current);
    }
    sqlx::query(
        "update incident_role set until = $1 where incident_id = $2 and role = $3 and until is null",
    )
    .bind(to_millis(at))
    .bind(incident_id)
    .bind(role.code())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "insert into incident_role (incident_id, role, staff_id, since) values ($1, $2, $3, $4)",
    )
    .bind(incident_id)
    .bind(role.code())
    .bind(staff_id)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(current)
}

/// Every holding, current and past, in the order they began.
pub async fn holdings(conn: &mut Conn, incident_id: i64) -> Result<Vec<Holding>, StoreError> {
    let rows: Vec<(String, i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "select r.role, s.staff_id, s.name, s.email, r.since, r.until from incident_role r \
         join staff s on s.staff_id = r.staff_id where r.incident_id = $1 order by r.since, r.role",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(role, staff_id, name, email, since, until)| {
            Ok(Holding {
                role: IncidentRole::parse(&role)
                    .map_err(|_| StoreError::corrupt(format!("incident role {role:?}")))?,
                person: Person {
                    staff_id,
                    name,
                    email,
                },
                since: from_millis(since)?,
                until: until.map(from_millis).transpose()?,
            })
        })
        .collect()
}

pub async fn add_entry(
    conn: &mut Conn,
    incident_id: i64,
    kind: &str,
    body: &str,
    author_id: Option<i64>,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_entry (incident_id, kind, body, author_id, at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(incident_id)
    .bind(kind)
    .bind(body)
    .bind(author_id)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn entries(conn: &mut Conn, incident_id: i64) -> Result<Vec<Entry>, StoreError> {
    let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
        "select e.kind, e.body, s.name, e.at from incident_entry e \
         left join staff s on s.staff_id = e.author_id \
         where e.incident_id = $1 order by e.incident_entry_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(kind, body, author, at)| {
            Ok(Entry {
                kind,
                body,
                author,
                at: from_millis(at)?,
            })
        })
        .collect()
}

/// Stores an update and makes its promise the incident's clock, with a
/// fresh reminder and missed mark.
pub async fn add_update(
    conn: &mut Conn,
    incident_id: i64,
    update: &SituationUpdate,
    by: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_update (incident_id, affected, known, doing, next_update_at, \
         published_by, published_at) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(incident_id)
    .bind(&update.affected)
    .bind(&update.known)
    .bind(&update.doing)
    .bind(to_millis(update.next_update_at))
    .bind(by)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "update incident set next_update_at = $1, reminded_at = null, missed_at = null \
         where incident_id = $2",
    )
    .bind(to_millis(update.next_update_at))
    .bind(incident_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Updates, oldest first.
pub async fn updates(
    conn: &mut Conn,
    incident_id: i64,
) -> Result<Vec<PublishedUpdate>, StoreError> {
    let rows: Vec<(String, String, String, i64, String, i64)> = sqlx::query_as(
        "select u.affected, u.known, u.doing, u.next_update_at, s.name, u.published_at \
         from incident_update u join staff s on s.staff_id = u.published_by \
         where u.incident_id = $1 order by u.incident_update_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(affected, known, doing, next, by, at)| {
            Ok(PublishedUpdate {
                update: SituationUpdate {
                    affected,
                    known,
                    doing,
                    next_update_at: from_millis(next)?,
                },
                published_by: by,
                published_at: from_millis(at)?,
            })
        })
        .collect()
}

/// Rows per statement: 5 values each stays under SQLite's limit.
const LINKS_PER_INSERT: usize = 1000;

/// Links the cases not linked yet (or linked once and left); returns the
/// ids it linked now, so a second link of the same case changes nothing.
pub async fn link(
    conn: &mut Conn,
    incident_id: i64,
    case_ids: &[i64],
    by: i64,
    at: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    let mut linked = std::collections::HashMap::new();
    for chunk in case_ids.chunks(LINKS_PER_INSERT) {
        let mut p = Placeholders::for_conn(conn);
        let first = p.next();
        let sql = format!(
            "select case_id, left_at from incident_case where incident_id = {first} \
             and case_id in ({})",
            p.list(chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, Option<i64>)>(&sql).bind(incident_id);
        for id in chunk {
            query = query.bind(*id);
        }
        linked.extend(query.fetch_all(&mut *conn).await?);
    }
    let mut fresh: Vec<i64> = Vec::new();
    let mut back: Vec<i64> = Vec::new();
    for id in case_ids {
        match linked.get(id) {
            None if !fresh.contains(id) => fresh.push(*id),
            Some(Some(_)) if !back.contains(id) => back.push(*id),
            _ => {}
        }
    }
    for chunk in fresh.chunks(LINKS_PER_INSERT) {
        let mut p = Placeholders::for_conn(conn);
        let sql = format!(
            "insert into incident_case (incident_id, case_id, linked_by, linked_at) values {}",
            p.rows(chunk.len(), 4)
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query
                .bind(incident_id)
                .bind(*id)
                .bind(by)
                .bind(to_millis(at));
        }
        query.execute(&mut *conn).await?;
    }
    for id in &back {
        sqlx::query(
            "update incident_case set left_at = null, linked_by = $1, linked_at = $2 \
             where incident_id = $3 and case_id = $4",
        )
        .bind(by)
        .bind(to_millis(at))
        .bind(incident_id)
        .bind(*id)
        .execute(&mut *conn)
        .await?;
    }
    fresh.extend(back);
    Ok(fresh)
}

/// The cases linked now, in the order they were linked.
pub async fn linked(conn: &mut Conn, incident_id: i64) -> Result<Vec<LinkedCase>, StoreError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "select c.case_id, c.reference, c.subject, c.stage, c.customer_email, l.linked_at \
         from incident_case l join support_case c on c.case_id = l.case_id \
         where l.incident_id = $1 and l.left_at is null order by l.linked_at, c.case_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(case_id, reference, subject, stage, customer_email, at)| {
            Ok(LinkedCase {
                case_id,
                reference,
                subject,
                stage,
                customer_email,
                linked_at: from_millis(at)?,
            })
        })
        .collect()
}

/// A case that might belong to an incident: open, raised since `since`,
/// and not linked to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub reference: String,
    pub subject: String,
    pub description: String,
    pub customer_email: String,
    pub channel: String,
    pub created_at: Timestamp,
}

/// Open cases raised since `since` and not linked to the incident, newest
/// first, at most `limit`.
pub async fn candidates(
    conn: &mut Conn,
    incident_id: i64,
    since: Timestamp,
    limit: i64,
) -> Result<Vec<Candidate>, StoreError> {
    let rows: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "select c.reference, c.subject, c.description, c.customer_email, c.channel, c.created_at \
         from support_case c where c.created_at >= $1 and c.stage not in ('resolved', 'closed') \
         and not exists (select 1 from incident_case l where l.case_id = c.case_id \
         and l.incident_id = $2 and l.left_at is null) \
         order by c.created_at desc limit $3",
    )
    .bind(to_millis(since))
    .bind(incident_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(
            |(reference, subject, description, customer_email, channel, at)| {
                Ok(Candidate {
                    reference,
                    subject,
                    description,
                    customer_email,
                    channel,
                    created_at: from_millis(at)?,
                })
            },
        )
        .collect()
}

/// Ends a case's link to the incident.
pub async fn leave(
    conn: &mut Conn,
    incident_id: i64,
    case_id: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update incident_case set left_at = $1 where incident_id = $2 and case_id = $3 \
         and left_at is null",
    )
    .bind(to_millis(at))
    .bind(incident_id)
    .bind(case_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The live (not drill) incident a case is linked to now, if any.
pub async fn for_case(conn: &mut Conn, case_id: i64) -> Result<Option<StoredIncident>, StoreError> {
    let sql = format!(
        "select {COLUMNS} from incident_case l join incident i on i.incident_id = l.incident_id \
         join staff s on s.staff_id = i.declared_by \
         where l.case_id = $1 and l.left_at is null and i.drill = 0 \
         order by l.linked_at desc limit 1"
    );
    let row: Option<IncidentRow> = sqlx::query_as(&sql)
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(from_row).transpose()
}

pub async fn resolve(
    conn: &mut Conn,
    incident_id: i64,
    summary: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("update incident set resolved_at = $1, resolution = $2 where incident_id = $3")
        .bind(to_millis(at))
        .bind(summary)
        .bind(incident_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn save_review(
    conn: &mut Conn,
    incident_id: i64,
    review: &Review,
    at: Timestamp,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(review).map_err(|source| StoreError::Unwritable {
        what: "an incident review",
        source,
    })?;
    sqlx::query("update incident set review = $1, reviewed_at = $2 where incident_id = $3")
        .bind(json)
        .bind(to_millis(at))
        .bind(incident_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn close(conn: &mut Conn, incident_id: i64, at: Timestamp) -> Result<(), StoreError> {
    sqlx::query("update incident set closed_at = $1 where incident_id = $2")
        .bind(to_millis(at))
        .bind(incident_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An incident whose next-update promise needs someone's attention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuePromise {
    pub incident_id: i64,
    pub reference: String,
    pub title: String,
    pub next_update_at: Timestamp,
}

/// Claims the open incidents whose promise falls due before `until` and
/// whose reminder has not gone out. One statement sets the mark, so of
/// several processes exactly one gets each incident.
pub async fn claim_reminders(
    conn: &mut Conn,
    now: Timestamp,
    until: Timestamp,
) -> Result<Vec<DuePromise>, StoreError> {
    claim(conn, "reminded_at", now, until).await
}

/// Claims the open incidents whose promise passed without an update.
pub async fn claim_missed(conn: &mut Conn, now: Timestamp) -> Result<Vec<DuePromise>, StoreError> {
    claim(conn, "missed_at", now, now).await
}

async fn claim(
    conn: &mut Conn,
    mark: &str,
    now: Timestamp,
    until: Timestamp,
) -> Result<Vec<DuePromise>, StoreError> {
    let sql = format!(
        "update incident set {mark} = $1 where {mark} is null and next_update_at <= $2 \
         and resolved_at is null and closed_at is null \
         returning incident_id, reference, title, next_update_at"
    );
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(&sql)
        .bind(to_millis(now))
        .bind(to_millis(until))
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|(incident_id, reference, title, next)| {
            Ok(DuePromise {
                incident_id,
                reference,
                title,
                next_update_at: from_millis(next)?,
            })
        })
        .collect()
}

/// When the reminders next have something to do: a promise's reminder
/// (`lead` before it) not sent yet, or a promise not yet marked missed.
pub async fn next_promise(
    conn: &mut Conn,
    lead: jiff::SignedDuration,
) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<i64> = sqlx::query_scalar(
        "select min(case when reminded_at is null then next_update_at - $1 else next_update_at end) \
         from incident where missed_at is null and next_update_at is not null \
         and resolved_at is null and closed_at is null",
    )
    .bind(lead.as_millis() as i64)
    .fetch_one(&mut *conn)
    .await?;
    at.map(from_millis).transpose()
}

/// The staff member holding `role` now.
pub async fn holder(
    conn: &mut Conn,
    incident_id: i64,
    role: IncidentRole,
) -> Result<Option<Person>, StoreError> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "select s.staff_id, s.name, s.email from incident_role r join staff s \
         on s.staff_id = r.staff_id where r.incident_id = $1 and r.role = $2 and r.until is null",
    )
    .bind(incident_id)
    .bind(role.code())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(staff_id, name, email)| Person {
        staff_id,
        name,
        email,
    }))
}

/// Keeps what a drill would have sent.
pub async fn rehearse(
    conn: &mut Conn,
    incident_id: i64,
    recipient: &str,
    subject: &str,
    body: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into incident_rehearsal (incident_id, recipient, subject, body, at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(incident_id)
    .bind(recipient)
    .bind(subject)
    .bind(body)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What a drill kept: (recipient, subject), in order.
pub async fn rehearsals(
    conn: &mut Conn,
    incident_id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(sqlx::query_as(
        "select recipient, subject from incident_rehearsal where incident_id = $1 \
         order by incident_rehearsal_id",
    )
    .bind(incident_id)
    .fetch_all(&mut *conn)
    .await?)
}
