use crate::views::BacktestView;
use leptos::prelude::*;

/// A backtest's findings: the fatigue forecast as a bar per day, the
/// scores, and the cases behind each number.
#[component]
pub fn BacktestResults(result: BacktestView) -> impl IntoView {
    let percent = |ratio: Option<f64>| {
        ratio.map_or_else(|| "n/a".to_owned(), |r| format!("{:.0}%", r * 100.0))
    };
    let widest = result.max_per_day.max(1);
    let cases = |title: &'static str, references: Vec<String>| {
        view! {
            <details class="backtest-cases">
                <summary>{title} " (" {references.len()} ")"</summary>
                <ul>{references.into_iter().map(|r| view! {
                    <li><a href=format!("/staff/cases/{r}")>{r.clone()}</a></li>
                }).collect_view()}</ul>
            </details>
        }
    };
    view! {
        <section class="card backtest" aria-live="polite">
            <h2>"Backtest: the last " {result.days} " days"</h2>
            <p>{plural(result.firings.len(), "firing")} " on " {plural(result.cases_seen, "case")} " · "
                {format!("{:.1}", result.mean_per_day)} " a day on average, at most " {result.max_per_day} " in a day."</p>
            <dl class="backtest-scores">
                <dt>"Precision"</dt><dd class="precision">{percent(result.outcomes.precision)}</dd>
                <dt>"Recall"</dt><dd class="recall">{percent(result.outcomes.recall)}</dd>
            </dl>
            <p class="muted">{result.outcomes.method.clone()}</p>
            <ol class="per-day" aria-label="Firings per day">
                {result.per_day.into_iter().map(|d| view! {
                    <li><span class="day">{d.date.clone()}</span>
                        <meter min="0" max=widest value=d.firings aria-label=format!("{} firings on {}", d.firings, d.date)></meter>
                        <span class="count">{d.firings}</span></li>
                }).collect_view()}
            </ol>
            {cases("Borne out: a bad outcome followed", result.outcomes.borne_out)}
            {cases("False alarms: nothing bad followed", result.outcomes.false_alarms)}
            {cases("Missed: a bad outcome it did not flag first", result.outcomes.missed)}
        </section>
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
