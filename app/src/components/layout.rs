use super::http_status::HttpStatus;
use crate::error::AppError;
use leptos::prelude::*;

/// The frame around customer pages.
#[component]
pub fn CustomerFrame(children: Children) -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/">"Baton"</a>
            <span class="tagline">"Support that tells you where things stand"</span>
        </header>
        <main class="page">{children()}</main>
    }
}

/// The frame around staff pages.
#[component]
pub fn StaffFrame(#[prop(optional)] who: Option<String>, children: Children) -> impl IntoView {
    view! {
        // The console's own styles, which customer pages never download. In
        // the body (allowed for stylesheets): a streamed page's head is sent
        // before the frame is known.
        <link rel="stylesheet" href="/staff.css"/>
        // Shortcuts, the command palette and the SLA clocks' ticking.
        <script src="/staff.js" defer></script>
        <header class="topbar topbar-staff">
            <a class="brand" href="/staff">"Baton · Staff"</a>
            <nav class="staff-nav" aria-label="Console">
                <a href="/staff">"Cases"</a>
                <a href="/staff/alerts">"SLA alerts"</a>
                <a href="/staff/early-warning">"Early warning"</a>
                <a href="/staff/incidents">"Major incidents"</a>
                <a href="/staff/reviews">"Reviews"</a>
                <a href="/staff/reports">"Reports"</a>
                <a href="/staff/articles">"Knowledge base"</a>
                <a href="/ops/templates">"Message templates"</a>
                <a href="/ops/jargon">"Jargon list"</a>
                <a href="/ops/sla">"SLA settings"</a>
                <a href="/ops/tiers">"Tiers and teams"</a>
                <a href="/ops/raci">"Types and RACI"</a>
                <a href="/ops/sponsors">"Sponsors"</a>
                <a href="/ops/playbooks">"Playbooks"</a>
                <a href="/ops/rules">"Rules"</a>
                <a href="/admin/authority">"Authority"</a>
            </nav>
            {who.map(|name| view! {
                <form class="signout" method="post" action="/staff/sign-out">
                    <span>{name}</span>
                    <button type="submit" class="link-button">"Sign out"</button>
                </form>
            })}
        </header>
        <main class="page page-wide">{children()}</main>
    }
}

/// What a staff page shows for the data it loaded: the page itself, the
/// sign-in prompt, or the error with its HTTP status.
pub fn staff_page<T>(loaded: Result<T, AppError>, page: impl FnOnce(T) -> AnyView) -> AnyView {
    match loaded {
        Ok(data) => page(data),
        Err(AppError::SignInRequired) => view! { <SignInPrompt/> }.into_any(),
        Err(error) => view! {
            <HttpStatus code=error.http_status()/>
            <StaffFrame><p class="card">{error.to_string()}</p></StaffFrame>
        }
        .into_any(),
    }
}

/// The body of the 303 that sends a signed-out visitor to the sign-in page.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    view! {
        <StaffFrame>
            <p class="card">"Please " <a href="/staff/sign-in">"sign in"</a> " to see this page."</p>
        </StaffFrame>
    }
}

/// The frame around the chat panel's pages: small, made to sit in an iframe
/// on a customer's own website.
#[component]
pub fn ChatFrame(children: Children) -> impl IntoView {
    view! {
        <header class="chat-top">
            <span class="chat-brand">"Support chat"</span>
            <span class="chat-promise">"We tell you at once when we'll reply"</span>
        </header>
        <main class="chat">{children()}</main>
    }
}
