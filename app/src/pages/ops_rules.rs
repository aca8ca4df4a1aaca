mod backtest;
pub mod form;

use crate::api::rules::get_rules;
use crate::components::field::textarea_text;
use crate::components::form_feedback::FormFeedback;
use crate::components::layout::{StaffFrame, staff_page};
use crate::views::{BacktestView, RuleView, RulesPage};
use backtest::BacktestResults;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/ops/rules`: the data-driven rules, an editor that backtests a draft
/// over stored history before it is saved, and the firing log.
/// `?rule=name` opens that rule in the editor.
#[component]
pub fn OpsRulesPage() -> impl IntoView {
    let chosen = use_query_map()
        .read_untracked()
        .get("rule")
        .unwrap_or_default();
    let load = move || {
        let chosen = chosen.clone();
        Suspend::new(async move {
            staff_page(get_rules().await, |page| {
                view! { <RulesEditor page chosen/> }.into_any()
            })
        })
    };
    view! {
        <Title text="Escalation rules"/>
        <Suspense fallback=|| "Loading…">{load}</Suspense>
    }
}

#[component]
fn RulesEditor(page: RulesPage, chosen: String) -> impl IntoView {
    let feedback = FormFeedback::for_form("rule").unwrap_or_default();
    let picked: Option<RuleView> = page.rules.iter().find(|r| r.name == chosen).cloned();
    let typed = |field: &str, saved: Option<String>| {
        let value = feedback.value(field);
        if value.is_empty() {
            saved.unwrap_or_default()
        } else {
            value
        }
    };
    let name = typed("name", picked.as_ref().map(|r| r.name.clone()));
    let source = typed("source", picked.as_ref().map(|r| r.source.clone()));
    let mode = typed("mode", picked.as_ref().map(|r| r.mode.clone()));
    let days = typed("days", Some("30".to_owned()));
    let backtest: Option<BacktestView> = serde_json::from_str(&feedback.value("backtest")).ok();
    let source_error = feedback.error("source");
    let (name_again, source_again, mode_again, days_again) =
        (name.clone(), source.clone(), mode.clone(), days.clone());
    view! {
        <StaffFrame>
            <section class="card">
                <h1>"Escalation rules"</h1>
                <p class="muted">"A rule watches every open case and fires once when its condition starts to hold. "
                    "Backtest a draft on past cases first, run it in shadow (it only writes to the log below), then make it active. "
                    "Actions that change what a customer sees wait for a person."</p>
                <table class="queue rules">
                    <thead><tr><th scope="col">"Rule"</th><th scope="col">"Mode"</th><th scope="col">"Version"</th><th scope="col">"Waits for a person"</th></tr></thead>
                    <tbody>
                        {page.rules.iter().map(|r| view! {
                            <tr data-rule=r.name.clone()>
                                <td><a href=format!("/ops/rules?rule={}", r.name)>{r.name.clone()}</a></td>
                                <td><span class=format!("badge mode-{}", r.mode)>{r.mode.clone()}</span></td>
                                <td>{if r.version == 0 { "example".to_owned() } else { format!("v{} by {}", r.version, r.author.clone().unwrap_or_default()) }}</td>
                                <td>{r.high_impact.join(", ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <form method="post" action="/ops/rules" class="card stack rule-editor">
                <h2>"Write a rule"</h2>
                {feedback.message.clone().map(|m| view! { <p class="form-alert" role="alert">{m}</p> })}
                <label for="rule-name">"Name"</label>
                <input id="rule-name" type="text" name="name" value=name required pattern="[a-z0-9_\\-]{1,60}"/>
                {feedback.error("name").map(|e| view! { <p class="field-error">{e}</p> })}
                <label for="rule-source">"Rule"</label>
                <p class="hint">"when <condition> on one or more lines, then one action per line. Facts: severity, type, tier, channel, age, customer_wait, reopen_count, customer_messages(24h), rating, escalations, account_open_cases, health_score, key_account, breached, warned, waiting_on_customer, open, text contains \"words\"."</p>
                <textarea id="rule-source" name="source" rows="8" class="code" spellcheck="false"
                    aria-invalid=source_error.is_some().then_some("true") inner_html=textarea_text(&source)></textarea>
                {source_error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <label for="rule-mode">"Mode"</label>
                <select id="rule-mode" name="mode">
                    {["off", "shadow", "active"].into_iter().map(|m| view! {
                        <option value=m selected=mode == m>{m}</option>
                    }).collect_view()}
                </select>
                {feedback.error("mode").map(|e| view! { <p class="field-error">{e}</p> })}
                <label for="rule-days">"Backtest over the last (days)"</label>
                <input id="rule-days" name="days" type="number" min="1" max="365" value=days/>
                {feedback.error("days").map(|e| view! { <p class="field-error">{e}</p> })}
                <div class="actions">
                    <button type="submit" name="action" value="backtest" class="button">"Backtest"</button>
                    <button type="submit" name="action" value="save" class="button primary">"Save"</button>
                </div>
            </form>
            <form::RuleFormEditor feedback=feedback.clone() name=name_again source=source_again mode=mode_again days=days_again/>
            {backtest.map(|result| view! { <BacktestResults result/> })}
            <section class="card">
                <h2>"Firing log"</h2>
                {page.firings.is_empty().then(|| view! { <p class="muted">"No rule has fired yet."</p> })}
                <ul class="rule-firings">
                    {page.firings.into_iter().map(|f| view! {
                        <li>{f.at_label} " · " <strong>{f.rule}</strong> " v" {f.version} " (" {f.mode} ") · "
                            <a href=format!("/staff/cases/{}", f.reference)>{f.reference.clone()}</a>
                            {f.ended.then_some(" · over")}</li>
                    }).collect_view()}
                </ul>
            </section>
        </StaffFrame>
    }
}
