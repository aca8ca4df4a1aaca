use crate::components::http_status::HttpStatus;
use crate::components::layout::CustomerFrame;
use leptos::prelude::*;
use leptos_meta::Title;

/// The page for anything we cannot show: a missing case, a wrong token, a bad
/// address. All look the same, so a guessed link reveals nothing.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <HttpStatus code=404/>
        <Title text="Not found"/>
        <CustomerFrame>
            <NotFoundCard/>
        </CustomerFrame>
    }
}

#[component]
pub fn NotFoundCard() -> impl IntoView {
    view! {
        <section class="card not-found">
            <h1>"We can't find that page"</h1>
            <p>"If you followed a link to your case, check that you copied all of it from our email."</p>
            <p>"Links in our emails stop working a while after a case closes. "
                <a href="/links">"Ask for a new link"</a>"."</p>
            <p><a class="button" href="/">"Raise a new case"</a></p>
        </section>
    }
}

/// Anything else that went wrong on a customer page, with its status.
#[component]
pub fn SorryCard(error: crate::error::AppError) -> impl IntoView {
    view! {
        <HttpStatus code=error.http_status()/>
        <section class="card"><h1>"Sorry"</h1><p>{error.to_string()}</p></section>
    }
}

/// What a customer page shows when its data could not be had: a missing
/// page for `NotFound` (a wrong token looks the same), a sorry otherwise.
pub fn failure_view(error: crate::error::AppError) -> AnyView {
    match error {
        crate::error::AppError::NotFound => view! {
            <HttpStatus code=404/>
            <Title text="Not found"/>
            <NotFoundCard/>
        }
        .into_any(),
        error => view! { <SorryCard error/> }.into_any(),
    }
}
