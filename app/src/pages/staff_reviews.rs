use crate::api::reviews::get_reviews;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::ReviewItem;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/staff/reviews`: blameless reviews of significant escalations, due ones
/// first with their owner and due date (`?state=written` or `all` for the rest).
#[component]
pub fn StaffReviewsPage() -> impl IntoView {
    let state = use_query_map()
        .read_untracked()
        .get("state")
        .unwrap_or_else(|| "due".to_owned());
    let page = OnceResource::new(get_reviews(state.clone()));
    let load = move || {
        let state = state.clone();
        Suspend::new(async move {
            staff_page(page.await, |items| {
                view! { <Queue items state/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Reviews"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn Queue(items: Vec<ReviewItem>, state: String) -> impl IntoView {
    let tab = |code: &'static str, label: &'static str| {
        let current = state == code;
        view! {
            <a href=format!("/staff/reviews?state={code}") aria-current=current.then_some("page")>{label}</a>
        }
    };
    let tabs =
        view! { {tab("due", "Due")} " · " {tab("written", "Written")} " · " {tab("all", "All")} };
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"Reviews"</h1>
                <p class="muted">"Every significant escalation gets a blameless review: what happened, what let it happen, what we change. "
                    "Cases need one when they are S1, part of a major incident, missed an SLA promise or were reopened more than once."</p>
                <nav class="inline-form" aria-label="Which reviews">{tabs}</nav>
                {items.is_empty().then(|| view! { <p>"None."</p> })}
                <table class="queue">
                    <thead><tr>
                        <th scope="col">"Case"</th><th scope="col">"Why"</th><th scope="col">"Owner"</th>
                        <th scope="col">"Due"</th><th scope="col">"Root cause"</th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().map(|r| view! {
                            <tr class:overdue=r.overdue>
                                <td><a href=format!("/staff/reviews/{}", r.reference)>{r.reference.clone()}</a>
                                    " " {r.subject.clone()}</td>
                                <td>{r.reason_words.clone()}</td>
                                <td>{r.owner.clone().unwrap_or_else(|| "nobody yet".to_owned())}</td>
                                <td>{r.due_label.clone()} {r.overdue.then_some(" (overdue)")}</td>
                                <td>{r.root_cause.clone().unwrap_or_else(|| "—".to_owned())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </StaffFrame>
    }
}
