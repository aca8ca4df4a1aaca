use super::{cases_href, csv_href};
use crate::domain::report::{Drill, RepeatRow};
use crate::views::ReportPage;
use leptos::prelude::*;

/// Repeat escalations: by the root cause of the review they look like, and
/// by account; each row opens its cases.
#[component]
pub(super) fn Repeats(report: ReportPage) -> impl IntoView {
    let table = |rows: &[RepeatRow],
                 what: Drill,
                 caption: &'static str,
                 key: &'static str,
                 base: &'static str| {
        let body = rows
            .iter()
            .map(|row| {
                view! {
                    <tr>
                        <th scope="row"><a href=cases_href(&report, what, &row.key)>{row.key.clone()}</a></th>
                        <td>{row.base}</td>
                        <td>{row.repeats}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="report-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{key}</th>
                    <th scope="col">{base}</th>
                    <th scope="col">"Came back"</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        }
    };
    view! {
        <section class="card" aria-labelledby="repeats-title">
            <h2 id="repeats-title">"Repeat escalations"</h2>
            <p>"An escalation counts against a root cause when it was raised after a review with that cause was written and looks like the reviewed case (two words of the subject in common, or the same account and one)."</p>
            {report.repeat_causes.is_empty().then(|| view! { <p>"No escalation in this period looks like a reviewed one."</p> })}
            {table(&report.repeat_causes, Drill::Cause, "Escalations that came back, by root cause", "Root cause", "Reviews")}
            <p><a href=csv_href(&report, "repeat-causes") download="">"Download this table (CSV)"</a></p>
            {report.repeat_accounts.is_empty().then(|| view! { <p>"No account escalated more than once in this period."</p> })}
            {table(&report.repeat_accounts, Drill::Account, "Accounts that escalated more than once", "Account", "First escalation")}
            <p><a href=csv_href(&report, "repeat-accounts") download="">"Download this table (CSV)"</a></p>
        </section>
    }
}
