use super::not_found::SorryCard;
use super::status::GuaranteeCard;
use crate::api::my_cases::get_my_cases;
use crate::components::field::TextField;
use crate::components::form_feedback::FormFeedback;
use crate::components::http_status::HttpStatus;
use crate::components::layout::CustomerFrame;
use crate::views::{MyCaseItem, MyCasesView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Why the sign-in form shows again: the emailed link could not sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInLinkRefused;

/// `/my-cases`: signed in (with an emailed link), every case raised from
/// the customer's address, open ones first, each with its promise and its
/// private page; otherwise the form that emails a sign-in link.
#[component]
pub fn MyCasesPage() -> impl IntoView {
    let page = OnceResource::new(get_my_cases());
    let load = move || {
        Suspend::new(async move {
            match page.await {
                Ok(Some(view)) => view! { <CaseList view/> }.into_any(),
                Ok(None) => view! { <AskForLink/> }.into_any(),
                Err(error) => view! { <SorryCard error/> }.into_any(),
            }
        })
    };
    view! {
        <CustomerFrame>
            <Suspense fallback=|| view! { <p class="card">"Loading your cases…"</p> }>{load}</Suspense>
        </CustomerFrame>
    }
}

#[component]
fn CaseList(view: MyCasesView) -> impl IntoView {
    let open = view.cases.iter().filter(|c| c.open).count();
    let summary = match (view.cases.len(), open) {
        (0, _) => "We have no cases from this address.".to_owned(),
        (_, 0) => "None of your cases is open.".to_owned(),
        (_, 1) => "One of your cases is open.".to_owned(),
        (_, n) => format!("{n} of your cases are open."),
    };
    view! {
        <Title text="Your cases"/>
        <section class="card" aria-labelledby="my-cases-title">
            <p class="eyebrow">{view.email.clone()}</p>
            <h1 id="my-cases-title">"Your cases"</h1>
            <p>{summary}</p>
            <form method="post" action="/my-cases/sign-out">
                <button type="submit" class="button">"Sign out"</button>
            </form>
        </section>
        <ul class="my-cases" aria-label="Your cases">
            {view.cases.into_iter().map(|item| view! { <CaseCard item/> }).collect_view()}
        </ul>
    }
}

#[component]
fn CaseCard(item: MyCaseItem) -> impl IntoView {
    let heading = match item.url.clone() {
        Some(url) => view! { <a href=url>{item.subject.clone()}</a> }.into_any(),
        None => view! { <span>{item.subject.clone()}</span> }.into_any(),
    };
    let state = if item.open { "open" } else { "closed" };
    view! {
        <li class="card my-case" data-state=state>
            <p class="eyebrow">"Case " <span class="reference">{item.reference.clone()}</span>
                " · " {item.raised_label.clone()}</p>
            <h2>{heading}</h2>
            <p class="stage-label">{item.stage_label.clone()}</p>
            {match item.guarantee.clone() {
                Some(guarantee) => view! { <GuaranteeCard guarantee/> }.into_any(),
                None => view! { <p class="next-step">{item.next_step.clone()}</p> }.into_any(),
            }}
            {item.url.is_none().then(|| view! {
                <p class="muted">"You stopped getting emails about this case. Ask us for a new link to open it."</p>
            })}
        </li>
    }
}

#[component]
fn AskForLink() -> impl IntoView {
    let sent = use_query_map().read_untracked().get("sent").is_some();
    let refused = use_context::<SignInLinkRefused>().is_some();
    let feedback = FormFeedback::for_form("sign-in-link").unwrap_or_default();
    let message = feedback.message.clone();
    view! {
        <Title text="See all your cases"/>
        {refused.then(|| view! { <HttpStatus code=410/> })}
        <section class="card narrow">
            <h1>"See all your cases"</h1>
            {if refused {
                view! {
                    <p class="form-alert" role="alert">
                        "That sign-in link has been used or has run out. Ask for a new one below."
                    </p>
                }
                .into_any()
            } else if sent {
                view! {
                    <p class="acknowledgement" role="status">
                        "If we have cases from that address, we've emailed it a link. \
                         It works once, for 15 minutes."
                    </p>
                }
                .into_any()
            } else {
                view! {
                    <p>"Give us the email address you wrote to us from. We'll email you a link \
                        that shows all your cases. No password needed."</p>
                }
                .into_any()
            }}
            {message.map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
            <form method="post" action="/my-cases" novalidate class="stack">
                <TextField name="email" label="Your email" kind="email" autocomplete="email" required=true
                    value=feedback.value("email") error=feedback.error("email")/>
                <button type="submit" class="button primary">"Email me a link"</button>
            </form>
        </section>
    }
}
