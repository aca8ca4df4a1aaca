//! "My cases": a customer asks for a sign-in link by email, and the link
//! (single-use, short-lived, bound to that address) opens a short session
//! that lists every case raised from the address, each with its guarantee
//! and its private page. No passwords; per-case links keep working.

use super::{Portal, escalations, present, secrets, templates};
use crate::domain::customer::CustomerEmail;
use crate::domain::template::{TemplateContext, TemplateKind};
use crate::domain::{Stage, wording};
use crate::error::AppError;
use crate::store::outbox::{self, Delivery, Route};
use crate::store::subscribers::{self, SubscriberRole};
use crate::store::{Conn, StoreError, cases, customer_sign_in};
use crate::views::{MyCaseItem, MyCasesView};
use jiff::{SignedDuration, Timestamp};

/// How long an emailed sign-in link works.
pub const LINK_VALID: SignedDuration = SignedDuration::from_mins(15);
/// How long a session lasts after the link was used.
pub const SESSION_VALID: SignedDuration = SignedDuration::from_hours(12);
/// Links one address gets in an hour, whoever asks and from wherever
/// (counted in the database, so every process agrees): nobody can fill a
/// customer's inbox.
const LINKS_PER_HOUR: i64 = 5;
/// The most cases one page lists.
const CASES_SHOWN: i64 = 100;

/// Emails a sign-in link to `email` when cases were raised from it. The
/// caller answers the same either way, so nobody learns who is a customer.
pub async fn request_link(
    portal: &Portal,
    email: &CustomerEmail,
    now: Timestamp,
) -> Result<(), AppError> {
    let address = email.as_str().to_lowercase();
    let mut tx = portal.store.begin().await?;
    if cases::of_customer(&mut tx, &address, 1).await?.is_empty() {
        return Ok(());
    }
    let hour_ago = now - SignedDuration::from_hours(1);
    if customer_sign_in::links_sent_since(&mut tx, &address, hour_ago).await? >= LINKS_PER_HOUR {
        tracing::info!("sign-in links: hourly cap reached for an address; none sent");
        return Ok(());
    }
    if !portal.notify.email {
        tracing::warn!("a customer asked for a sign-in link, but no mail relay is configured");
        return Ok(());
    }
    let token = secrets::new_token();
    let hash = secrets::hash_token(&token);
    customer_sign_in::add_link(&mut tx, &hash, &address, now, now + LINK_VALID).await?;
    let url = format!("{}{}", portal.notify.public_url, sign_in_path(&token));
    let (subject, body) = sign_in_email(portal, &url, now).await?;
    let delivery = Delivery {
        case_id: None,
        route: Route::Email,
        kind: TemplateKind::SignInLink.code().to_owned(),
        recipient: email.as_str().to_owned(),
        subject,
        message: body,
        unsubscribe_url: String::new(),
    };
    outbox::enqueue(&mut tx, &delivery, now).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// Where an emailed sign-in link points.
pub fn sign_in_path(token: &str) -> String {
    format!("/my-cases/{token}")
}

async fn sign_in_email(
    portal: &Portal,
    url: &str,
    now: Timestamp,
) -> Result<(String, String), AppError> {
    let minutes = LINK_VALID.as_mins();
    let context = TemplateContext::new(TemplateKind::SignInLink)
        .with("sign_in_url", url)
        .and_then(|c| c.with("valid_for", format!("{minutes} minutes")))
        .map_err(|error| {
            tracing::error!(%error, "sign-in link placeholders are out of step with the template");
            AppError::Unexpected
        })?;
    Ok(templates::render_email(portal, TemplateKind::SignInLink, &context, now).await)
}

/// Uses up a sign-in link and opens a session: its token, or `None` for a
/// link that is unknown, used or expired (all alike).
pub async fn sign_in(
    portal: &Portal,
    token: &str,
    now: Timestamp,
) -> Result<Option<String>, AppError> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let mut tx = portal.store.begin().await?;
    let Some(email) =
        customer_sign_in::claim_link(&mut tx, &secrets::hash_token(token), now).await?
    else {
        return Ok(None);
    };
    let session = secrets::new_token();
    customer_sign_in::add_session(
        &mut tx,
        &secrets::hash_token(&session),
        &email,
        now,
        now + SESSION_VALID,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(Some(session))
}

pub async fn sign_out(portal: &Portal, session: &str) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    customer_sign_in::end_session(&mut tx, &secrets::hash_token(session)).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// The signed-in customer's cases, or `None` without a live session.
pub async fn list(
    portal: &Portal,
    session: &str,
    now: Timestamp,
) -> Result<Option<MyCasesView>, AppError> {
    if session.is_empty() {
        return Ok(None);
    }
    let mut tx = portal.store.begin().await?;
    let Some(email) =
        customer_sign_in::session_email(&mut tx, &secrets::hash_token(session), now).await?
    else {
        return Ok(None);
    };
    let stored = cases::of_customer(&mut tx, &email, CASES_SHOWN).await?;
    let mut links = Vec::with_capacity(stored.len());
    for case in &stored {
        links.push(case_link(&mut tx, session, case, &email, now).await?);
    }
    tx.commit().await.map_err(StoreError::from)?;
    let mut items = Vec::with_capacity(stored.len());
    for (stored, url) in stored.iter().zip(links) {
        let case = &stored.case;
        let words = templates::status_words(portal, case, &[], "", now).await;
        let guarantee =
            present::guarantee_view(case, &*portal.calendar(), &portal.zone, now).map(|mut g| {
                if let Some(lead) = words.guarantee_lead.clone() {
                    g.lead = lead;
                }
                g
            });
        items.push(MyCaseItem {
            reference: case.reference.to_string(),
            subject: case.subject.clone(),
            open: case.stage != Stage::Closed,
            stage_label: words.stage_label,
            next_step: words.next_step,
            guarantee,
            raised_label: format!(
                "{} {}",
                wording::format_time(case.created_at, &portal.zone),
                present::zone_label(&portal.zone)
            ),
            url,
        });
    }
    Ok(Some(MyCasesView {
        email,
        cases: items,
    }))
}

/// The case's private page for this session. The link's token is derived
/// from the session's own secret, so every view of the list gives the same
/// link (stored once, hashed, like an emailed one) and nobody without the
/// session can work it out.
async fn case_link(
    conn: &mut Conn,
    session: &str,
    stored: &cases::StoredCase,
    email: &str,
    now: Timestamp,
) -> Result<Option<String>, StoreError> {
    let subscriber = match subscribers::find(conn, stored.id, email).await? {
        Some(found) if found.unsubscribed => return Ok(None),
        Some(found) => found.subscriber_id,
        None => {
            let case = &stored.case;
            subscribers::add(
                conn,
                stored.id,
                &case.customer_email,
                &case.customer_name,
                SubscriberRole::Customer,
                now,
            )
            .await?
        }
    };
    let reference = stored.case.reference.as_str();
    let mac = secrets::keyed_mac(
        session.as_bytes(),
        "my-cases case link",
        reference.as_bytes(),
    );
    let token: String = mac[..20].iter().map(|b| format!("{b:02x}")).collect();
    subscribers::add_link(
        conn,
        &secrets::hash_token(&token),
        stored.id,
        subscriber,
        now,
    )
    .await?;
    Ok(Some(escalations::status_path(
        &stored.case.reference,
        &token,
    )))
}
