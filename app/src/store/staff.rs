//! Staff accounts.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::{StaffMember, StaffRole};
use jiff::Timestamp;

/// A member as stored: `select staff_id, email, name, role`.
#[derive(sqlx::FromRow)]
pub(super) struct MemberRow {
    staff_id: i64,
    email: String,
    name: String,
    role: String,
}

impl TryFrom<MemberRow> for StaffMember {
    type Error = StoreError;

    fn try_from(row: MemberRow) -> Result<Self, StoreError> {
        let role = StaffRole::parse(&row.role)
            .ok_or_else(|| StoreError::corrupt(format!("unknown staff role {:?}", row.role)))?;
        Ok(StaffMember {
            staff_id: row.staff_id,
            email: row.email,
            name: row.name,
            role,
        })
    }
}

pub async fn insert(
    conn: &mut Conn,
    email: &str,
    name: &str,
    role: &str,
    password_hash: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "insert into staff (email, name, role, password_hash, created_at) \
         values ($1, $2, $3, $4, $5) returning staff_id",
    )
    .bind(email.to_lowercase())
    .bind(name)
    .bind(role)
    .bind(password_hash)
    .bind(to_millis(now))
    .fetch_one(&mut *conn)
    .await?)
}

/// The member and their password hash, for signing in.
pub async fn find_with_password(
    conn: &mut Conn,
    email: &str,
) -> Result<(StaffMember, String), StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        member: MemberRow,
        password_hash: String,
    }
    let row: Row = sqlx::query_as(
        "select staff_id, email, name, role, password_hash from staff where email = $1",
    )
    .bind(email.trim().to_lowercase())
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.member.try_into()?, row.password_hash))
}

pub async fn count(conn: &mut Conn) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("select count(*) from staff")
        .fetch_one(&mut *conn)
        .await?)
}

/// A member by email (compared case-insensitively).
pub async fn find_by_email(conn: &mut Conn, email: &str) -> Result<StaffMember, StoreError> {
    let row: MemberRow =
        sqlx::query_as("select staff_id, email, name, role from staff where email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_one(&mut *conn)
            .await?;
    row.try_into()
}

/// Whether the member is disabled, without taking their row.
pub async fn is_disabled(conn: &mut Conn, staff_id: i64) -> Result<bool, StoreError> {
    let disabled_at: Option<i64> =
        sqlx::query_scalar("select disabled_at from staff where staff_id = $1")
            .bind(staff_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok(disabled_at.is_some())
}

/// Takes the member's row for this transaction and reads when they were
/// disabled (`None`: they may work). The lock order for a member's access is
/// this row first, then their sessions and tokens, so a sign-in or a new
/// token cannot slip past a disabling that runs at the same time.
pub async fn lock(conn: &mut Conn, staff_id: i64) -> Result<Option<Timestamp>, StoreError> {
    let disabled_at: Option<i64> = sqlx::query_scalar(
        "update staff set disabled_at = disabled_at where staff_id = $1 returning disabled_at",
    )
    .bind(staff_id)
    .fetch_one(&mut *conn)
    .await?;
    disabled_at.map(from_millis).transpose()
}

/// Disables the member from `at`, or enables them again with `None`.
pub async fn set_disabled(
    conn: &mut Conn,
    staff_id: i64,
    at: Option<Timestamp>,
) -> Result<(), StoreError> {
    sqlx::query("update staff set disabled_at = $1 where staff_id = $2")
        .bind(at.map(to_millis))
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets the tier a member usually works in ("L1".."Executive"), or none.
pub async fn set_tier(
    conn: &mut Conn,
    staff_id: i64,
    tier: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("update staff set tier = $1 where staff_id = $2")
        .bind(tier)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The email addresses behind an alert recipient: `staff:{id}` or `role:{role}`.
pub async fn addresses_for(conn: &mut Conn, recipient: &str) -> Result<Vec<String>, StoreError> {
    let rows: Vec<String> = match recipient.split_once(':') {
        Some(("staff", id)) => match id.parse::<i64>() {
            Ok(id) => {
                sqlx::query_scalar("select email from staff where staff_id = $1")
                    .bind(id)
                    .fetch_all(&mut *conn)
                    .await?
            }
            Err(_) => Vec::new(),
        },
        Some(("role", role)) => {
            sqlx::query_scalar("select email from staff where role = $1 order by staff_id")
                .bind(role)
                .fetch_all(&mut *conn)
                .await?
        }
        _ => Vec::new(),
    };
    Ok(rows)
}

/// Sets the team a member works in, or none.
pub async fn set_team(
    conn: &mut Conn,
    staff_id: i64,
    team: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("update staff set team = $1 where staff_id = $2")
        .bind(team)
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A member of a tier and how many open cases they own: who could take a case.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TierMember {
    pub staff_id: i64,
    pub name: String,
    pub role: String,
    pub tier: Option<String>,
    pub open_cases: i64,
}

/// Everyone who works in `tier`, with their open workload.
pub async fn members_of_tier(conn: &mut Conn, tier: &str) -> Result<Vec<TierMember>, StoreError> {
    Ok(sqlx::query_as(
        "select s.staff_id, s.name, s.role, s.tier, \
         (select count(*) from support_case c where c.assignee_id = s.staff_id and c.stage <> 'closed') \
         as open_cases from staff s where s.tier = $1 order by s.staff_id",
    )
    .bind(tier)
    .fetch_all(&mut *conn)
    .await?)
}

/// How many members of staff work in each tier, by tier code.
pub async fn placed_by_tier(conn: &mut Conn) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "select tier, count(*) from staff where tier is not null group by tier order by tier",
    )
    .fetch_all(&mut *conn)
    .await?)
}

/// The teams staff work in, for the queue's team filter.
pub async fn teams(conn: &mut Conn) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("select distinct team from staff where team is not null order by team")
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// Everyone on staff with the tier and team they work in.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PlacedMember {
    pub email: String,
    pub name: String,
    pub role: String,
    pub tier: Option<String>,
    pub team: Option<String>,
}

pub async fn all_placed(conn: &mut Conn) -> Result<Vec<PlacedMember>, StoreError> {
    Ok(
        sqlx::query_as("select email, name, role, tier, team from staff order by name, email")
            .fetch_all(&mut *conn)
            .await?,
    )
}

/// The team a member works in, if any.
pub async fn team_of(conn: &mut Conn, staff_id: i64) -> Result<Option<String>, StoreError> {
    let team: Option<Option<String>> =
        sqlx::query_scalar("select team from staff where staff_id = $1")
            .bind(staff_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(team.flatten())
}
