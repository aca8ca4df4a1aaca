//! The queue's filters: a plain GET form, so a filtered queue is a link.

use crate::domain::{Severity, Stage};
use crate::views::QueueQuery;
use leptos::prelude::*;

/// What the queue is filtered on, as in the query string ("" for any).
#[derive(Clone, Debug, Default)]
pub struct Chosen {
    pub tier: String,
    pub stage: String,
    pub severity: String,
    /// `at_risk` or `breached`.
    pub sla: String,
    /// Search words.
    pub q: String,
    /// An escalation type code.
    pub escalation_type: String,
    /// A customer email domain.
    pub account: String,
    pub team: String,
    /// `major_incident`, `manager` or `executive`.
    pub oversight: String,
    /// `me` or `nobody`.
    pub owner: String,
}

impl Chosen {
    /// The filters as the queue reads them; blank means any.
    pub fn query(&self) -> QueueQuery {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        QueueQuery {
            tier: some(&self.tier),
            stage: some(&self.stage),
            severity: some(&self.severity),
            sla: some(&self.sla),
            q: some(&self.q),
            escalation_type: some(&self.escalation_type),
            account: some(&self.account),
            team: some(&self.team),
            oversight: some(&self.oversight),
            owner: some(&self.owner),
        }
    }
}

#[component]
pub fn QueueFilters(
    chosen: Chosen,
    /// Escalation types (code, label), teams and tiers to choose from.
    types: Vec<(String, String)>,
    teams: Vec<String>,
    tiers: Vec<String>,
) -> impl IntoView {
    let type_codes: Vec<String> = types.into_iter().map(|(code, _)| code).collect();
    let stages: Vec<String> = Stage::ALL.iter().map(|s| s.code().to_owned()).collect();
    let severities: Vec<String> = Severity::ALL.iter().map(|s| s.code().to_owned()).collect();
    view! {
        <form method="get" action="/staff" class="filters" role="search">
            <div class="field">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" name="q" value=chosen.q maxlength="200"
                    placeholder="Reference, customer or words"/>
            </div>
            <FilterSelect name="tier" label="Tier" options=tiers chosen=chosen.tier/>
            <FilterSelect name="stage" label="Stage (default: open)" options=stages chosen=chosen.stage/>
            <FilterSelect name="severity" label="Severity" options=severities chosen=chosen.severity/>
            <FilterSelect name="sla" label="SLA" options=vec!["at_risk".to_owned(), "breached".to_owned()] chosen=chosen.sla/>
            <FilterSelect name="escalation_type" label="Type" options=type_codes chosen=chosen.escalation_type/>
            <FilterSelect name="team" label="Team" options=teams chosen=chosen.team/>
            <FilterSelect name="owner" label="Owner" chosen=chosen.owner
                options=vec!["me".to_owned(), "nobody".to_owned()]/>
            <FilterSelect name="oversight" label="Oversight" chosen=chosen.oversight
                options=vec!["major_incident".to_owned(), "manager".to_owned(), "executive".to_owned()]/>
            <div class="field">
                <label for="filter-account">"Account"</label>
                <input id="filter-account" type="text" name="account" value=chosen.account maxlength="253"
                    placeholder="example.com"/>
            </div>
            <button type="submit" class="button">"Filter"</button>
            <a href="/staff">"Clear"</a>
        </form>
    }
}

#[component]
fn FilterSelect(
    name: &'static str,
    label: &'static str,
    options: Vec<String>,
    chosen: String,
) -> impl IntoView {
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="" selected=chosen.is_empty()>"Any"</option>
                {options.into_iter().map(|option| {
                    let selected = option == chosen;
                    view! { <option value=option.clone() selected=selected>{option.replace('_', " ")}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
