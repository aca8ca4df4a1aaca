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
        <header class="topbar topbar-staff">
            <a class="brand" href="/staff">"Baton · Staff"</a>
            <nav class="staff-nav" aria-label="Console">
                <a href="/staff">"Cases"</a>
                <a href="/staff/alerts">"SLA alerts"</a>
                <a href="/ops/templates">"Message templates"</a>
                <a href="/ops/sla">"SLA settings"</a>
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

/// The body of the 303 that sends a signed-out visitor to the sign-in page.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    view! {
        <StaffFrame>
            <p class="card">"Please " <a href="/staff/sign-in">"sign in"</a> " to see this page."</p>
        </StaffFrame>
    }
}
