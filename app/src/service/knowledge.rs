//! The knowledge base: articles staff write (often from a solved case),
//! versioned, checked for plain language; public ones answer customers at
//! `/help` and on the raise form while they type.

use super::{Portal, jargon, present};
use crate::domain::article::{self, ArticleDraft, Visibility};
use crate::domain::template::{PlainLanguageRules, plain_language};
use crate::domain::{CaseReference, EventKind, FieldError, FieldErrors, StaffMember, wording};
use crate::error::AppError;
use crate::store::articles::{self, StoredArticle};
use crate::store::{StoreError, cases, events};
use crate::views::{ArticleForm, ArticleRequest, ArticleView, ArticlesPage, HelpPage, Suggestion};
use jiff::{SignedDuration, Timestamp};

/// Suggestions the raise form shows at most.
const SUGGESTIONS: i64 = 5;
const SNIPPET_CHARS: usize = 160;

pub fn help_path(slug: &str) -> String {
    format!("/help/{slug}")
}

/// The longest search a client may send.
pub const MAX_QUERY: usize = 200;

/// A search as an API client sent it: at most `MAX_QUERY` characters.
pub fn checked_query(query: &str) -> Result<&str, AppError> {
    if query.chars().count() > MAX_QUERY {
        return Err(AppError::Invalid(FieldErrors(vec![FieldError::new(
            "q",
            "Search with at most 200 characters.",
        )])));
    }
    Ok(query)
}

/// Public articles for what a customer typed, best first.
pub async fn suggestions(portal: &Portal, query: &str) -> Result<Vec<Suggestion>, AppError> {
    let words = article::search_words(query);
    let found = {
        let mut conn = portal.store.read().await?;
        articles::search(&mut conn, &words, true, SUGGESTIONS).await?
    };
    Ok(found
        .iter()
        .map(|a| Suggestion {
            title: a.title.clone(),
            url: help_path(&a.slug),
            snippet: article::snippet(&a.body, &words, SNIPPET_CHARS),
        })
        .collect())
}

/// Articles (internal and public) for staff working a case about `subject`.
pub async fn for_staff(portal: &Portal, subject: &str) -> Result<Vec<Suggestion>, AppError> {
    let words = article::search_words(subject);
    let found = {
        let mut conn = portal.store.read().await?;
        articles::search(&mut conn, &words, false, 3).await?
    };
    Ok(found
        .iter()
        .map(|a| Suggestion {
            title: a.title.clone(),
            url: format!("/staff/articles?edit={}", a.slug),
            snippet: article::snippet(&a.body, &words, SNIPPET_CHARS),
        })
        .collect())
}

/// `/help`: results for `query`, or the newest public articles.
pub async fn help_page(portal: &Portal, query: &str) -> Result<HelpPage, AppError> {
    let query = query.trim().chars().take(200).collect::<String>();
    let results = if article::search_words(&query).is_empty() {
        let mut conn = portal.store.read().await?;
        articles::recent(&mut conn, true, 20)
            .await?
            .iter()
            .map(|a| Suggestion {
                title: a.title.clone(),
                url: help_path(&a.slug),
                snippet: article::snippet(&a.body, &[], SNIPPET_CHARS),
            })
            .collect()
    } else {
        suggestions(portal, &query).await?
    };
    Ok(HelpPage { query, results })
}

/// A public article for customers; an internal one is not found.
pub async fn public_article(portal: &Portal, slug: &str) -> Result<ArticleView, AppError> {
    let stored = {
        let mut conn = portal.store.read().await?;
        articles::find(&mut conn, slug).await?
    };
    if stored.visibility != Visibility::Public {
        return Err(AppError::NotFound);
    }
    Ok(view(portal, &stored, Vec::new()))
}

