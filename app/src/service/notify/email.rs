//! Customer and staff emails: rendered from the live templates, each with
//! its own private link and unsubscribe address, queued in the outbox.

use super::NotifySettings;
use crate::domain::template::{Locale, TemplateChannel, TemplateContext, TemplateKind};
pub(super) use crate::domain::wording::one_line;
use crate::domain::{Case, wording};
use crate::service::{Portal, present, secrets, templates};
use crate::store::outbox::{self, Delivery, Route};
use crate::store::subscribers::{self, Subscriber};
use crate::store::{Conn, StoreError};
use jiff::Timestamp;

/// One email to one subscriber: what kind, and an update's words if any.
pub(super) struct LinkedEmail<'a> {
    pub kind: TemplateKind,
    pub to: &'a Subscriber,
    pub update: &'a str,
}

/// Mints a private link for the recipient, renders the email with it and
/// queues it, with the link's own unsubscribe address.
pub(super) async fn email_with_own_link(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    case: &Case,
    email: LinkedEmail<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let settings = &portal.notify;
    let link = mint_link(conn, case_id, email.to.subscriber_id, now).await?;
    let status_url = format!(
        "{}{}",
        settings.public_url,
        crate::service::escalations::status_path(&case.reference, &link)
    );
    let rendered = render_email(
        portal,
        email.kind,
        case,
        email.to,
        &status_url,
        email.update,
        now,
    )
    .await;
    let unsubscribe = unsubscribe_url(settings, &link);
    queue_email(portal, conn, case_id, email.to, rendered, &unsubscribe, now).await
}

pub(super) struct Email {
    pub subject: String,
    pub body: String,
    /// The case's reference, for the footer.
    pub reference: String,
}

/// Renders a kind's subject and body from the live templates, with every
/// placeholder the kind offers.
pub(super) async fn render_email(
    portal: &Portal,
    kind: TemplateKind,
    case: &Case,
    to: &Subscriber,
    status_url: &str,
    update_body: &str,
    now: Timestamp,
) -> Email {
    let guarantee = present::guarantee_view(case, &*portal.calendar(), &portal.zone, now);
    let (due_time, zone) = match guarantee {
        Some(g) => (g.due_label, g.zone_label),
        None => (
            "as soon as we can".to_owned(),
            present::zone_label(&portal.zone),
        ),
    };
    let name = if to.name.trim().is_empty() {
        case.customer_name.clone()
    } else {
        to.name.clone()
    };
    let mut context = TemplateContext::new(kind);
    for placeholder in kind.placeholders() {
        let value = match placeholder.name {
            "customer_name" => name.clone(),
            "reference" => case.reference.to_string(),
            "stage" => case.stage.code().to_owned(),
            "due_time" => due_time.clone(),
            "zone" => zone.clone(),
            "update_body" => update_body.to_owned(),
            "status_url" | "survey_url" => status_url.to_owned(),
            "team" => portal.rules().tiers.customer_words(case.tier).to_owned(),
            "paused_since" => wording::format_time(now, &portal.zone),
            _ => String::new(),
        };
        if let Err(error) = context.set(placeholder.name, value) {
            tracing::error!(%error, %kind, "email placeholders are out of step with the templates");
        }
    }
    let locale = Locale::english();
    let subject = templates::render_live(
        portal,
        kind,
        TemplateChannel::EmailSubject,
        &locale,
        &context,
        now,
    )
    .await;
    let body = templates::render_live(
        portal,
        kind,
        TemplateChannel::EmailBody,
        &locale,
        &context,
        now,
    )
    .await;
    Email {
        subject: one_line(&subject),
        body,
        reference: case.reference.to_string(),
    }
}

/// Queues one customer email, with the footer (the `email_footer`
/// template) that says why they get it and how to stop.
pub(super) async fn queue_email(
    portal: &Portal,
    conn: &mut Conn,
    case_id: i64,
    to: &Subscriber,
    email: Email,
    unsubscribe_url: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let footer = match TemplateContext::new(TemplateKind::EmailFooter)
        .with("unsubscribe_url", unsubscribe_url)
        .and_then(|c| c.with("reference", email.reference.as_str()))
    {
        Ok(context) => {
            templates::render_live(
                portal,
                TemplateKind::EmailFooter,
                TemplateChannel::EmailBody,
                &Locale::english(),
                &context,
                now,
            )
            .await
        }
        Err(error) => {
            tracing::error!(%error, "email footer placeholders are out of step with the templates");
            String::new()
        }
    };
    let body = format!("{}\n\n--\n{}\n", email.body.trim_end(), footer.trim_end());
    let delivery = Delivery {
        case_id: Some(case_id),
        route: Route::Email,
        kind: "customer_email".to_owned(),
        recipient: to.email.clone(),
        subject: email.subject,
        message: body,
        unsubscribe_url: unsubscribe_url.to_owned(),
    };
    outbox::enqueue(conn, &delivery, now).await
}

/// Mints a fresh private link for one email; only its hash is kept.
pub(super) async fn mint_link(
    conn: &mut Conn,
    case_id: i64,
    subscriber_id: i64,
    now: Timestamp,
) -> Result<String, StoreError> {
    let token = secrets::new_token();
    subscribers::add_link(
        conn,
        &secrets::hash_token(&token),
        case_id,
        subscriber_id,
        now,
    )
    .await?;
    Ok(token)
}

pub(super) fn unsubscribe_url(settings: &NotifySettings, token: &str) -> String {
    format!("{}/unsubscribe?token={token}", settings.public_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_never_carry_line_breaks() {
        assert_eq!(
            one_line("Breached:\r\nBcc: x@evil\n"),
            "Breached: Bcc: x@evil"
        );
    }
}
