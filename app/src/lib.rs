//! Baton's web app: the shell, the routes and the module map.

#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod components;
pub mod domain;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;

use assets::{AssetLinks, AssetUrls};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The HTML document around every page; `assets` says where its files are.
pub fn shell(options: LeptosOptions, assets: AssetUrls) -> impl IntoView {
    allow_only_own_scripts();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%231f4fd1'/%3E%3C/svg%3E"/>
                <AutoReload options/>
                <AssetLinks urls=assets/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Tells the browser to run only this page's own scripts: the ones Leptos
/// writes carry the request's nonce, and everything else comes from `/pkg`.
/// The server adds the rest of the content security policy.
fn allow_only_own_scripts() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = http::HeaderValue::from_str(&format!(
        "script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"
    )) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| format!("{page} · Baton")/>
        <Router>
            <Routes fallback=pages::not_found::NotFoundPage>
                <Route path=path!("/") view=pages::raise::RaisePage/>
                <Route path=path!("/cases/:reference") view=pages::status::StatusPage ssr=SsrMode::Async/>
                <Route path=path!("/links") view=pages::fresh_link::FreshLinkPage/>
                <Route path=path!("/help") view=pages::help::HelpPage ssr=SsrMode::Async/>
                <Route path=path!("/help/:slug") view=pages::help_article::HelpArticlePage ssr=SsrMode::Async/>
                <Route path=path!("/my-cases") view=pages::my_cases::MyCasesPage ssr=SsrMode::Async/>
                <Route path=path!("/unsubscribe") view=pages::unsubscribe::UnsubscribePage ssr=SsrMode::Async/>
                <Route path=path!("/staff/sign-in") view=pages::staff_sign_in::StaffSignInPage/>
                <Route path=path!("/staff/calls/new") view=pages::staff_call::StaffCallPage ssr=SsrMode::Async/>
                <Route path=path!("/chat") view=pages::chat::ChatPage/>
                <Route path=path!("/chat/:reference") view=pages::chat_case::ChatCasePage ssr=SsrMode::Async/>
                <Route path=path!("/staff") view=pages::staff_queue::StaffQueuePage ssr=SsrMode::Async/>
                <Route path=path!("/staff/articles") view=pages::staff_articles::StaffArticlesPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/reviews") view=pages::staff_reviews::StaffReviewsPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/reviews/:reference") view=pages::staff_review::StaffReviewPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/reports") view=pages::staff_reports::StaffReportsPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/early-warning") view=pages::staff_early_warning::StaffEarlyWarningPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/alerts") view=pages::staff_alerts::StaffAlertsPage ssr=SsrMode::Async/>
                <Route path=path!("/staff/incidents") view=pages::staff_incidents::StaffIncidentsPage ssr=SsrMode::Async/>
                <Route
                    path=path!("/staff/incidents/:reference")
                    view=pages::staff_incident::StaffIncidentPage
                    ssr=SsrMode::Async
                />
                <Route path=path!("/admin/authority") view=pages::admin_authority::AdminAuthorityPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/jargon") view=pages::ops_jargon::OpsJargonPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/raci") view=pages::ops_raci::OpsRaciPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/sponsors") view=pages::ops_sponsors::OpsSponsorsPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/rules") view=pages::ops_rules::OpsRulesPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/playbooks") view=pages::ops_playbooks::OpsPlaybooksPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/tiers") view=pages::ops_tiers::OpsTiersPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/sla") view=pages::ops_sla::OpsSlaPage ssr=SsrMode::Async/>
                <Route path=path!("/ops/templates") view=pages::ops_templates::OpsTemplatesPage ssr=SsrMode::Async/>
                <Route
                    path=path!("/ops/templates/:kind/:channel/:locale")
                    view=pages::ops_template::OpsTemplatePage
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/staff/cases/:reference")
                    view=pages::staff_case::StaffCasePage
                    ssr=SsrMode::Async
                />
            </Routes>
        </Router>
    }
}
