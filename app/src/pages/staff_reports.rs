mod outcomes;
mod repeats;
mod tiers;
mod warning;

use crate::api::reports::get_report_page;
use crate::components::http_status::HttpStatus;
use crate::components::layout::{StaffFrame, staff_page};
use crate::domain::report::{Drill, ReportBy};
use crate::error::AppError;
use crate::views::ReportPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The URL query a report was asked with, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Asked {
    from: String,
    to: String,
    by: String,
    what: String,
    key: String,
}

impl Asked {
    fn read() -> Self {
        let query = use_query_map().read_untracked();
        let get = |name: &str| query.get(name).unwrap_or_default();
        Asked {
            from: get("from"),
            to: get("to"),
            by: get("by"),
            what: get("what"),
            key: get("key"),
        }
    }
}

/// A query string for the same report, percent-encoded; with a drill,
/// the one that lists the cases behind `key`.
fn query_for(report: &ReportPage, drill: Option<(Drill, &str)>) -> String {
    let mut pairs = vec![
        ("from", report.from.as_str()),
        ("to", report.to.as_str()),
        ("by", report.by.code()),
    ];
    if let Some((what, key)) = drill {
        if what != Drill::Group {
            pairs.push(("what", what.code()));
        }
        pairs.push(("key", key));
    }
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", crate::domain::wording::url_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Where a number's cases are listed on the page.
fn cases_href(report: &ReportPage, what: Drill, key: &str) -> String {
    format!(
        "/staff/reports?{}#cases",
        query_for(report, Some((what, key)))
    )
}

/// A table's CSV download, for the same period.
fn csv_href(report: &ReportPage, table: &str) -> String {
    format!("/staff/reports/{table}.csv?{}", query_for(report, None))
}

/// `/staff/reports`: SLA attainment over a period, grouped by severity,
/// tier, team or account, as a chart (every bar opens its cases), the same
/// numbers as a table, and both as CSV. The period and grouping are in the URL.
#[component]
pub fn StaffReportsPage() -> impl IntoView {
    let asked = Asked::read();
    let page = OnceResource::new(get_report_page(
        asked.from.clone(),
        asked.to.clone(),
        asked.by.clone(),
        asked.what.clone(),
        asked.key.clone(),
    ));
    let load = move || {
        let asked = asked.clone();
        Suspend::new(async move {
            match page.await {
                Err(AppError::Invalid(errors)) => view! {
                    <HttpStatus code=422/>
                    <StaffFrame>
                        <section class="card">
                            <h1>"Reports"</h1>
                            <ul class="form-alert" role="alert">
                                {errors.0.into_iter().map(|e| view! { <li>{e.message}</li> }).collect_view()}
                            </ul>
                            <PeriodForm from=asked.from to=asked.to by=asked.by/>
                        </section>
                    </StaffFrame>
                }
                .into_any(),
                loaded => staff_page(loaded, |report| view! { <Report report/> }.into_any()),
            }
        })
    };
    view! {
        <Title text="Reports"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn PeriodForm(from: String, to: String, by: String) -> impl IntoView {
    view! {
        <form method="get" action="/staff/reports" class="inline-form report-period">
            <label>"From " <input type="date" name="from" value=from/></label>
            <label>"To " <input type="date" name="to" value=to/></label>
            <label>"Group by "
                <select name="by">
                    {ReportBy::ALL.into_iter().map(|b| view! {
                        <option value=b.code() selected=by == b.code()>{b.heading()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">"Show"</button>
        </form>
    }
}

#[component]
fn Report(report: ReportPage) -> impl IntoView {
    let csv = csv_href(&report, "sla");
    let total: u64 = report.rows.iter().map(|r| r.total).sum();
    let attained: u64 = report.rows.iter().map(|r| r.attained).sum();
    let summary = if total == 0 {
        "No case was raised in this period.".to_owned()
    } else {
        format!(
            "{attained} of {total} cases raised from {} to {} ({}) met every SLA promise: {:.0}%.",
            report.from,
            report.to,
            report.zone,
            100.0 * attained as f64 / total as f64
        )
    };
    view! {
        <StaffFrame>
            <section class="card" aria-labelledby="reports-title">
                <h1 id="reports-title">"SLA attainment"</h1>
                <p>{summary}</p>
                <PeriodForm from=report.from.clone() to=report.to.clone() by=report.by.code().to_owned()/>
                <Chart report=report.clone()/>
                <table class="report-table">
                    <caption>"SLA attainment by " {report.by.heading().to_lowercase()}</caption>
                    <thead><tr>
                        <th scope="col">{report.by.heading()}</th>
                        <th scope="col">"Met"</th>
                        <th scope="col">"Cases"</th>
                        <th scope="col">"Share met"</th>
                    </tr></thead>
                    <tbody>
                        {report.rows.iter().map(|row| {
                            let href = cases_href(&report, Drill::Group, &row.key);
                            view! {
                                <tr>
                                    <th scope="row"><a href=href>{row.key.clone()}</a></th>
                                    <td>{row.attained}</td>
                                    <td>{row.total}</td>
                                    <td>{format!("{:.0}%", row.ratio * 100.0)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p><a href=csv download="">"Download this table (CSV)"</a></p>
            </section>
            <outcomes::Outcomes report=report.clone()/>
            <tiers::Tiers report=report.clone()/>
            <repeats::Repeats report=report.clone()/>
            <warning::Warning report=report.clone()/>
            <Cases report/>
        </StaffFrame>
    }
}

/// One bar per group, as long as its share met; each opens its cases.
#[component]
fn Chart(report: ReportPage) -> impl IntoView {
    const BAR: usize = 28;
    const LABEL: usize = 160;
    const WIDTH: usize = 480;
    let height = (report.rows.len().max(1) * BAR) + 8;
    let title = format!(
        "Share of cases that met every SLA promise, by {}",
        report.by.heading().to_lowercase()
    );
    view! {
        <svg class="report-chart" role="group" aria-labelledby="chart-title chart-desc"
            viewBox=format!("0 0 {} {height}", LABEL + WIDTH + 60) width="100%">
            <title id="chart-title">{title}</title>
            <desc id="chart-desc">"The same numbers are in the table below."</desc>
            {report.rows.iter().enumerate().map(|(i, row)| {
                let y = i * BAR + 4;
                let width = ((row.ratio * WIDTH as f64).round() as usize).max(1);
                let href = cases_href(&report, Drill::Group, &row.key);
                let tone = if row.ratio >= 0.95 { "bar ok" } else if row.ratio >= 0.8 { "bar warn" } else { "bar bad" };
                view! {
                    <a href=href>
                        <title>{format!("{}: {} of {} met", row.key, row.attained, row.total)}</title>
                        <text x=LABEL - 8 y=y + 18 text-anchor="end" class="bar-label">{row.key.clone()}</text>
                        <rect x=LABEL y=y width=width height=BAR - 8 class=tone/>
                        <text x=LABEL + width + 6 y=y + 18 class="bar-value">{format!("{:.0}%", row.ratio * 100.0)}</text>
                    </a>
                }
            }).collect_view()}
        </svg>
    }
}

/// The cases behind the group chosen in the chart or the table.
#[component]
fn Cases(report: ReportPage) -> impl IntoView {
    let (Some(key), Some(cases)) = (report.key.clone(), report.cases.clone()) else {
        return ().into_any();
    };
    let csv = format!(
        "/staff/reports/sla.csv?{}",
        query_for(&report, Some((report.drill, &key)))
    );
    let heading = match report.drill {
        Drill::Group => format!("Cases in {key}"),
        Drill::Path => format!("Cases that went {key}"),
        Drill::Tier => format!("Cases that were in {key}"),
        Drill::Cause => format!("Escalations that came back after a review: {key}"),
        Drill::Account => format!("Escalations of {key}"),
    };
    view! {
        <section class="card" id="cases" aria-labelledby="cases-title">
            <h2 id="cases-title">{heading}</h2>
            {cases.is_empty().then(|| view! { <p>"None."</p> })}
            <ul class="report-cases">
                {cases.into_iter().map(|c| view! {
                    <li>
                        <a href=format!("/staff/cases/{}", c.reference)>{c.reference.clone()}</a>
                        {if c.breached { " · an SLA promise was missed" } else { " · every promise met" }}
                    </li>
                }).collect_view()}
            </ul>
            <p><a href=csv download="">"Download these cases (CSV)"</a></p>
        </section>
    }
    .into_any()
}
