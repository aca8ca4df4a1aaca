//! Major incidents: the incident row, its role holders, timeline, situation
//! updates, linked cases and (for drills) the messages it would have sent.
//! A change to an incident takes its row first (`find_for_change`), then
//! the linked case rows: one lock order.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::incident::{Incident, IncidentReference, Review};

mod links;
mod promises;
mod roles;
mod sponsors;
mod tasks;
mod timeline;

use jiff::Timestamp;
pub use links::{Candidate, LinkedCase, candidates, leave, link, linked};
pub use promises::{DuePromise, claim_missed, claim_reminders, next_promise};
pub use roles::{Holding, Person, hand_role, holder, holdings};
pub use sponsors::tell_sponsor_once;
pub use tasks::{Task, add_tasks, assign_task, finish_task, task, tasks};
pub use timeline::{
    Entry, PublishedUpdate, add_entry, add_update, entries, rehearsals, rehearse, updates,
};

/// An incident as stored, with its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredIncident {
    pub id: i64,
    pub incident: Incident,
    pub declared_by: String,
    /// The playbook it was declared with, if any.
    pub kind: Option<String>,
    /// Whether the raise form tells people about it while it is open.
    pub raise_notice: bool,
}

pub struct NewIncident<'a> {
    pub reference: &'a IncidentReference,
    pub title: &'a str,
    pub impact: &'a str,
    pub drill: bool,
    pub kind: Option<&'a str>,
    pub declared_by: i64,
    pub declared_at: Timestamp,
}

pub async fn insert(conn: &mut Conn, new: &NewIncident<'_>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into incident (reference, title, impact, drill, kind, declared_by, declared_at) \
         values ($1, $2, $3, $4, $5, $6, $7) returning incident_id",
    )
    .bind(new.reference.as_str())
    .bind(new.title)
    .bind(new.impact)
    .bind(i64::from(new.drill))
    .bind(new.kind)
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
    Option<String>,
    i64,
);

const COLUMNS: &str = "i.incident_id, i.reference, i.title, i.impact, i.drill, i.declared_at, \
     i.next_update_at, i.resolved_at, i.resolution, i.review, i.closed_at, s.name, i.kind, \
     i.raise_notice";

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
        kind,
        raise_notice,
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
        kind,
        raise_notice: raise_notice != 0,
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
        Option<String>,
        i64,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter()
        .map(|(a, b, c, d, e, f, g, h, i, j, k, l, m, n, count)| {
            Ok((from_row((a, b, c, d, e, f, g, h, i, j, k, l, m, n))?, count))
        })
        .collect()
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

/// Shows or hides the incident's notice on the raise form.
pub async fn set_raise_notice(
    conn: &mut Conn,
    incident_id: i64,
    shown: bool,
) -> Result<(), StoreError> {
    sqlx::query("update incident set raise_notice = $1 where incident_id = $2")
        .bind(i64::from(shown))
        .bind(incident_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The live incidents the raise form tells people about: open, not a drill,
/// not yet resolved, notice switched on. Newest first.
pub async fn on_raise_form(conn: &mut Conn) -> Result<Vec<StoredIncident>, StoreError> {
    let sql = format!(
        "select {COLUMNS} from incident i join staff s on s.staff_id = i.declared_by \
         where i.closed_at is null and i.resolved_at is null and i.drill = 0 \
         and i.raise_notice = 1 order by i.declared_at desc limit 5"
    );
    let rows: Vec<IncidentRow> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(from_row).collect()
}

/// The version the live war room follows: every timeline entry moves it.
pub async fn version_of(conn: &mut Conn, reference: &IncidentReference) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select version from incident where reference = $1")
            .bind(reference.as_str())
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// The incidents still open (not resolved), newest first: where the queue
/// may link cases in bulk.
pub async fn open_ones(conn: &mut Conn) -> Result<Vec<StoredIncident>, StoreError> {
    let sql = format!(
        "select {COLUMNS} from incident i join staff s on s.staff_id = i.declared_by \
         where i.closed_at is null and i.resolved_at is null order by i.declared_at desc limit 20"
    );
    let rows: Vec<IncidentRow> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
    rows.into_iter().map(from_row).collect()
}
