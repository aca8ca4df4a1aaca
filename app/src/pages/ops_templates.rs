use crate::api::studio::get_studio_list;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::StudioList;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/ops/templates`: every customer-facing template, with its live version.
#[component]
pub fn OpsTemplatesPage() -> impl IntoView {
    let load = || {
        Suspend::new(async move {
            staff_page(get_studio_list().await, |list| {
                view! { <TemplateList list/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Customer templates"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn TemplateList(list: StudioList) -> impl IntoView {
    view! {
        <StaffFrame who=list.me.name>
            <section class="card">
                <h1>"Customer templates"</h1>
                <p class="muted">
                    "The words customers read. Choose one to preview a change, check it \
                     against our plain-language rules, and publish it."
                </p>
                <table class="queue templates">
                    <thead>
                        <tr>
                            <th scope="col">"Message"</th>
                            <th scope="col">"Channel"</th>
                            <th scope="col">"Language"</th>
                            <th scope="col">"Live version"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.templates.into_iter().map(|t| {
                            let href = format!("/ops/templates/{}/{}/{}", t.kind, t.channel, t.locale);
                            view! {
                                <tr>
                                    <td><a href=href>{t.kind.replace('_', " ")}</a></td>
                                    <td>{t.channel.replace('_', " ")}</td>
                                    <td>{t.locale}</td>
                                    <td>{t.version.map_or_else(|| "built-in".to_owned(), |v| format!("v{v}"))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        </StaffFrame>
    }
}
