//! Reports: SLA attainment over a period, grouped, as JSON, CSV and a page
//! whose bars open the cases behind them.

use crate::helpers::{TestApp, spawn_app_with_demo};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn raise_for(app: &TestApp, email: &str, severity: &str) -> String {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({
                "name": "Kim Lee", "email": email, "subject": "Exports fail",
                "description": "Nothing loads.", "severity": severity
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

/// Marks a case's clock as run out, as the SLA engine would.
async fn breach(app: &TestApp, reference: &str) {
    let id = app.case_id(reference).await;
    let mut conn = app.portal.store.read().await.unwrap();
    let seq: i64 = sqlx::query_scalar("select max(seq) + 1 from case_event where case_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    sqlx::query(
        "insert into case_event (case_id, seq, at, kind, public, body) values ($1, $2, $3, 'sla_breached', 0, '{}')",
    )
    .bind(id)
    .bind(seq)
    .bind(jiff::Timestamp::now().as_millisecond())
    .execute(&mut *conn)
    .await
    .unwrap();
}

async fn report(app: &TestApp, token: &str, query: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1/staff/reports/sla?{query}", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn attainment_by_severity_and_account_with_the_cases_behind_it() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token("manager@baton.example").await;
    // The demo's own cases count too: compare against a baseline.
    let before: Value = report(&app, &token, "by=account")
        .await
        .json()
        .await
        .unwrap();
    let north = |body: &Value| {
        body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == "north.example")
            .cloned()
    };
    assert!(north(&before).is_none());

    let missed = raise_for(&app, "a@north.example", "S1").await;
    raise_for(&app, "b@North.example", "S1").await;
    raise_for(&app, "c@south.example", "S2").await;
    breach(&app, &missed).await;

    let by_account: Value = report(&app, &token, "by=account")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_account["by"], "account");
    let row = north(&by_account).expect("a row for north.example");
    assert_eq!(row["total"], 2);
    assert_eq!(row["attained"], 1);
    assert_eq!(row["ratio"], 0.5);

    let drilled: Value = report(&app, &token, "by=account&key=north.example")
        .await
        .json()
        .await
        .unwrap();
    let cases = drilled["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert!(
        cases
            .iter()
            .any(|c| c["reference"] == missed.as_str() && c["breached"] == true)
    );

    let by_severity: Value = report(&app, &token, "by=severity")
        .await
        .json()
        .await
        .unwrap();
    for row in by_severity["rows"].as_array().unwrap() {
        let (attained, total) = (
            row["attained"].as_u64().unwrap(),
            row["total"].as_u64().unwrap(),
        );
        assert!(attained <= total && total > 0, "{row}");
    }

    // A period with none of them: today's cases are not in last year's report.
    let old: Value = report(&app, &token, "from=2025-01-01&to=2025-01-31&by=account")
        .await
        .json()
        .await
        .unwrap();
    assert!(north(&old).is_none());
    assert_eq!(old["from"], "2025-01-01");
    assert_eq!(old["to"], "2025-01-31");
}

#[tokio::test]
async fn every_table_is_also_csv_and_bad_questions_get_clear_errors() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token("manager@baton.example").await;
    raise_for(&app, "=cmd@evil.example", "S2").await;

    let csv = app
        .client
        .get(format!("{}/api/v1/staff/reports/sla?by=account", app.url))
        .bearer_auth(&token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    assert!(
        text.starts_with("account,attained,total,ratio\r\n"),
        "{text}"
    );
    assert!(text.contains("evil.example,"));

    let by_path = app
        .client
        .get(format!(
            "{}/api/v1/staff/reports/sla.csv?by=severity",
            app.url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_path.status(), 200);
    assert!(
        by_path
            .text()
            .await
            .unwrap()
            .starts_with("severity,attained,total,ratio")
    );

    for (query, field) in [
        ("by=colour", "by"),
        ("from=yesterday", "from"),
        ("from=2026-02-01&to=2026-01-01", "from"),
        ("from=2020-01-01&to=2026-01-01", "from"),
    ] {
        let refused = report(&app, &token, query).await;
        assert_eq!(
            refused.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["field"], field, "{query}");
    }
    let anonymous = app
        .client
        .get(format!("{}/api/v1/staff/reports/sla", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_reports_page_charts_the_table_and_drills_down() {
    let app = spawn_app_with_demo().await;
    let reference = raise_for(&app, "a@north.example", "S1").await;
    app.sign_in_as("manager@baton.example").await;
    let page = app.get("/staff/reports?by=account").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<svg"), "a chart");
    assert!(html.contains("<table"), "the same numbers as a table");
    assert!(html.contains("north.example"));
    assert!(
        html.contains("key=north.example"),
        "each bar opens its cases"
    );

    let drilled = app
        .page_text("/staff/reports?by=account&key=north.example")
        .await;
    assert!(drilled.contains(&reference));

    let csv = app.get("/staff/reports/sla.csv?by=account").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().contains("north.example"));

    let bad = app.get("/staff/reports?by=colour").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Raises a case for `email`; returns (reference, token).
async fn raise_with_token(app: &TestApp, email: &str) -> (String, String) {
    let response = app
        .post_json(
            "/api/v1/escalations",
            &json!({"name": "Ola", "email": email, "subject": "Sync is slow",
                    "description": "Nothing loads.", "severity": "S3"}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    (
        body["reference"].as_str().unwrap().to_owned(),
        body["token"].as_str().unwrap().to_owned(),
    )
}

async fn confirm(app: &TestApp, reference: &str, token: &str, body: Value) {
    let response = app
        .client
        .post(format!(
            "{}/api/v1/escalations/{reference}/confirmation",
            app.url
        ))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn outcomes_show_reopen_rates_csat_and_times_per_group() {
    let app = spawn_app_with_demo().await;
    let token = app.staff_token("manager@baton.example").await;
    let (happy, happy_token) = raise_with_token(&app, "a@west.example").await;
    let (unhappy, unhappy_token) = raise_with_token(&app, "b@west.example").await;
    for reference in [&happy, &unhappy] {
        let (status, _) = app
            .api_json(
                reqwest::Method::POST,
                &format!("/staff/cases/{reference}/replies"),
                &token,
                json!({"body": "We are looking at the sync queue.", "public": true}),
            )
            .await;
        assert_eq!(status, 201);
        let (status, _) = app
            .api_json(
                reqwest::Method::POST,
                &format!("/staff/cases/{reference}/resolution"),
                &token,
                json!({"summary": "We cleared the sync queue."}),
            )
            .await;
        assert_eq!(status, 200);
    }
    confirm(
        &app,
        &happy,
        &happy_token,
        json!({"resolved": true, "rating": 5}),
    )
    .await;
    confirm(
        &app,
        &unhappy,
        &unhappy_token,
        json!({"resolved": false, "reason": "Still slow."}),
    )
    .await;

    let response = app
        .client
        .get(format!(
            "{}/api/v1/staff/reports/outcomes?by=account",
            app.url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let west = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "west.example")
        .cloned()
        .expect("a row for west.example");
    assert_eq!(west["total"], 2);
    assert_eq!(west["reopened"], 1);
    assert_eq!(west["reopen_rate"], 0.5);
    assert_eq!(west["rated"], 1);
    assert_eq!(west["csat"], 1.0);
    assert!(west["first_reply_median_hours"].as_f64().unwrap() >= 0.0);
    assert!(west["resolution_p90_hours"].as_f64().unwrap() >= 0.0);

    let csv = app
        .client
        .get(format!(
            "{}/api/v1/staff/reports/outcomes.csv?by=account",
            app.url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("account,total,escalated,escalation_rate,reopened,reopen_rate,rated,csat,")
    );
    assert!(csv.contains("west.example,2,0,0.0000,1,0.5000,1,1.00,"));

    app.sign_in_as("manager@baton.example").await;
    let page = app.page_text("/staff/reports?by=account").await;
    assert!(page.contains("How cases went"));
    assert!(page.contains("100% of 1 rated"));
    let download = app.get("/staff/reports/outcomes.csv?by=account").await;
    assert_eq!(download.status(), 200);
}
