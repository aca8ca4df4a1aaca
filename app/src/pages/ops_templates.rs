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

/// One column of the grid: a channel in a language.
type Column = (String, String);

#[component]
fn TemplateList(list: StudioList) -> impl IntoView {
    // Messages in the order Baton lists them; columns every channel and
    // language some template exists in, channels first.
    let mut messages: Vec<String> = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    for t in &list.templates {
        if !messages.contains(&t.kind) {
            messages.push(t.kind.clone());
        }
        let column = (t.channel.clone(), t.locale.clone());
        if !columns.contains(&column) {
            columns.push(column);
        }
    }
    let order = |channel: &str| {
        ["web", "email_subject", "email_body", "chat"]
            .iter()
            .position(|c| *c == channel)
            .unwrap_or(9)
    };
    columns.sort_by(|a, b| (order(&a.0), &a.1).cmp(&(order(&b.0), &b.1)));
    let headers = columns.clone();
    view! {
        <StaffFrame who=list.me.name>
            <section class="card">
                <h1>"Customer templates"</h1>
                <p class="muted">
                    "The words customers read, one row per message. Each cell is one channel in one \
                     language: its live version and who wrote it. Choose one to preview a change, check \
                     it against our plain-language rules, and publish it."
                </p>
                <div class="table-scroll">
                <table class="queue templates template-grid">
                    <thead>
                        <tr>
                            <th scope="col">"Message"</th>
                            {headers.into_iter().map(|(channel, locale)| view! {
                                <th scope="col">{format!("{} · {locale}", channel.replace('_', " "))}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {messages.into_iter().map(|kind| {
                            let cells = columns.iter().map(|(channel, locale)| {
                                let found = list.templates.iter().find(|t| {
                                    t.kind == kind && &t.channel == channel && &t.locale == locale
                                });
                                match found {
                                    Some(t) => {
                                        let href = format!("/ops/templates/{}/{}/{}", t.kind, t.channel, t.locale);
                                        let live = t.version.map_or_else(|| "built-in".to_owned(), |v| format!("v{v}"));
                                        let by = t.edited_by.clone().map(|by| format!(" · {by}")).unwrap_or_default();
                                        view! { <td><a href=href>{live}</a><span class="muted">{by}</span></td> }.into_any()
                                    }
                                    None => view! { <td class="muted">"—"</td> }.into_any(),
                                }
                            }).collect_view();
                            view! {
                                <tr>
                                    <th scope="row">{kind.replace('_', " ")}</th>
                                    {cells}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </section>
        </StaffFrame>
    }
}
