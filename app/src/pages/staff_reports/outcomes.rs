use super::{cases_href, csv_href};
use crate::domain::report::{Drill, OutcomeRow};
use crate::views::ReportPage;
use leptos::prelude::*;

/// How cases went per group: escalation and reopen rates, CSAT, and times
/// to first reply and to resolution (median and 90th percentile).
#[component]
pub(super) fn Outcomes(report: ReportPage) -> impl IntoView {
    let csv = csv_href(&report, "outcomes");
    view! {
        <section class="card" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">"How cases went"</h2>
            <table class="report-table">
                <caption>"Escalations, reopenings, ratings and times, by " {report.by.heading().to_lowercase()}</caption>
                <thead><tr>
                    <th scope="col">{report.by.heading()}</th>
                    <th scope="col">"Cases"</th>
                    <th scope="col">"Escalated"</th>
                    <th scope="col">"Reopened"</th>
                    <th scope="col">"CSAT (4–5 of 5)"</th>
                    <th scope="col">"First reply: median / 90%"</th>
                    <th scope="col">"Resolution: median / 90%"</th>
                </tr></thead>
                <tbody>
                    {report.outcomes.iter().map(|row| {
                        let href = cases_href(&report, Drill::Group, &row.key);
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{row.key.clone()}</a></th>
                                <Cells row=row.clone()/>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                {report.overall.clone().map(|row| view! {
                    <tfoot><tr>
                        <th scope="row">{row.key.clone()}</th>
                        <Cells row/>
                    </tr></tfoot>
                })}
            </table>
            <p><a href=csv download="">"Download this table (CSV)"</a></p>
        </section>
    }
}

/// One group's numbers, after its heading cell.
#[component]
fn Cells(row: OutcomeRow) -> impl IntoView {
    let share = |v: f64| format!("{:.0}%", v * 100.0);
    let hours = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |h| format!("{h:.1} h"));
    view! {
        <td>{row.total}</td>
        <td>{format!("{} ({})", row.escalated, share(row.escalation_rate))}</td>
        <td>{format!("{} ({})", row.reopened, share(row.reopen_rate))}</td>
        <td>{row.csat.map_or_else(|| "no ratings".to_owned(), |c| format!("{} of {} rated", share(c), row.rated))}</td>
        <td>{format!("{} / {}", hours(row.first_reply_median_hours), hours(row.first_reply_p90_hours))}</td>
        <td>{format!("{} / {}", hours(row.resolution_median_hours), hours(row.resolution_p90_hours))}</td>
    }
}
