use crate::domain::FieldErrors;

/// A form that came back with errors: what the person typed and what was
/// wrong, so the page can show both and nothing typed is lost. The server
/// provides it as context when it renders a page in answer to a failed POST.
#[derive(Clone, Debug, Default)]
pub struct FormFeedback {
    /// Which form on the page failed, e.g. "confirm" or "reopen".
    pub form: String,
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    /// An error that belongs to no single field.
    pub message: Option<String>,
}

impl FormFeedback {
    pub fn for_form(form: &str) -> Option<FormFeedback> {
        leptos::prelude::use_context::<FormFeedback>().filter(|f| f.form == form)
    }

    pub fn value(&self, field: &str) -> String {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(str::to_owned)
    }
}
