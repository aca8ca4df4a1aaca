use super::csv_href;
use crate::views::ReportPage;
use leptos::prelude::*;

/// Escalations the early-warning desk prevented, week by week, with the
/// method in words; and how often each rule fired.
#[component]
pub(super) fn Warning(report: ReportPage) -> impl IntoView {
    let total: f64 = report.prevented.iter().map(|w| w.prevented).sum::<f64>() + 0.0;
    view! {
        <section class="card" aria-labelledby="warning-title">
            <h2 id="warning-title">"Early warning and rules"</h2>
            <p>{format!("Escalations prevented in this period: about {total:.1}.")} " "
                <a href="/staff/early-warning">"Open the early-warning desk"</a></p>
            <p class="hint">{report.prevented_method.clone()}</p>
            {report.prevented.is_empty().then(|| view! {
                <p class="muted">"No case flagged in this period has finished its 7-day follow-up yet."</p>
            })}
            <table class="report-table">
                <caption>"Flagged cases per week (weeks start on Monday) and their outcomes"</caption>
                <thead><tr>
                    <th scope="col">"Week of"</th>
                    <th scope="col">"Flagged"</th>
                    <th scope="col">"Acted on (went bad)"</th>
                    <th scope="col">"Left alone (went bad)"</th>
                    <th scope="col">"Prevented"</th>
                </tr></thead>
                <tbody>
                    {report.prevented.iter().map(|w| view! {
                        <tr>
                            <th scope="row">{w.week.to_string()}</th>
                            <td>{w.flagged}</td>
                            <td>{format!("{} ({})", w.acted_on, w.acted_on_went_bad)}</td>
                            <td>{format!("{} ({})", w.left_alone, w.left_alone_went_bad)}</td>
                            <td>{format!("{:.1}", w.prevented)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv_href(&report, "prevented") download="">"Download this table (CSV)"</a></p>
            {report.rule_firings.is_empty().then(|| view! {
                <p class="muted">"No rule fired in this period."</p>
            })}
            <table class="report-table">
                <caption>"Rule firings in this period"</caption>
                <thead><tr>
                    <th scope="col">"Rule"</th>
                    <th scope="col">"In shadow mode (logged only)"</th>
                    <th scope="col">"Active (acted)"</th>
                </tr></thead>
                <tbody>
                    {report.rule_firings.iter().map(|r| view! {
                        <tr>
                            <th scope="row"><a href="/ops/rules">{r.rule.clone()}</a></th>
                            <td>{r.shadow}</td>
                            <td>{r.active}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p><a href=csv_href(&report, "rule-firings") download="">"Download this table (CSV)"</a></p>
        </section>
    }
}
