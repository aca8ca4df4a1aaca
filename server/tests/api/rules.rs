//! Data-driven rules through the admin API: versions with their audit
//! trail, a backtest over the cases stored, and shadow and active runs
//! that fire once per episode however many processes sweep.

use crate::helpers::{TestApp, spawn_app_with_settings};
use reqwest::Method;
use serde_json::{Value, json};

const OPS: &str = "ops@baton.example";
const AGENT: &str = "agent@baton.example";
const RULE: &str = "# Customers who keep writing about zebras\n\
                    when open and text contains \"zebra\" and customer_messages(1h) >= 3\n\
                    then flag_at_risk\nthen alert manager\nthen raise_severity\n";

/// A case whose customer wrote three times about zebras, and a quiet one.
async fn stored_cases(app: &TestApp) -> (String, String) {
    let (noisy, token) = app.raise("The zebra export fails").await;
    app.customer_writes(&noisy, &token, "Still failing, zebra again.")
        .await;
    app.customer_writes(&noisy, &token, "Any news?").await;
    let (quiet, _) = app.raise("A zebra question").await;
    (noisy, quiet)
}

fn references(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap_or_else(|| v["reference"].as_str().unwrap())
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn ops_write_versioned_rules_and_the_examples_start_off() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let agent = app.staff_token(AGENT).await;
    let (status, _) = app
        .api_json(Method::GET, "/admin/rules", &agent, Value::Null)
        .await;
    assert_eq!(status, 403);
    let (status, page) = app
        .api_json(Method::GET, "/admin/rules", &ops, Value::Null)
        .await;
    assert_eq!(status, 200, "{page}");
    let examples: Vec<&Value> = page["rules"].as_array().unwrap().iter().collect();
    assert!(examples.len() >= 4);
    assert!(
        examples
            .iter()
            .all(|r| r["mode"] == "off" && r["version"] == 0),
        "{page}"
    );

    let (status, bad) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": "when open\n  and mood > 3\nthen flag_at_risk", "mode": "shadow"}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["error"]["line"], 2);
    let (status, bad) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": RULE, "mode": "loud"}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["error"]["field"], "mode");
    let (status, bad) = app
        .api_json(
            Method::PUT,
            "/admin/rules/Bad%20Name",
            &ops,
            json!({"source": RULE, "mode": "off"}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");

    let (status, first) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": RULE, "mode": "off"}),
        )
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["version"], 1);
    assert_eq!(first["high_impact"], json!(["raise_severity"]));
    let (_, second) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": RULE, "mode": "shadow"}),
        )
        .await;
    assert_eq!(second["version"], 2);
    let (status, history) = app
        .api_json(Method::GET, "/admin/rules/zebras", &ops, Value::Null)
        .await;
    assert_eq!(status, 200);
    let modes: Vec<&str> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["mode"].as_str().unwrap())
        .collect();
    assert_eq!(modes, ["shadow", "off"], "newest first, every version kept");
    assert_eq!(history["versions"][0]["author"], OPS);
    let (status, _) = app
        .api_json(Method::GET, "/admin/rules/nothing-here", &ops, Value::Null)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_backtest_shows_when_a_draft_would_have_fired_and_how_that_matched_reality() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let agent = app.staff_token(AGENT).await;
    let (noisy, quiet) = stored_cases(&app).await;
    // The quiet case is escalated: a bad outcome the rule did not see coming.
    let response = app
        .client
        .post(format!("{}/api/v1/staff/cases/{quiet}/escalations", app.url))
        .bearer_auth(&agent)
        .json(&json!({"reason": "Needs L2", "handoff_note": {"tried": "a", "known": "b", "told_customer": "c"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    let (status, result) = app
        .api_json(
            Method::POST,
            "/admin/rules/backtest",
            &ops,
            json!({"source": RULE, "days": 7}),
        )
        .await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(references(&result["firings"]), [noisy.as_str()], "{result}");
    assert_eq!(
        result["per_day"].as_array().unwrap().len(),
        8,
        "every day of the window"
    );
    let total: u64 = result["per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["firings"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 1);
    assert_eq!(
        references(&result["outcomes"]["false_alarms"]),
        [noisy.as_str()]
    );
    // The demo's own escalated cases are missed too.
    let missed = references(&result["outcomes"]["missed"]);
    assert!(
        missed.contains(&quiet) && !missed.contains(&noisy),
        "{missed:?}"
    );
    assert_eq!(result["outcomes"]["precision"], 0.0);
    assert_eq!(result["outcomes"]["recall"], 0.0);
    assert!(
        result["outcomes"]["method"]
            .as_str()
            .unwrap()
            .contains("Precision")
    );

    let (status, bad) = app
        .api_json(
            Method::POST,
            "/admin/rules/backtest",
            &ops,
            json!({"source": "when\nthen fly", "days": 7}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["line"], 2, "the unknown action's line: {bad}");
    let (status, bad) = app
        .api_json(
            Method::POST,
            "/admin/rules/backtest",
            &ops,
            json!({"source": RULE, "days": 0}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["field"], "days");
    let (status, _) = app
        .api_json(
            Method::POST,
            "/admin/rules/backtest",
            &agent,
            json!({"source": RULE, "days": 7}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_shadow_rule_logs_each_episode_once_and_an_active_one_alerts_and_asks_for_approval() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let (noisy, _) = stored_cases(&app).await;
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": RULE, "mode": "shadow"}),
        )
        .await;
    assert_eq!(status, 200);
    // Two sweeps at once, then another: one firing.
    let other = app.portal.clone();
    let now = app::service::now();
    let (a, b) = tokio::join!(
        app::service::rules::sweep(&app.portal, now),
        app::service::rules::sweep(&other, now)
    );
    a.unwrap();
    b.unwrap();
    app::service::rules::sweep(&app.portal, now).await.unwrap();
    let (_, page) = app
        .api_json(Method::GET, "/admin/rules", &ops, Value::Null)
        .await;
    let ours: Vec<&Value> = page["firings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "zebras")
        .collect();
    assert_eq!(ours.len(), 1, "{page}");
    assert_eq!(ours[0]["reference"], noisy.as_str());
    assert_eq!(ours[0]["mode"], "shadow");
    let alerts = |kind: &'static str| {
        let portal = app.portal.clone();
        async move {
            let mut conn = portal.store.read().await.unwrap();
            sqlx::query_scalar::<_, i64>("select count(*) from outbox where kind = $1")
                .bind(kind)
                .fetch_one(&mut *conn)
                .await
                .unwrap()
        }
    };
    assert_eq!(alerts("rule").await, 0, "shadow mode only logs");

    // Active: a new version fires in a new episode once the old one ends.
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": RULE, "mode": "active"}),
        )
        .await;
    assert_eq!(status, 200);
    let mut conn = app.portal.store.begin().await.unwrap();
    app::store::rules::end_episode(&mut conn, "zebras", app.case_id(&noisy).await, now)
        .await
        .unwrap();
    conn.commit().await.unwrap();
    app::service::rules::sweep(&app.portal, now).await.unwrap();
    app::service::rules::sweep(&app.portal, now).await.unwrap();
    assert_eq!(
        alerts("rule").await,
        2,
        "flag_at_risk and alert manager, once"
    );
    assert_eq!(
        alerts("rule_approval").await,
        1,
        "raise_severity waits for a person"
    );
}

#[tokio::test]
async fn the_rules_page_backtests_a_draft_and_saves_it_with_plain_forms() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let (noisy, _) = stored_cases(&app).await;
    app.sign_in_as(OPS).await;
    let page = app.page_text("/ops/rules").await;
    assert!(
        page.contains("repeat-contacts"),
        "the shipped examples are listed"
    );

    let backtest = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "zebras"),
                ("source", RULE),
                ("mode", "shadow"),
                ("days", "7"),
                ("action", "backtest"),
            ],
        )
        .await;
    assert_eq!(backtest.status(), 200);
    let page = backtest.text().await.unwrap();
    assert!(
        page.contains("Firings per day") && page.contains("Precision"),
        "{page}"
    );
    assert!(
        page.contains(&format!("/staff/cases/{noisy}")),
        "the case behind the number is a click away"
    );
    assert!(
        page.contains("customer_messages(1h) &gt;= 3"),
        "the draft comes back as typed"
    );

    let broken = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "zebras"),
                ("source", "when open\n  and mood > 3\nthen flag_at_risk"),
                ("mode", "shadow"),
                ("days", "7"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(broken.status(), 422);
    assert!(broken.text().await.unwrap().contains("line 2"));

    let saved = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "zebras"),
                ("source", RULE),
                ("mode", "shadow"),
                ("days", "7"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(crate::helpers::location(&saved), "/ops/rules?rule=zebras");
    let page = app.page_text("/ops/rules?rule=zebras").await;
    assert!(page.contains("v1 by ops@baton.example"), "{page}");

    app.sign_in_as(AGENT).await;
    let refused = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "x"),
                ("source", RULE),
                ("mode", "off"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn approving_a_swarm_or_a_proactive_update_carries_it_out() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let manager = app.staff_token("manager@baton.example").await;
    let (noisy, token) = app.raise("The zebra export fails").await;
    for body in ["Still failing, zebra again.", "Any news?"] {
        app.customer_writes(&noisy, &token, body).await;
    }
    let (status, refused) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": "when text contains \"zebra\"\nthen send_message welcome\n", "mode": "active"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["line"], 2);
    let source = "when open and text contains \"zebra\" and customer_messages(1h) >= 3\n\
                  then start_swarm\nthen send_message proactive_update\n";
    let (status, _) = app
        .api_json(
            Method::PUT,
            "/admin/rules/zebras",
            &ops,
            json!({"source": source, "mode": "active"}),
        )
        .await;
    assert_eq!(status, 200);
    app::service::rules::sweep(&app.portal, app::service::now())
        .await
        .unwrap();
    let (_, desk) = app
        .api_json(Method::GET, "/staff/early-warning", &manager, Value::Null)
        .await;
    let asked: Vec<(i64, String)> = desk["approvals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["reference"] == noisy.as_str())
        .map(|a| {
            (
                a["id"].as_i64().unwrap(),
                a["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(asked.len(), 2, "{desk}");
    for (id, action) in &asked {
        let (status, answer) = app
            .api_json(
                Method::POST,
                &format!("/staff/rule-approvals/{id}"),
                &manager,
                json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(status, 200, "{action}: {answer}");
        assert!(
            !answer["outcome"]
                .as_str()
                .unwrap()
                .contains("yours to start"),
            "{answer}"
        );
    }
    let (_, case) = app
        .api_json(
            Method::GET,
            &format!("/staff/cases/{noisy}"),
            &manager,
            Value::Null,
        )
        .await;
    assert_eq!(
        case["swarm"]["facilitator"]["email"], "manager@baton.example",
        "{case}"
    );
    let status = app.status_json(&noisy, &token).await.text().await.unwrap();
    assert!(
        status.contains("We noticed your case is taking longer than it should."),
        "the customer reads the proactive update: {status}"
    );
}

#[tokio::test]
async fn the_form_writes_the_rule_and_reads_a_flat_one_back() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    app.sign_in_as(OPS).await;
    let written = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "slow-serious"),
                ("mode", "off"),
                ("days", "30"),
                ("form_any", "all"),
                ("fact_0", "severity"),
                ("op_0", ">="),
                ("value_0", "S2"),
                ("fact_1", "not breached"),
                ("fact_2", "text contains"),
                ("value_2", "refund"),
                ("act_0", "flag_at_risk"),
                ("alert_role", "manager"),
                ("action", "from_form"),
            ],
        )
        .await;
    assert_eq!(written.status(), 200);
    let page = written.text().await.unwrap();
    assert!(
        page.contains(
            "when severity &gt;= S2 and not breached and text contains \"refund\"\nthen flag_at_risk\nthen alert manager"
        ),
        "the rule's text is in the editor: {page}"
    );

    let wrong = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "slow-serious"),
                ("form_any", "any"),
                ("fact_0", "open"),
                ("fact_1", "mood"),
                ("op_1", ">"),
                ("value_1", "3"),
                ("act_0", "flag_at_risk"),
                ("action", "from_form"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let page = wrong.text().await.unwrap();
    assert!(page.contains("Condition 2:"), "the row is named");
    assert!(page.contains("value=\"mood\""), "what was typed comes back");

    // A saved flat rule opens in the form too; a nested one says why not.
    let saved = app
        .post_form(
            "/ops/rules",
            &[
                ("name", "slow-serious"),
                ("mode", "off"),
                (
                    "source",
                    "when health_score < 50 or signal(error_rate) > 0.05\nthen engage_sponsor\n",
                ),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let page = app.page_text("/ops/rules?rule=slow-serious").await;
    assert!(page.contains("value=\"health_score\""), "{page}");
    assert!(page.contains("value=\"signal(error_rate)\""));
    assert!(page.contains("<option value=\"any\" selected"));
    let page = app.page_text("/ops/rules?rule=repeat-contacts").await;
    assert!(
        page.contains("value=\"customer_messages(1d)\"") || page.contains("nests and, or and not"),
        "an example opens in the form or says why not"
    );
}
