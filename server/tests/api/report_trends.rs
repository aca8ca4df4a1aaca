//! The reports beyond attainment: time in each tier and the paths cases
//! take, repeat escalations by root cause and by account, rule firings; each
//! as JSON and CSV, each number opening the cases behind it.

use crate::helpers::{TestApp, spawn_app_with_settings};
use reqwest::Method;
use serde_json::{Value, json};

const MANAGER: &str = "manager@baton.example";
const OPS: &str = "ops@baton.example";

async fn raise(app: &TestApp, email: &str, subject: &str, severity: &str) -> String {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Kim Lee", "email": email, "subject": subject,
                    "description": "Nothing works.", "severity": severity}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) {
    let (status, answer) = app.api_json(Method::POST, path, token, body).await;
    assert_eq!(status, 200, "{path}: {answer}");
}

async fn escalate(app: &TestApp, token: &str, reference: &str) {
    post(
        app,
        token,
        &format!("/staff/cases/{reference}/escalations"),
        json!({"reason": "Needs the specialists", "handoff_note": "Logs attached; restart did not help"}),
    )
    .await;
}

/// A report table over the last ten minutes: the demo's cases are older.
async fn table(app: &TestApp, token: &str, name: &str, query: &str) -> Value {
    let since = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(10);
    let (status, body) = app
        .api_json(
            Method::GET,
            &format!("/staff/reports/{name}?from={since}&{query}"),
            token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{name}: {body}");
    body
}

fn row<'a>(body: &'a Value, field: &str, key: &str) -> Option<&'a Value> {
    body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[field] == key)
}

fn listed(body: &Value) -> Vec<String> {
    body["cases"]
        .as_array()
        .expect("the cases behind the number")
        .iter()
        .map(|c| c["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn tiers_paths_and_repeat_accounts_open_their_cases() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let token = app.staff_token(MANAGER).await;
    let first = raise(&app, "kim@tiers.example", "Exports fail", "S2").await;
    let second = raise(&app, "lee@Tiers.example", "Imports fail", "S2").await;
    let stayed = raise(&app, "ana@calm.example", "A question", "S3").await;
    escalate(&app, &token, &first).await;
    escalate(&app, &token, &second).await;
    escalate(&app, &token, &second).await;
    post(
        &app,
        &token,
        &format!("/staff/cases/{first}/resolution"),
        json!({"summary": "We fixed the export."}),
    )
    .await;

    let paths = table(&app, &token, "paths", "").await;
    let up_one = row(&paths, "path", "L1 → L2").expect("a path L1 → L2");
    assert_eq!(up_one["cases"], 1, "{paths}");
    assert!(row(&paths, "path", "L1 → L2 → L3").is_some(), "{paths}");
    let drilled = table(&app, &token, "sla", "what=path&key=L1%20%E2%86%92%20L2").await;
    assert_eq!(listed(&drilled), std::slice::from_ref(&first));

    let tiers = table(&app, &token, "time-in-tier", "").await;
    let l2 = row(&tiers, "tier", "L2").expect("an L2 row");
    assert_eq!(l2["cases"], 2, "{tiers}");
    assert_eq!(
        l2["still_there"], 0,
        "the second case moved on, the first was solved"
    );
    assert!(l2["median_hours"].is_number(), "{tiers}");
    let l3 = row(&tiers, "tier", "L3").expect("an L3 row");
    assert_eq!(l3["still_there"], 1);
    let in_l1 = listed(&table(&app, &token, "sla", "what=tier&key=L1").await);
    assert!(in_l1.contains(&stayed) && in_l1.contains(&first));

    let accounts = table(&app, &token, "repeat-accounts", "").await;
    let tiers_account = row(&accounts, "key", "tiers.example").expect("the account");
    assert_eq!(tiers_account["repeats"], 1);
    assert!(row(&accounts, "key", "calm.example").is_none());
    let mut behind = listed(&table(&app, &token, "sla", "what=account&key=tiers.example").await);
    behind.sort();
    let mut both = vec![first.clone(), second.clone()];
    both.sort();
    assert_eq!(behind, both);

    let csv = app
        .client
        .get(format!("{}/api/v1/staff/reports/paths.csv", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("paths-")
    );
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("path,cases,share\r\n"), "{text}");
    assert!(text.contains("L1 → L2 → L3,1,"), "{text}");

    let (status, refused) = app
        .api_json(
            Method::GET,
            "/staff/reports/paths?what=everything",
            &token,
            Value::Null,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(refused["error"]["field"], "what");
}

#[tokio::test]
async fn an_escalation_like_a_reviewed_case_counts_against_its_root_cause() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let token = app.staff_token(MANAGER).await;
    let reviewed = raise(
        &app,
        "kim@north.example",
        "Card payments fail at checkout",
        "S1",
    )
    .await;
    post(
        &app,
        &token,
        &format!("/staff/cases/{reviewed}/resolution"),
        json!({"summary": "We turned the payment setting back on."}),
    )
    .await;
    // Listing the reviews opens the one now due.
    let (status, _) = app
        .api_json(Method::GET, "/staff/reviews?state=due", &token, Value::Null)
        .await;
    assert_eq!(status, 200);
    post(
        &app,
        &token,
        &format!("/staff/reviews/{reviewed}"),
        json!({
            "summary": "Card payments failed after a settings change.",
            "impact": "Customers could not pay.",
            "root_cause": "configuration",
            "factors": [],
            "went_well": "The swarm found it.",
            "went_wrong": "No alert fired.",
            "got_lucky": ""
        }),
    )
    .await;
    let back = raise(&app, "lee@south.example", "Card payments fail again", "S2").await;
    let unlike = raise(&app, "ana@south.example", "Invoice address is wrong", "S2").await;
    let quiet = raise(
        &app,
        "bo@west.example",
        "Card payments fail for one shop",
        "S3",
    )
    .await;
    escalate(&app, &token, &back).await;
    escalate(&app, &token, &unlike).await;

    let causes = table(&app, &token, "repeat-causes", "").await;
    let config = row(&causes, "key", "A setting or configuration change").expect("the cause");
    assert_eq!(config["base"], 1);
    assert_eq!(
        config["repeats"], 1,
        "only the escalated look-alike: {causes}"
    );
    assert_eq!(config["cases"], json!([back.clone()]));
    let drilled = table(
        &app,
        &token,
        "sla",
        "what=cause&key=A%20setting%20or%20configuration%20change",
    )
    .await;
    assert_eq!(listed(&drilled), [back]);
    assert!(!listed(&drilled).contains(&quiet));

    // The page shows every section, and its downloads work in the browser.
    app.sign_in_as(MANAGER).await;
    let page = app.page_text("/staff/reports").await;
    for heading in [
        "Tiers: time spent and paths taken",
        "Repeat escalations",
        "A setting or configuration change",
        "Early warning and rules",
        "No rule fired in this period.",
    ] {
        assert!(
            page.contains(heading),
            "{heading} is missing from the page:\n{page}"
        );
    }
    let csv = app.get("/staff/reports/repeat-causes.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.text()
            .await
            .unwrap()
            .starts_with("root_cause,reviews,repeats,cases\r\n")
    );
    assert_eq!(app.get("/staff/reports/nothing.csv").await.status(), 404);
}

#[tokio::test]
async fn rule_firings_are_counted_per_mode() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let (noisy, token) = app.raise("The zebra export fails").await;
    for body in ["Still failing, zebra again.", "Any news?"] {
        app.customer_writes(&noisy, &token, body).await;
    }
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": "when open and text contains \"zebra\" and customer_messages(1h) >= 3\nthen flag_at_risk\n",
                   "mode": "shadow"}),
        )
        .await;
    assert_eq!(status, 200);
    app::service::rules::sweep(&app.portal, app::service::now())
        .await
        .unwrap();
    let firings = table(&app, &ops, "rule-firings", "").await;
    let zebras = row(&firings, "rule", "zebras").expect("the rule fired");
    assert_eq!(
        (zebras["shadow"].as_u64(), zebras["active"].as_u64()),
        (Some(1), Some(0))
    );
    let prevented = table(&app, &ops, "prevented", "").await;
    assert!(
        prevented["method"]
            .as_str()
            .unwrap()
            .contains("Prevented =")
    );
}

