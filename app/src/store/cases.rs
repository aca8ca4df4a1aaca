//! The case projection: one row per case, kept in step with its events.

use super::{Backend, Conflict, Conn, Placeholders, StoreError, from_millis, to_millis};
use crate::domain::case::Assignee;
use crate::domain::management::ManagementLevel;
use crate::domain::sla::SlaClock;
use crate::domain::{Case, CaseReference, Channel, Severity, Stage, Tier};
use jiff::Timestamp;

/// A case as stored, with what the store needs to change it safely.
#[derive(Clone, Debug)]
pub struct StoredCase {
    pub id: i64,
    pub version: i64,
    pub token_hash: String,
    pub next_due_at: Option<Timestamp>,
    pub case: Case,
}

/// Read as a row, or (SQLite's SLA claim) as a JSON array of the columns
/// in this order.
#[derive(sqlx::FromRow, serde::Deserialize)]
pub(super) struct CaseRow {
    case_id: i64,
    version: i64,
    token_hash: String,
    reference: String,
    customer_name: String,
    customer_email: String,
    subject: String,
    description: String,
    severity: String,
    channel: String,
    stage: String,
    created_at: i64,
    tier: String,
    last_public_update_at: Option<i64>,
    reopen_count: i64,
    clocks: String,
    next_due_at: Option<i64>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    escalation_type: String,
    sponsor: Option<String>,
    major_incident_at: Option<i64>,
    management_level: Option<String>,
}

impl TryFrom<CaseRow> for StoredCase {
    type Error = StoreError;

    fn try_from(row: CaseRow) -> Result<Self, Self::Error> {
        let bad =
            |what: &str, value: &str| StoreError::corrupt(format!("{what} {value:?} is unknown"));
        let case = Case {
            reference: CaseReference::parse(&row.reference)
                .ok_or_else(|| bad("reference", &row.reference))?,
            customer_name: row.customer_name,
            customer_email: row.customer_email,
            subject: row.subject,
            description: row.description,
            severity: Severity::parse(&row.severity)
                .ok_or_else(|| bad("severity", &row.severity))?,
            channel: Channel::parse(&row.channel).ok_or_else(|| bad("channel", &row.channel))?,
            stage: Stage::parse(&row.stage).ok_or_else(|| bad("stage", &row.stage))?,
            created_at: from_millis(row.created_at)?,
            tier: Tier::new(&row.tier).map_err(|_| bad("tier", &row.tier))?,
            last_public_update_at: row.last_public_update_at.map(from_millis).transpose()?,
            reopen_count: u32::try_from(row.reopen_count).unwrap_or(u32::MAX),
            clocks: serde_json::from_str(&row.clocks)
                .map_err(|e| StoreError::corrupt(format!("clocks: {e}")))?,
            assignee: row
                .assignee_id
                .zip(row.assignee_name)
                .map(|(staff_id, name)| Assignee { staff_id, name }),
            escalation_type: row.escalation_type,
            sponsor: row.sponsor,
            major_incident_at: row.major_incident_at.map(from_millis).transpose()?,
            management: match row.management_level.as_deref() {
                None => None,
                Some(code) => Some(
                    ManagementLevel::parse(code).ok_or_else(|| bad("management_level", code))?,
                ),
            },
        };
        Ok(StoredCase {
            id: row.case_id,
            version: row.version,
            token_hash: row.token_hash,
            next_due_at: row.next_due_at.map(from_millis).transpose()?,
            case,
        })
    }
}

pub(super) const COLUMNS: &str = "case_id, version, token_hash, reference, customer_name, customer_email, \
    subject, description, severity, channel, stage, created_at, tier, \
    last_public_update_at, reopen_count, clocks, next_due_at, assignee_id, assignee_name, \
    escalation_type, sponsor, major_incident_at, management_level";

