//! Customer notices (a closed case, a missing severity) in the live
//! `customer_notice` template's words.

use crate::domain::template::{TemplateContext, TemplateKind};
use crate::domain::{CustomerNotice, FieldError, FieldErrors};
use crate::service::Portal;
use jiff::Timestamp;

/// The words for `notice`, as text.
pub async fn notice(portal: &Portal, notice: CustomerNotice, now: Timestamp) -> String {
    let kind = TemplateKind::CustomerNotice;
    let context = match TemplateContext::new(kind).with("notice", notice.code()) {
        Ok(context) => context,
        Err(error) => {
            tracing::error!(%error, "customer-notice placeholders are out of step");
            return notice.code().to_owned();
        }
    };
    super::render_text(portal, kind, &context, now).await
}

/// A field error whose message is a notice, until `word_fields` words it.
pub fn field_notice(field: &str, notice: CustomerNotice) -> FieldError {
    FieldError::new(field, notice.code())
}

/// Words every field error that carries a notice (see `field_notice`);
/// other messages stay as they are.
pub async fn word_fields(portal: &Portal, mut errors: FieldErrors, now: Timestamp) -> FieldErrors {
    for error in &mut errors.0 {
        if let Some(found) = CustomerNotice::parse(&error.message) {
            error.message = notice(portal, found, now).await;
        }
    }
    errors
}
