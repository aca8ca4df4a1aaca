//! A situation update as customers will read it, before it goes out: the
//! page's words and the email's subject and body, from the live templates,
//! for a sample reader. Nothing is stored or sent.

use super::view::{UpdateReader, update_context};
use crate::domain::incident::IncidentReference;
use crate::domain::template::{Locale, TemplateChannel, TemplateKind, unescape_html};
use crate::domain::wording;
use crate::error::AppError;
use crate::service::{Portal, present, templates};
use crate::store::incidents;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::UpdateRequest;

/// The three texts one update becomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdatePreview {
    pub web: String,
    pub email_subject: String,
    pub email_body: String,
}

/// Checks the update as publishing would, then words it for "Sam Customer"
/// and one of their cases.
pub async fn preview(
    portal: &Portal,
    reference: &str,
    request: &UpdateRequest,
    now: Timestamp,
) -> Result<UpdatePreview, AppError> {
    let update = request.checked(now)?;
    let reference = IncidentReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = incidents::find(&mut conn, &reference).await?;
    drop(conn);
    let next = wording::format_time(update.next_update_at, &portal.zone);
    let zone = present::zone_label(&portal.zone);
    let status_url = format!("{}/cases/ESC-7Q4K2M?token=…", portal.notify.public_url);
    let reader = UpdateReader {
        customer_name: "Sam Customer",
        reference: "ESC-7Q4K2M",
        status_url: &status_url,
    };
    let context = update_context(&stored.incident.title, &update, &next, &zone, &reader);
    let render = async |channel| {
        templates::render_live(
            portal,
            TemplateKind::IncidentUpdate,
            channel,
            &Locale::english(),
            &context,
            now,
        )
        .await
    };
    Ok(UpdatePreview {
        web: unescape_html(&render(TemplateChannel::Web).await),
        email_subject: wording::one_line(&render(TemplateChannel::EmailSubject).await),
        email_body: render(TemplateChannel::EmailBody).await,
    })
}