/// Whether a reference is already in use, checked before a new case takes it.
pub async fn reference_taken(
    conn: &mut Conn,
    reference: &CaseReference,
) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("select case_id from support_case where reference = $1")
            .bind(reference.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Inserts a new case; a reference that is already taken is a `Conflict`.
pub async fn insert(
    conn: &mut Conn,
    case: &Case,
    token_hash: &str,
    next_due_at: Option<Timestamp>,
) -> Result<i64, StoreError> {
    let ids = insert_many(
        conn,
        &[NewRow {
            case,
            token_hash,
            next_due_at,
        }],
    )
    .await?;
    ids.first().copied().ok_or(StoreError::NotFound)
}

/// A case about to be stored for the first time.
pub struct NewRow<'a> {
    pub case: &'a Case,
    pub token_hash: &'a str,
    pub next_due_at: Option<Timestamp>,
}

/// Columns per new case: 20 values each, so a batch of intake stays far
/// under SQLite's limit of 32,766.
const NEW_COLUMNS: usize = 20;

/// Stores new cases in one statement and returns their ids in the order
/// given. A taken reference fails the whole statement (`Conflict`).
pub async fn insert_many(conn: &mut Conn, rows: &[NewRow<'_>]) -> Result<Vec<i64>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let values = Placeholders::for_conn(conn).rows(rows.len(), NEW_COLUMNS);
    let sql = format!(
        "insert into support_case (reference, token_hash, customer_name, customer_email, subject, \
         description, severity, channel, stage, created_at, tier, \
         last_public_update_at, reopen_count, clocks, next_due_at, updated_at, escalation_type, \
         sla_breached, sla_at_risk, version) values {values} returning case_id, reference"
    );
    let mut insert = sqlx::query_as::<_, (i64, String)>(&sql);
    for row in rows {
        let case = row.case;
        insert = insert
            .bind(case.reference.as_str())
            .bind(row.token_hash)
            .bind(&case.customer_name)
            .bind(&case.customer_email)
            .bind(&case.subject)
            .bind(&case.description)
            .bind(case.severity.code())
            .bind(case.channel.code())
            .bind(case.stage.code())
            .bind(to_millis(case.created_at))
            .bind(case.tier.code())
            .bind(case.last_public_update_at.map(to_millis))
            .bind(i64::from(case.reopen_count))
            .bind(clocks_json(case)?)
            .bind(row.next_due_at.map(to_millis))
            .bind(to_millis(case.created_at))
            .bind(&case.escalation_type)
            .bind(sla_flag(case.clocks.breached()))
            .bind(sla_flag(case.clocks.at_risk()))
            .bind(0_i64);
    }
    // Neither database promises the order of RETURNING rows: match by reference.
    let stored: std::collections::HashMap<String, i64> = insert
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(id, reference)| (reference, id))
        .collect();
    rows.iter()
        .map(|row| {
            stored
                .get(row.case.reference.as_str())
                .copied()
                .ok_or_else(|| StoreError::corrupt("a new case came back without its id"))
        })
        .collect()
}

pub async fn find_by_reference(
    conn: &mut Conn,
    reference: &CaseReference,
) -> Result<StoredCase, StoreError> {
    let sql = format!("select {COLUMNS} from support_case where reference = $1");
    let row: CaseRow = sqlx::query_as(&sql)
        .bind(reference.as_str())
        .fetch_one(&mut *conn)
        .await?;
    row.try_into()
}

