use leptos::prelude::*;

/// A card that stays closed until asked for: for the case page's rarer acts,
/// so the everyday ones are at hand. Open when its form came back with an
/// error, so nothing typed is hidden.
#[component]
pub fn Fold(title: &'static str, open: bool, children: Children) -> impl IntoView {
    view! {
        <details class="card fold" open=open>
            <summary><h2>{title}</h2></summary>
            {children()}
        </details>
    }
}
