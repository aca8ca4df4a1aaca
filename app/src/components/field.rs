use leptos::prelude::*;

/// Text for a `<textarea>`: the server renders its children without
/// escaping, so typed text holding `</textarea>` could end the field and
/// inject markup. Give it through `inner_html` with this.
pub fn textarea_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A labelled input with its error right beside it, linked for screen readers.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    /// Keeps ids unique when two forms on a page share a field name.
    #[prop(optional)]
    form: Option<&'static str>,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let id = match form {
        Some(form) => format!("field-{form}-{name}"),
        None => format!("field-{name}"),
    };
    let error_id = format!("{id}-error");
    let invalid = error.is_some();
    let described = invalid.then(|| error_id.clone());
    let control = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="6" required=required maxlength=maxlength
                aria-invalid=invalid.then_some("true") aria-describedby=described.clone()
                inner_html=textarea_text(&value)></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind value=value required=required maxlength=maxlength
                autocomplete=autocomplete aria-invalid=invalid.then_some("true")
                aria-describedby=described.clone()/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {control}
            {error.map(|e| view! { <p class="field-error" id=error_id>{e}</p> })}
        </div>
    }
}