/// The ids of the cases with these references, as `(id, reference)`; a
/// reference no case has is missing from the answer.
pub async fn ids_by_reference(
    conn: &mut Conn,
    references: &[CaseReference],
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut found = Vec::with_capacity(references.len());
    for chunk in references.chunks(1000) {
        let sql = format!(
            "select case_id, reference from support_case where reference in ({})",
            Placeholders::for_conn(conn).list(chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, String)>(&sql);
        for reference in chunk {
            query = query.bind(reference.as_str());
        }
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// Bumps the versions of many cases whose pages show something new that
/// lives outside the case row (a major incident's update).
pub async fn touch_many(conn: &mut Conn, case_ids: &[i64]) -> Result<(), StoreError> {
    let mut ids = case_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(1000) {
        let sql = format!(
            "update support_case set version = version + 1 where case_id in ({})",
            Placeholders::for_conn(conn).list(chunk.len())
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes the new state of a case. Fails with `Conflict("version")` when
/// someone else changed the case since it was read, so no change is lost.
pub async fn update(
    conn: &mut Conn,
    stored: &StoredCase,
    case: &Case,
    next_due_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), StoreError> {
    update_many(
        conn,
        &[CaseWrite {
            stored,
            case,
            next_due_at,
        }],
        now,
    )
    .await
}

/// One case's new state for `update_many`.
pub struct CaseWrite<'a> {
    pub stored: &'a StoredCase,
    pub case: &'a Case,
    pub next_due_at: Option<Timestamp>,
}

/// Cases written per statement: 18 values each stays under SQLite's limit
/// of 32,766 bound values.
const CASES_PER_UPDATE: usize = 500;

/// Writes many cases, each only if its version is still the one read, in
/// one statement per `CASES_PER_UPDATE` cases. If any case changed since,
/// the whole call is a `Conflict` and the caller undoes it (a savepoint).
pub async fn update_many(
    conn: &mut Conn,
    writes: &[CaseWrite<'_>],
    now: Timestamp,
) -> Result<(), StoreError> {
    const COLUMNS: usize = 18;
    for chunk in writes.chunks(CASES_PER_UPDATE) {
        let mut placeholders = Placeholders::for_conn(conn);
        let rows = placeholders.rows(chunk.len(), COLUMNS);
        // The ids again, so SQLite finds each row by its key instead of
        // joining the whole table to the list.
        let ids = placeholders.list(chunk.len());
        // VALUES names its columns column1, column2, ... on both databases.
        let sql = format!(
            "update support_case set stage = v.column3, tier = v.column4, \
             last_public_update_at = v.column5, clocks = v.column6, reopen_count = v.column7, \
             next_due_at = v.column8, updated_at = v.column9, assignee_id = v.column10, \
             assignee_name = v.column11, severity = v.column12, escalation_type = v.column13, \
             sponsor = v.column14, major_incident_at = v.column15, management_level = v.column16, \
             sla_breached = v.column17, sla_at_risk = v.column18, version = support_case.version + 1 \
             from (values {rows}) as v \
             where support_case.case_id in ({ids}) \
             and support_case.case_id = v.column1 and support_case.version = v.column2"
        );
        let mut query = sqlx::query(&sql);
        for CaseWrite {
            stored,
            case,
            next_due_at,
        } in chunk
        {
            query = query
                .bind(stored.id)
                .bind(stored.version)
                .bind(case.stage.code())
                .bind(case.tier.code())
                .bind(case.last_public_update_at.map(to_millis))
                .bind(clocks_json(case)?)
                .bind(i64::from(case.reopen_count))
                .bind(next_due_at.map(to_millis))
                .bind(to_millis(now))
                .bind(case.assignee.as_ref().map(|a| a.staff_id))
                .bind(case.assignee.as_ref().map(|a| a.name.clone()))
                .bind(case.severity.code())
                .bind(case.escalation_type.clone())
                .bind(case.sponsor.clone())
                .bind(case.major_incident_at.map(to_millis))
                .bind(case.management.map(ManagementLevel::code))
                .bind(sla_flag(case.clocks.breached()))
                .bind(sla_flag(case.clocks.at_risk()));
        }
        for write in chunk {
            query = query.bind(write.stored.id);
        }
        let result = query.execute(&mut *conn).await?;
        if result.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::Conflict(Conflict::Version));
        }
    }
    Ok(())
}

/// Open cases, the soonest due first, then the most recently changed.
pub async fn list_open(conn: &mut Conn, limit: i64) -> Result<Vec<StoredCase>, StoreError> {
    let sql = format!(
        "select {COLUMNS} from support_case where stage <> 'closed' \
         order by case when next_due_at is null then 1 else 0 end, next_due_at, updated_at desc \
         limit $1"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(&sql)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(StoredCase::try_from).collect()
}

/// Up to `limit` cases raised from `email`: open ones first, then the most
/// recently changed.
pub async fn of_customer(
    conn: &mut Conn,
    email: &str,
    limit: i64,
) -> Result<Vec<StoredCase>, StoreError> {
    let sql = format!(
        "select {COLUMNS} from support_case where lower(customer_email) = $1 \
         order by case when stage = 'closed' then 1 else 0 end, updated_at desc limit $2"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(&sql)
        .bind(email.trim().to_lowercase())
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(StoredCase::try_from).collect()
}

/// Which cases a queue shows. Without a stage, every case still open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub tier: Option<Tier>,
    pub stage: Option<Stage>,
    pub severity: Option<Severity>,
    /// An escalation type code.
    pub escalation_type: Option<String>,
    /// The customer's account: the domain of their email address.
    pub account: Option<String>,
    /// Cases assigned to a member of this team.
    pub team: Option<String>,
    /// Found in the reference, customer, subject or description (any case).
    pub text: Option<String>,
    /// Only major incidents, or only cases this management level oversees.
    pub oversight: Option<Oversight>,
    /// Only the cases of one member of staff, or only those nobody owns.
    pub owner: Option<Owner>,
}

/// Whose cases the queue shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Staff(i64),
    Nobody,
}

/// What the queue's oversight filter asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oversight {
    MajorIncident,
    Management(ManagementLevel),
}

impl Oversight {
    pub const CODES: [&'static str; 3] = ["major_incident", "manager", "executive"];

    pub fn parse(raw: &str) -> Option<Oversight> {
        match raw.trim() {
            "major_incident" => Some(Oversight::MajorIncident),
            other => ManagementLevel::parse(other).map(Oversight::Management),
        }
    }
}

/// Which SLA trouble a queue shows: the clocks' stored flags, so the query
/// filters before its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaFilter {
    /// Warned: three quarters of a target used, not yet breached.
    AtRisk,
    Breached,
}

/// Cases that pass `filter` and `sla`, in the order of `list_open`.
pub async fn list_filtered(
    conn: &mut Conn,
    filter: &QueueFilter,
    sla: Option<SlaFilter>,
    limit: i64,
) -> Result<Vec<StoredCase>, StoreError> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    match filter.stage {
        Some(stage) => {
            values.push(stage.code().to_owned());
            conditions.push(format!("stage = ${}", values.len()));
        }
        None => conditions.push("stage <> 'closed'".to_owned()),
    }
    if let Some(tier) = filter.tier {
        values.push(tier.code().to_owned());
        conditions.push(format!("tier = ${}", values.len()));
    }
    if let Some(severity) = filter.severity {
        values.push(severity.code().to_owned());
        conditions.push(format!("severity = ${}", values.len()));
    }
    if let Some(code) = &filter.escalation_type {
        values.push(code.clone());
        conditions.push(format!("escalation_type = ${}", values.len()));
    }
    if let Some(account) = &filter.account {
        values.push(format!("%@{}", like_literal(&account.to_lowercase())));
        conditions.push(format!(
            "lower(customer_email) like ${} escape '\\'",
            values.len()
        ));
    }
    if let Some(team) = &filter.team {
        values.push(team.clone());
        conditions.push(format!(
            "assignee_id in (select staff_id from staff where team = ${})",
            values.len()
        ));
    }
    match filter.oversight {
        Some(Oversight::MajorIncident) => {
            conditions.push("major_incident_at is not null".to_owned())
        }
        Some(Oversight::Management(level)) => {
            values.push(level.code().to_owned());
            conditions.push(format!("management_level = ${}", values.len()));
        }
        None => {}
    }
    match filter.owner {
        Some(Owner::Staff(id)) => conditions.push(format!("assignee_id = {id}")),
        Some(Owner::Nobody) => conditions.push("assignee_id is null".to_owned()),
        None => {}
    }
    // Literals, not bound values, so the partial indexes apply.
    match sla {
        Some(SlaFilter::AtRisk) => conditions.push("sla_at_risk = 1".to_owned()),
        Some(SlaFilter::Breached) => conditions.push("sla_breached = 1".to_owned()),
        None => {}
    }
    if let Some(text) = &filter.text {
        // The typed text is a literal: its % and _ match only themselves.
        values.push(format!("%{}%", like_literal(&text.to_lowercase())));
        let n = values.len();
        conditions.push(format!(
            "(lower(reference) like ${n} escape '\\' or lower(customer_name) like ${n} escape '\\' \
             or lower(customer_email) like ${n} escape '\\' or lower(subject) like ${n} escape '\\' \
             or lower(description) like ${n} escape '\\')"
        ));
    }
    let sql = format!(
        "select {COLUMNS} from support_case where {} \
         order by case when next_due_at is null then 1 else 0 end, next_due_at, updated_at desc \
         limit ${}",
        conditions.join(" and "),
        values.len() + 1
    );
    let mut query = sqlx::query_as::<_, CaseRow>(&sql);
    for value in values {
        query = query.bind(value);
    }
    let rows = query.bind(limit).fetch_all(&mut *conn).await?;
    rows.into_iter().map(StoredCase::try_from).collect()
}

/// `raw` for a LIKE pattern: its % and _ match only themselves.
fn like_literal(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A case's version alone: one indexed read, for live status pages that
/// only need to know whether anything changed.
pub async fn version_of(conn: &mut Conn, reference: &CaseReference) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select version from support_case where reference = $1")
            .bind(reference.as_str())
            .fetch_one(&mut *conn)
            .await?,
    )
}

pub async fn count(conn: &mut Conn) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("select count(*) from support_case")
        .fetch_one(&mut *conn)
        .await?)
}

