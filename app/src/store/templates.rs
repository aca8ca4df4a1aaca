//! Versions of customer-facing templates and the audit trail of changes.
//!
//! Every save inserts a new version. Publishing makes one version live (the
//! only `published` row of its template, enforced by a partial unique index)
//! and retires the one before. A roll-back is a new version copying an older
//! one, published like any other: history only grows.
//!
//! A version can also be scheduled: it is live from its `live_from` time on.
//! The live version is the newest published or scheduled one whose
//! `live_from` has come, so every lookup takes `now` and no job is needed.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::StaffMember;
use crate::domain::template::{Locale, TemplateChannel, TemplateKey, TemplateKind, VersionStatus};
use jiff::Timestamp;

/// One saved version of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateVersion {
    pub key: TemplateKey,
    pub version: i64,
    pub source: String,
    pub status: VersionStatus,
    pub author_staff_id: i64,
    pub author_name: String,
    pub created_at: Timestamp,
    pub published_at: Option<Timestamp>,
    pub restored_from: Option<i64>,
    /// When it goes (or went) live: the publish time, or the scheduled time.
    pub live_from: Option<Timestamp>,
}

impl TemplateVersion {
    /// Scheduled, and its time has not come yet at `now`.
    pub fn is_pending(&self, now: Timestamp) -> bool {
        self.status == VersionStatus::Scheduled && self.live_from.is_some_and(|at| at > now)
    }
}

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub version: i64,
    pub action: String,
    pub staff_name: String,
    pub at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    kind: String,
    channel: String,
    locale: String,
    version: i64,
    source: String,
    status: String,
    author_staff_id: i64,
    author_name: String,
    created_at: i64,
    published_at: Option<i64>,
    restored_from: Option<i64>,
    live_from: Option<i64>,
}

impl TryFrom<VersionRow> for TemplateVersion {
    type Error = StoreError;

    fn try_from(row: VersionRow) -> Result<Self, StoreError> {
        let bad =
            |what: &str, value: &str| StoreError::corrupt(format!("template {what}: {value:?}"));
        Ok(TemplateVersion {
            key: TemplateKey::new(
                TemplateKind::parse(&row.kind).ok_or_else(|| bad("kind", &row.kind))?,
                TemplateChannel::parse(&row.channel).ok_or_else(|| bad("channel", &row.channel))?,
                Locale::parse(&row.locale).ok_or_else(|| bad("locale", &row.locale))?,
            ),
            version: row.version,
            source: row.source,
            status: VersionStatus::parse(&row.status).ok_or_else(|| bad("status", &row.status))?,
            author_staff_id: row.author_staff_id,
            author_name: row.author_name,
            created_at: from_millis(row.created_at)?,
            published_at: row.published_at.map(from_millis).transpose()?,
            restored_from: row.restored_from,
            live_from: row.live_from.map(from_millis).transpose()?,
        })
    }
}

const COLUMNS: &str = "kind, channel, locale, version, source, status, author_staff_id, \
                       author_name, created_at, published_at, restored_from, live_from";

/// A new version as a draft; returns its number (1 for the first).
pub async fn insert_draft(
    conn: &mut Conn,
    key: &TemplateKey,
    source: &str,
    author: &StaffMember,
    restored_from: Option<i64>,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let version: i64 = sqlx::query_scalar(
        "select coalesce(max(version), 0) + 1 from template_version \
         where kind = $1 and channel = $2 and locale = $3",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into template_version (kind, channel, locale, version, source, status, \
         author_staff_id, author_name, created_at, restored_from) \
         values ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9)",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .bind(source)
    .bind(author.staff_id)
    .bind(&author.name)
    .bind(to_millis(now))
    .bind(restored_from)
    .execute(&mut *conn)
    .await?;
    Ok(version)
}

