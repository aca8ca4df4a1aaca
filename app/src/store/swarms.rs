//! Swarms on cases: the swarm, its members and its notes and decisions.

use super::{Conflict, Conn, StoreError, from_millis, to_millis};
use crate::domain::swarm::{EntryKind, Swarm, SwarmClosure, SwarmEntry, SwarmMember, SwarmPerson};

/// A swarm as stored, with its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSwarm {
    pub id: i64,
    pub swarm: Swarm,
}

/// Stores a new swarm with its first members. A second open swarm on the
/// same case is a `Conflict`.
pub async fn insert(conn: &mut Conn, case_id: i64, swarm: &Swarm) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "insert into swarm (case_id, facilitator_id, started_by, started_at) \
         values ($1, $2, $3, $4) returning swarm_id",
    )
    .bind(case_id)
    .bind(swarm.facilitator.staff_id)
    .bind(swarm.started_by.staff_id)
    .bind(to_millis(swarm.started_at))
    .fetch_one(&mut *conn)
    .await?;
    for member in &swarm.members {
        add_member(conn, id, member).await?;
    }
    Ok(id)
}

pub async fn add_member(
    conn: &mut Conn,
    swarm_id: i64,
    member: &SwarmMember,
) -> Result<(), StoreError> {
    sqlx::query("insert into swarm_member (swarm_id, staff_id, added_at) values ($1, $2, $3)")
        .bind(swarm_id)
        .bind(member.person.staff_id)
        .bind(to_millis(member.added_at))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn add_entry(
    conn: &mut Conn,
    swarm_id: i64,
    entry: &SwarmEntry,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into swarm_entry (swarm_id, kind, body, author_id, at) values ($1, $2, $3, $4, $5)",
    )
    .bind(swarm_id)
    .bind(entry.kind.code())
    .bind(&entry.body)
    .bind(entry.author.staff_id)
    .bind(to_millis(entry.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records the close; `Conflict("swarm closed")` when it was closed already.
pub async fn close(
    conn: &mut Conn,
    swarm_id: i64,
    closure: &SwarmClosure,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "update swarm set closed_at = $1, closed_by = $2, summary = $3 \
         where swarm_id = $4 and closed_at is null",
    )
    .bind(to_millis(closure.closed_at))
    .bind(closure.closed_by.staff_id)
    .bind(&closure.summary)
    .bind(swarm_id)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict(Conflict::SwarmClosed))
    }
}

type SwarmRow = (
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// The case's open swarm, or else its latest closed one, with members and
/// entries (three queries, whatever their number).
pub async fn latest_for_case(
    conn: &mut Conn,
    case_id: i64,
) -> Result<Option<StoredSwarm>, StoreError> {
    let row: Option<SwarmRow> = sqlx::query_as(
        "select s.swarm_id, f.staff_id, f.name, f.email, b.staff_id, b.name, b.email, s.started_at, \
         s.closed_at, s.summary, c.staff_id, c.name, c.email \
         from swarm s join staff f on f.staff_id = s.facilitator_id \
         join staff b on b.staff_id = s.started_by \
         left join staff c on c.staff_id = s.closed_by \
         where s.case_id = $1 \
         order by case when s.closed_at is null then 0 else 1 end, s.swarm_id desc limit 1",
    )
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((
        id,
        f_id,
        f_name,
        f_email,
        b_id,
        b_name,
        b_email,
        started_at,
        closed_at,
        summary,
        c_id,
        c_name,
        c_email,
    )) = row
    else {
        return Ok(None);
    };
    let person = |staff_id, name, email| SwarmPerson {
        staff_id,
        name,
        email,
    };
    let closure = match (closed_at, summary, c_id, c_name, c_email) {
        (Some(at), Some(summary), Some(c_id), Some(c_name), Some(c_email)) => Some(SwarmClosure {
            summary,
            closed_by: person(c_id, c_name, c_email),
            closed_at: from_millis(at)?,
        }),
        (None, ..) => None,
        _ => {
            return Err(StoreError::corrupt(format!(
                "swarm {id} is closed without a summary or closer"
            )));
        }
    };
    let members: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "select m.staff_id, p.name, p.email, m.added_at from swarm_member m \
         join staff p on p.staff_id = m.staff_id where m.swarm_id = $1 \
         order by case when m.staff_id = $2 then 0 else 1 end, m.added_at, m.staff_id",
    )
    .bind(id)
    .bind(f_id)
    .fetch_all(&mut *conn)
    .await?;
    let entries: Vec<(String, String, i64, String, String, i64)> = sqlx::query_as(
        "select e.kind, e.body, a.staff_id, a.name, a.email, e.at from swarm_entry e \
         join staff a on a.staff_id = e.author_id where e.swarm_id = $1 order by e.swarm_entry_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let swarm = Swarm {
        facilitator: person(f_id, f_name, f_email),
        started_by: person(b_id, b_name, b_email),
        started_at: from_millis(started_at)?,
        members: members
            .into_iter()
            .map(|(staff_id, name, email, added_at)| {
                Ok(SwarmMember {
                    person: person(staff_id, name, email),
                    added_at: from_millis(added_at)?,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        entries: entries
            .into_iter()
            .map(|(kind, body, staff_id, name, email, at)| {
                Ok(SwarmEntry {
                    kind: EntryKind::parse(&kind).map_err(|_| {
                        StoreError::corrupt(format!("stored swarm entry kind {kind:?} is unknown"))
                    })?,
                    body,
                    author: person(staff_id, name, email),
                    at: from_millis(at)?,
                })
            })
            .collect::<Result<_, StoreError>>()?,
        closure,
    };
    Ok(Some(StoredSwarm { id, swarm }))
}

/// A member of staff as a swarm person, found by email (any letter case).
pub async fn person_by_email(conn: &mut Conn, email: &str) -> Result<SwarmPerson, StoreError> {
    let member = super::staff::find_by_email(conn, email).await?;
    Ok(SwarmPerson {
        staff_id: member.staff_id,
        name: member.name,
        email: member.email,
    })
}
