use super::not_found::failure_view;
use crate::api::subscriptions::get_subscription;
use crate::components::layout::CustomerFrame;
use crate::views::SubscriptionView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/unsubscribe?token=…`: asks before it stops emails. Mail scanners open
/// links, so only the POST below unsubscribes.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let token = use_query_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let load = move || {
        let token = token.clone();
        Suspend::new(async move {
            match get_subscription(token.clone()).await {
                Ok(view) => view! { <Subscription view token/> }.into_any(),
                Err(error) => failure_view(error),
            }
        })
    };
    view! {
        <Title text="Emails about your case"/>
        <CustomerFrame>
            <Suspense fallback=|| view! { <p class="card">"Loading…"</p> }>{load}</Suspense>
        </CustomerFrame>
    }
}

#[component]
fn Subscription(view: SubscriptionView, token: String) -> impl IntoView {
    if view.subscribed {
        view! {
            <section class="card unsubscribe">
                <h1>"Stop emails about case " {view.reference.clone()} "?"</h1>
                <p>"We'll stop sending updates about this case to " {view.email} ". "
                   "Your case stays open, and you can still see it with the link in our emails."</p>
                <form method="post" action="/unsubscribe">
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button">"Stop emails"</button>
                </form>
            </section>
        }
        .into_any()
    } else {
        view! {
            <section class="card unsubscribe">
                <h1>"You won't get more emails about case " {view.reference} </h1>
                <p>"We've stopped the emails to " {view.email} ". Your case itself goes on as before."</p>
            </section>
        }
        .into_any()
    }
}