#[tokio::test]
async fn the_weekly_digest_goes_to_every_manager_once() {
    let (app, sink) = crate::mail_sink::app_with_sink().await;
    // The app's own digest job sends last week's digest once it is due, so
    // then the test takes that week: the job and both "processes" race for
    // one digest (a different week would make two, as it did on a Monday
    // morning). Before it is due (a Monday before 07:00) the test takes the
    // week before, which the job leaves alone. Either week is due by now:
    // the outbox sends a row from the time it was queued.
    let now = app::service::now();
    let zone = &app.portal.zone;
    let week = match app::service::digest::last_week(now, zone) {
        Some(week) if week.due <= now => week,
        _ => app::service::digest::last_week(now - jiff::SignedDuration::from_hours(8), zone)
            .unwrap(),
    };
    let early = week.due - jiff::SignedDuration::from_hours(1);
    assert_eq!(
        app::service::digest::send_due(&app.portal, early)
            .await
            .unwrap(),
        0,
        "not before Monday 07:00"
    );
    let due = week.due;
    // Two processes at once (and the app's own job): one digest.
    let other = app.portal.clone();
    let (a, b) = tokio::join!(
        app::service::digest::send_due(&app.portal, due),
        app::service::digest::send_due(&other, due)
    );
    assert!(a.unwrap() + b.unwrap() <= 1, "one manager, one digest");
    let digests = || {
        sink.to(MANAGER)
            .into_iter()
            .filter(|m| m.data.contains("Subject: Escalations last week"))
            .collect::<Vec<_>>()
    };
    for _ in 0..100 {
        if !digests().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mails = digests();
    let mail = &mails.first().expect("the digest arrives").data;
    assert!(mail.contains("Escalations last week"), "{mail}");
    assert!(mail.contains("Met every SLA promise:"), "{mail}");
    assert!(
        mail.contains(&format!("/staff/reports?from={}", week.monday)),
        "{mail}"
    );
    assert_eq!(
        app::service::digest::send_due(&app.portal, due)
            .await
            .unwrap(),
        0
    );
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(digests().len(), 1, "sent once");
    assert!(
        !sink
            .to("agent@baton.example")
            .iter()
            .any(|m| m.data.contains("Escalations last week")),
        "managers only"
    );
}