/// A customer said a public article answered their question: an escalation
/// that did not need raising.
pub async fn answered(portal: &Portal, slug: &str, now: Timestamp) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    let stored = articles::find(&mut tx, slug).await?;
    if stored.visibility != Visibility::Public {
        return Err(AppError::NotFound);
    }
    articles::record_deflection(&mut tx, Some(stored.id), now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Writes a new article (any member of staff, as knowledge is captured in
/// the flow of work).
pub async fn create(
    portal: &Portal,
    member: &StaffMember,
    request: &ArticleRequest,
    now: Timestamp,
) -> Result<ArticleView, AppError> {
    let draft = parse(request)?;
    let mut tx = portal.store.begin().await?;
    let source = match request
        .from_case
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        None => None,
        Some(raw) => Some(existing_case(&mut tx, raw).await?),
    };
    let slug = article::slug(&draft.title);
    let stored = articles::insert(
        &mut tx,
        &slug,
        &draft,
        source.as_deref(),
        &member.email,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(slug = %stored.slug, by = %member.email, "article written");
    Ok(view(portal, &stored, warnings(portal, &draft).await))
}

/// Saves a new version of an article.
pub async fn update(
    portal: &Portal,
    member: &StaffMember,
    slug: &str,
    request: &ArticleRequest,
    now: Timestamp,
) -> Result<ArticleView, AppError> {
    let draft = parse(request)?;
    let mut tx = portal.store.begin().await?;
    let stored = articles::find(&mut tx, slug).await?;
    if request.version.is_some_and(|v| v != stored.version) {
        return Err(changed_since());
    }
    let saved = match articles::update(&mut tx, &stored, &draft, &member.email, now).await {
        Err(StoreError::Conflict(_)) => return Err(changed_since()),
        other => other?,
    };
    tx.commit().await.map_err(StoreError::from)?;
    Ok(view(portal, &saved, warnings(portal, &draft).await))
}

fn changed_since() -> AppError {
    AppError::Conflict(
        "Someone else saved this article since you opened it. Reload it and make your change again."
            .to_owned(),
    )
}

fn parse(request: &ArticleRequest) -> Result<ArticleDraft, AppError> {
    ArticleDraft::parse(&request.title, &request.body, &request.visibility)
        .map_err(AppError::Invalid)
}

async fn existing_case(conn: &mut crate::store::Conn, raw: &str) -> Result<String, AppError> {
    let unknown = || {
        AppError::Invalid(FieldErrors(vec![FieldError::new(
            "from_case",
            "No case has that reference.",
        )]))
    };
    let reference = CaseReference::parse(raw).ok_or_else(unknown)?;
    match cases::find_by_reference(conn, &reference).await {
        Ok(stored) => Ok(stored.case.reference.to_string()),
        Err(StoreError::NotFound) => Err(unknown()),
        Err(other) => Err(other.into()),
    }
}

/// Plain-language advice for an article customers will read.
async fn warnings(portal: &Portal, draft: &ArticleDraft) -> Vec<String> {
    if draft.visibility != Visibility::Public {
        return Vec::new();
    }
    let rules = PlainLanguageRules {
        jargon: jargon::list(portal).await,
        require_next_step: false,
        ..PlainLanguageRules::default()
    };
    plain_language::check(&draft.body, &rules)
        .into_iter()
        .map(|w| w.message)
        .collect()
}

fn view(portal: &Portal, stored: &StoredArticle, warnings: Vec<String>) -> ArticleView {
    ArticleView {
        slug: stored.slug.clone(),
        url: help_path(&stored.slug),
        title: stored.title.clone(),
        body: stored.body.clone(),
        visibility: stored.visibility,
        version: stored.version,
        source_case: stored.source_case.clone(),
        updated_label: format!(
            "{} {} by {}",
            wording::format_time(stored.updated_at, &portal.zone),
            present::zone_label(&portal.zone),
            stored.updated_by
        ),
        warnings,
    }
}

/// `/staff/articles`: the form (new, pre-filled from a solved case, or an
/// article being edited), the articles (searched, if asked), and how often
/// they answered a customer.
pub async fn staff_page(
    portal: &Portal,
    query: &str,
    from_case: &str,
    edit: &str,
    now: Timestamp,
) -> Result<ArticlesPage, AppError> {
    let mut conn = portal.store.read().await?;
    let words = article::search_words(query);
    let found = if words.is_empty() {
        articles::recent(&mut conn, false, 100).await?
    } else {
        articles::search(&mut conn, &words, false, 100).await?
    };
    let form = if !edit.trim().is_empty() {
        let stored = articles::find(&mut conn, edit.trim()).await?;
        ArticleForm {
            slug: Some(stored.slug),
            version: Some(stored.version),
            title: stored.title,
            body: stored.body,
            visibility: stored.visibility,
            from_case: stored.source_case,
        }
    } else if let Some(reference) = CaseReference::parse(from_case.trim()) {
        draft_from_case(&mut conn, &reference).await?
    } else {
        ArticleForm::default()
    };
    let since = now - SignedDuration::from_hours(24 * 30);
    let deflections_30_days = articles::deflections_since(&mut conn, since).await?;
    Ok(ArticlesPage {
        form,
        articles: found.iter().map(|a| view(portal, a, Vec::new())).collect(),
        deflections_30_days,
    })
}

/// A new article's first draft from a case: its subject as the question,
/// and what we told the customer (updates, the solution) as the answer.
async fn draft_from_case(
    conn: &mut crate::store::Conn,
    reference: &CaseReference,
) -> Result<ArticleForm, AppError> {
    let stored = cases::find_by_reference(conn, reference).await?;
    let history = events::for_case(conn, stored.id).await?;
    let told: Vec<String> = history
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PublicUpdate { body, .. } => Some(body.clone()),
            EventKind::Solved { summary } => Some(summary.clone()),
            _ => None,
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    Ok(ArticleForm {
        slug: None,
        version: None,
        title: stored.case.subject.clone(),
        body: told.join("\n\n"),
        visibility: Visibility::Internal,
        from_case: Some(stored.case.reference.to_string()),
    })
}