/// 1 when any clock is in the trouble, else 0: the queue filters on it.
fn sla_flag<'c>(mut clocks: impl Iterator<Item = &'c SlaClock>) -> i64 {
    i64::from(clocks.next().is_some())
}

fn clocks_json(case: &Case) -> Result<String, StoreError> {
    serde_json::to_string(&case.clocks).map_err(|source| StoreError::Unwritable {
        what: "clocks",
        source,
    })
}

/// A stored case that cannot be read back (its id, and why).
#[derive(Debug)]
pub struct UnreadableCase {
    pub case_id: i64,
    pub error: StoreError,
}

/// Claims the open cases whose SLA deadline has come, soonest first, inside
/// the caller's write transaction. On PostgreSQL the rows are locked and rows
/// another sweeper holds are skipped (`for update skip locked`), so several
/// processes share the work without waiting on each other; SQLite has one
/// writer. A row that cannot be read comes back as such, so it can be set
/// aside without failing the rest. The cost grows with the cases due, not
/// the cases open.
pub async fn claim_due_for_sla(
    conn: &mut Conn,
    backend: Backend,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<Result<StoredCase, UnreadableCase>>, StoreError> {
    let due = format!(
        "select {COLUMNS} from support_case where next_due_at <= $1 \
         order by next_due_at, case_id limit $2"
    );
    let rows: Vec<CaseRow> = match backend {
        Backend::Postgres => {
            sqlx::query_as(&format!("{due} for update skip locked"))
                .bind(to_millis(now))
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?
        }
        // sqlx hands SQLite's rows over from its worker thread one at a
        // time, a thread wake-up each: a batch as one JSON array took 2.5 ms
        // instead of 7-8 for 500 cases (`BENCHMARKS.md`).
        Backend::Sqlite => {
            let batch: String = sqlx::query_scalar(&format!(
                "select json_group_array(json_array({COLUMNS})) from ({due})"
            ))
            .bind(to_millis(now))
            .bind(limit)
            .fetch_one(&mut *conn)
            .await?;
            serde_json::from_str(&batch)
                .map_err(|e| StoreError::corrupt(format!("due cases: {e}")))?
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let case_id = row.case_id;
            StoredCase::try_from(row).map_err(|error| UnreadableCase { case_id, error })
        })
        .collect())
}

/// The soonest stored SLA deadline of any case, if one is set.
pub async fn next_due(conn: &mut Conn) -> Result<Option<Timestamp>, StoreError> {
    let at: Option<i64> = sqlx::query_scalar("select min(next_due_at) from support_case")
        .fetch_one(&mut *conn)
        .await?;
    at.map(from_millis).transpose()
}

/// How many open cases sit at each tier, by tier code.
pub async fn open_by_tier(conn: &mut Conn) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "select tier, count(*) from support_case where stage <> 'closed' group by tier order by tier",
    )
    .fetch_all(&mut *conn)
    .await?)
}
