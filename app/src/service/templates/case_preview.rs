//! Previewing a template with a real case's values instead of the examples,
//! so support ops see exactly what that customer would read. It reads the
//! case; it saves and sends nothing.

use super::{CONFIGURING, StudioError};
use crate::domain::template::{
    JargonList, PlainLanguageRules, Sandbox, TemplateChannel, TemplateContext, TemplateKind,
    plain_language, unescape_html, validate,
};
use crate::domain::{Case, CaseReference, FieldError, FieldErrors, Promise, wording};
use crate::error::AppError;
use crate::service::{Portal, present};
use crate::store::{StoreError, cases};
use crate::views::{PreviewView, WarningView};
use jiff::Timestamp;

/// The field that names the case, in the editor's form and in the API.
pub const CASE_REFERENCE: &str = "case_reference";

/// Validates `source` as publishing would, then renders it with the case's
/// values and checks those words against the plain-language rules.
#[allow(clippy::too_many_arguments)] // the preview's inputs, each a different thing
pub async fn preview_with_case(
    portal: &Portal,
    member: &crate::domain::StaffMember,
    kind: TemplateKind,
    channel: TemplateChannel,
    source: &str,
    jargon: &JargonList,
    reference: &str,
    now: Timestamp,
) -> Result<PreviewView, StudioError> {
    member.require_configurer(CONFIGURING)?;
    let reference = CaseReference::parse(reference).ok_or_else(|| {
        field_error("Case references look like ESC-7Q4K2M. Check the one you typed.")
    })?;
    validate(kind, channel, source).map_err(StudioError::Broken)?;
    let mut conn = portal.store.read().await?;
    let case = match cases::find_by_reference(&mut conn, &reference).await {
        Ok(stored) => stored.case,
        Err(StoreError::NotFound) => {
            return Err(field_error(&format!(
                "We have no case {reference}. Check the reference, or leave it empty to preview with the examples."
            ))
            .into());
        }
        Err(other) => return Err(other.into()),
    };
    drop(conn);
    let context = case_context(portal, kind, &case, now);
    let rendered = Sandbox::default()
        .render(kind, channel, source, &context)
        .map_err(StudioError::Broken)?;
    let text = if channel.escapes_html() {
        unescape_html(&rendered)
    } else {
        rendered
    };
    let rules = PlainLanguageRules::for_message(kind, channel, jargon.clone());
    let warnings = plain_language::check(&text, &rules)
        .into_iter()
        .map(|w| WarningView {
            code: w.code.as_str().to_owned(),
            message: w.message,
        })
        .collect();
    Ok(PreviewView {
        rendered: text,
        warnings,
    })
}

fn field_error(message: &str) -> AppError {
    AppError::Invalid(FieldErrors(vec![FieldError::new(CASE_REFERENCE, message)]))
}

/// Every placeholder of `kind` the case holds; the rest (an update's words,
/// why we wait) keep their example values.
pub fn case_context(
    portal: &Portal,
    kind: TemplateKind,
    case: &Case,
    now: Timestamp,
) -> TemplateContext {
    let guarantee = present::guarantee_view(case, &*portal.calendar(), &portal.zone, now);
    let status_url = format!("{}/cases/{}", portal.notify.public_url, case.reference);
    let mut context = TemplateContext::example(kind);
    for placeholder in kind.placeholders() {
        let value = match placeholder.name {
            "customer_name" => case.customer_name.clone(),
            "reference" => case.reference.to_string(),
            "subject" => case.subject.clone(),
            "severity" => case.severity.code().to_owned(),
            "stage" => case.stage.code().to_owned(),
            "team" => portal.rules().tiers.customer_words(case.tier).to_owned(),
            "due_time" => guarantee.as_ref().map_or_else(
                || "as soon as we can".to_owned(),
                |g| wording::format_time(g.due_at, &portal.zone),
            ),
            "zone" => guarantee.as_ref().map_or_else(
                || present::zone_label(&portal.zone),
                |g| g.zone_label.clone(),
            ),
            "guarantee" => match &guarantee {
                Some(g) => g.kind.code().to_owned(),
                None => continue,
            },
            "status_url" | "survey_url" => status_url.clone(),
            // The next step's words depend on whether we wait for them.
            "paused_since" if kind == TemplateKind::NextStep => {
                match present::promise(case, &*portal.calendar()) {
                    Promise::PausedForYou { since } => wording::format_time(since, &portal.zone),
                    _ => String::new(),
                }
            }
            _ => continue,
        };
        if let Err(error) = context.set(placeholder.name, value) {
            tracing::error!(%error, %kind, "preview placeholders are out of step with the templates");
        }
    }
    context
}
