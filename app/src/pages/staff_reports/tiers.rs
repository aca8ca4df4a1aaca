use super::{cases_href, csv_href};
use crate::domain::report::Drill;
use crate::views::ReportPage;
use leptos::prelude::*;

/// Time in each tier (median and 90th percentile per case) and the paths
/// cases took through the tiers; every tier and path opens its cases.
#[component]
pub(super) fn Tiers(report: ReportPage) -> impl IntoView {
    let hours = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |h| format!("{h:.1} h"));
    let share = |v: f64| format!("{:.0}%", v * 100.0);
    view! {
        <section class="card" aria-labelledby="tiers-title">
            <h2 id="tiers-title">"Tiers: time spent and paths taken"</h2>
            <table class="report-table">
                <caption>"Time in each tier per case (all its stays there), for cases that left the tier or were solved in it"</caption>
                <thead><tr>
                    <th scope="col">"Tier"</th>
                    <th scope="col">"Cases"</th>
                    <th scope="col">"Still there"</th>
                    <th scope="col">"Median"</th>
                    <th scope="col">"90%"</th>
                </tr></thead>
                <tbody>
                    {report.time_in_tier.iter().map(|row| view! {
                        <tr>
                            <th scope="row"><a href=cases_href(&report, Drill::Tier, &row.tier)>{row.tier.clone()}</a></th>
                            <td>{row.cases}</td>
                            <td>{row.still_there}</td>
                            <td>{hours(row.median_hours)}</td>
                            <td>{hours(row.p90_hours)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv_href(&report, "time-in-tier") download="">"Download this table (CSV)"</a></p>
            <table class="report-table">
                <caption>"Paths through the tiers, the most common first"</caption>
                <thead><tr>
                    <th scope="col">"Path"</th>
                    <th scope="col">"Cases"</th>
                    <th scope="col">"Share"</th>
                </tr></thead>
                <tbody>
                    {report.paths.iter().map(|row| view! {
                        <tr>
                            <th scope="row"><a href=cases_href(&report, Drill::Path, &row.path)>{row.path.clone()}</a></th>
                            <td>{row.cases}</td>
                            <td>{share(row.share)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv_href(&report, "paths") download="">"Download this table (CSV)"</a></p>
        </section>
    }
}