/// Makes `version` the live one and retires the one that was live (and any
/// scheduled version whose time has come). Versions scheduled for later
/// stay scheduled, and still go live at their time.
pub async fn publish(
    conn: &mut Conn,
    key: &TemplateKey,
    version: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "update template_version set status = 'retired' \
         where kind = $1 and channel = $2 and locale = $3 \
         and (status = 'published' or (status = 'scheduled' and live_from <= $4))",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "update template_version set status = 'published', published_at = $5, live_from = $5 \
         where kind = $1 and channel = $2 and locale = $3 and version = $4",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Makes a draft go live at `at`; `NotFound` unless `version` is a draft.
pub async fn schedule(
    conn: &mut Conn,
    key: &TemplateKey,
    version: i64,
    at: Timestamp,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "update template_version set status = 'scheduled', live_from = $5 \
         where kind = $1 and channel = $2 and locale = $3 and version = $4 \
         and status = 'draft'",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .bind(to_millis(at))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Makes a scheduled version a draft again, if its time has not come at
/// `now`; `NotFound` when it is not scheduled or is live already.
pub async fn cancel_schedule(
    conn: &mut Conn,
    key: &TemplateKey,
    version: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "update template_version set status = 'draft', live_from = null \
         where kind = $1 and channel = $2 and locale = $3 and version = $4 \
         and status = 'scheduled' and live_from > $5",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The version of exactly this template customers read at `now`: the
/// newest published or scheduled one whose time has come.
pub async fn live(
    conn: &mut Conn,
    key: &TemplateKey,
    now: Timestamp,
) -> Result<Option<TemplateVersion>, StoreError> {
    let row: Option<VersionRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where kind = $1 and channel = $2 and locale = $3 \
         and status in ('published', 'scheduled') and live_from <= $4 \
         order by live_from desc, version desc limit 1"
    ))
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(to_millis(now))
    .fetch_optional(&mut *conn)
    .await?;
    row.map(TryInto::try_into).transpose()
}

/// Every version that is or was live (all but drafts), the most recently
/// live first, for the in-memory snapshot the renderers read.
pub async fn all_went_live(conn: &mut Conn) -> Result<Vec<TemplateVersion>, StoreError> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where status <> 'draft' and live_from is not null \
         order by live_from desc, version desc"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Versions that were live at some time up to `now`, the most recently
/// live first.
pub async fn published_history(
    conn: &mut Conn,
    key: &TemplateKey,
    limit: i64,
    now: Timestamp,
) -> Result<Vec<TemplateVersion>, StoreError> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where kind = $1 and channel = $2 and locale = $3 and status <> 'draft' \
         and live_from <= $5 \
         order by live_from desc, version desc limit $4"
    ))
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(limit)
    .bind(to_millis(now))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// Every version of a template, the newest first.
pub async fn history(
    conn: &mut Conn,
    key: &TemplateKey,
) -> Result<Vec<TemplateVersion>, StoreError> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where kind = $1 and channel = $2 and locale = $3 order by version desc"
    ))
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}

pub async fn find(
    conn: &mut Conn,
    key: &TemplateKey,
    version: i64,
) -> Result<TemplateVersion, StoreError> {
    let row: VersionRow = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where kind = $1 and channel = $2 and locale = $3 and version = $4"
    ))
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .fetch_one(&mut *conn)
    .await?;
    row.try_into()
}

/// Every version live at `now`, one per template, for the studio's list
/// (one query, not one per template).
pub async fn all_live(conn: &mut Conn, now: Timestamp) -> Result<Vec<TemplateVersion>, StoreError> {
    let rows: Vec<VersionRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from template_version \
         where status in ('published', 'scheduled') and live_from <= $1 \
         order by live_from desc, version desc"
    ))
    .bind(to_millis(now))
    .fetch_all(&mut *conn)
    .await?;
    let mut seen = std::collections::BTreeSet::new();
    let mut live = Vec::new();
    for row in rows {
        let version = TemplateVersion::try_from(row)?;
        if seen.insert(version.key.clone()) {
            live.push(version);
        }
    }
    Ok(live)
}

/// Records who did what to which version.
pub async fn audit(
    conn: &mut Conn,
    key: &TemplateKey,
    version: i64,
    action: &str,
    staff: &StaffMember,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into template_audit (kind, channel, locale, version, action, staff_id, \
         staff_name, at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .bind(version)
    .bind(action)
    .bind(staff.staff_id)
    .bind(&staff.name)
    .bind(to_millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The audit trail of one template, the newest first.
pub async fn audit_trail(
    conn: &mut Conn,
    key: &TemplateKey,
) -> Result<Vec<AuditEntry>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        version: i64,
        action: String,
        staff_name: String,
        at: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select version, action, staff_name, at from template_audit \
         where kind = $1 and channel = $2 and locale = $3 \
         order by at desc, template_audit_id desc",
    )
    .bind(key.kind.code())
    .bind(key.channel.code())
    .bind(key.locale.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AuditEntry {
                version: r.version,
                action: r.action,
                staff_name: r.staff_name,
                at: from_millis(r.at)?,
            })
        })
        .collect()
}
