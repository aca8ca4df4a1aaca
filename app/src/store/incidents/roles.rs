//! Who holds each role of an incident, and who held it before.

use crate::domain::incident::IncidentRole;
use crate::store::{Conn, StoreError, from_millis, to_millis};
use jiff::Timestamp;

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
