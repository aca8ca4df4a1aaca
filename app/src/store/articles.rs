//! Knowledge-base articles, their versions, and full-text search: SQLite's
//! FTS5 (ranked by BM25, the title weighing more) or PostgreSQL's text
//! search (ranked by `ts_rank` over a weighted `tsvector`), never `LIKE`.

use super::{Conn, StoreError, from_millis, to_millis};
use crate::domain::article::{ArticleDraft, Visibility};
use jiff::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub version: i64,
    pub source_case: Option<String>,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

type Row = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    String,
);

const COLUMNS: &str = "a.article_id, a.slug, a.title, a.body, a.visibility, a.version, \
    a.source_case, a.updated_at, a.updated_by";

fn from_row(row: Row) -> Result<StoredArticle, StoreError> {
    let (id, slug, title, body, visibility, version, source_case, updated_at, updated_by) = row;
    Ok(StoredArticle {
        id,
        slug,
        title,
        body,
        visibility: Visibility::parse(&visibility).unwrap_or_default(),
        version,
        source_case,
        updated_at: from_millis(updated_at)?,
        updated_by,
    })
}

/// Stores a new article under `slug`, or `slug-2`, `slug-3`… when taken.
pub async fn insert(
    conn: &mut Conn,
    slug: &str,
    draft: &ArticleDraft,
    source_case: Option<&str>,
    by: &str,
    now: Timestamp,
) -> Result<StoredArticle, StoreError> {
    let mut candidate = slug.to_owned();
    let mut n = 1;
    loop {
        let taken: Option<i64> =
            sqlx::query_scalar("select article_id from article where slug = $1")
                .bind(&candidate)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_none() {
            break;
        }
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    let id: i64 = sqlx::query_scalar(
        "insert into article (slug, title, body, visibility, version, source_case, created_at, \
         updated_at, updated_by) values ($1, $2, $3, $4, 1, $5, $6, $6, $7) returning article_id",
    )
    .bind(&candidate)
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(draft.visibility.code())
    .bind(source_case)
    .bind(to_millis(now))
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    add_version(conn, id, 1, draft, by, now).await?;
    find(conn, &candidate).await
}

/// Saves a new version of an article, only if `version` is still the
/// stored one (someone else's save in between is a conflict).
pub async fn update(
    conn: &mut Conn,
    stored: &StoredArticle,
    draft: &ArticleDraft,
    by: &str,
    now: Timestamp,
) -> Result<StoredArticle, StoreError> {
    let next = stored.version + 1;
    let changed = sqlx::query(
        "update article set title = $1, body = $2, visibility = $3, version = $4, \
         updated_at = $5, updated_by = $6 where article_id = $7 and version = $8",
    )
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(draft.visibility.code())
    .bind(next)
    .bind(to_millis(now))
    .bind(by)
    .bind(stored.id)
    .bind(stored.version)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(StoreError::Conflict(super::Conflict::Version));
    }
    add_version(conn, stored.id, next, draft, by, now).await?;
    find(conn, &stored.slug).await
}

async fn add_version(
    conn: &mut Conn,
    id: i64,
    version: i64,
    draft: &ArticleDraft,
    by: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "insert into article_version (article_id, version, title, body, visibility, saved_at, \
         saved_by) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(draft.visibility.code())
    .bind(to_millis(now))
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut Conn, slug: &str) -> Result<StoredArticle, StoreError> {
    let sql = format!("select {COLUMNS} from article a where a.slug = $1");
    let row: Row = sqlx::query_as(&sql)
        .bind(slug)
        .fetch_one(&mut *conn)
        .await?;
    from_row(row)
}

/// The most recently changed articles (public ones only, if asked).
pub async fn recent(
    conn: &mut Conn,
    public_only: bool,
    limit: i64,
) -> Result<Vec<StoredArticle>, StoreError> {
    let filter = if public_only {
        "where a.visibility = 'public'"
    } else {
        ""
    };
    let sql =
        format!("select {COLUMNS} from article a {filter} order by a.updated_at desc limit $1");
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// Articles matching any of `words` (plain letters and digits, see
/// `article::search_words`), best first; the last word also matches as a
/// prefix, since customers are still typing it.
pub async fn search(
    conn: &mut Conn,
    words: &[String],
    public_only: bool,
    limit: i64,
) -> Result<Vec<StoredArticle>, StoreError> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let public = if public_only {
        " and a.visibility = 'public'"
    } else {
        ""
    };
    let last = words.len() - 1;
    let (sql, query) = if conn.backend_name() == "SQLite" {
        let query = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "select {COLUMNS} from article_fts f join article a on a.article_id = f.rowid \
             where article_fts match $1{public} order by bm25(article_fts, 10.0, 1.0) limit $2"
        );
        (sql, query)
    } else {
        let query = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == last {
                    format!("{w}:*")
                } else {
                    w.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" | ");
        let sql = format!(
            "select {COLUMNS} from article a where a.search @@ to_tsquery('english', $1){public} \
             order by ts_rank(a.search, to_tsquery('english', $1)) desc, a.updated_at desc limit $2"
        );
        (sql, query)
    };
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(query)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(from_row).collect()
}

/// A customer read suggestions (or an article) and left without raising.
pub async fn record_deflection(
    conn: &mut Conn,
    article_id: Option<i64>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("insert into help_deflection (article_id, at) values ($1, $2)")
        .bind(article_id)
        .bind(to_millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Deflections since `since`.
pub async fn deflections_since(conn: &mut Conn, since: Timestamp) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("select count(*) from help_deflection where at >= $1")
            .bind(to_millis(since))
            .fetch_one(&mut *conn)
            .await?,
    )
}
