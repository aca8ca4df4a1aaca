//! Escalation types and the RACI matrix over HTTP: triage in the console and
//! the staff API, the ops grid and the admin API, and an escalation that the
//! matrix hands to the right person by itself.

use crate::helpers::{location, spawn_app_with_demo};
use reqwest::{Method, Response};
use serde_json::{Value, json};

async fn error_of(response: Response) -> Value {
    response.json::<Value>().await.unwrap()["error"].clone()
}

#[tokio::test]
async fn staff_re_rate_and_retype_a_case_in_the_api_with_clear_refusals() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Refund missing").await;
    let agent = app.staff_token("agent@baton.example").await;
    let path = |what: &str| format!("/staff/cases/{reference}/{what}");

    let rerated = app
        .api(
            Method::POST,
            &path("severity"),
            &agent,
            json!({"severity": "S1"}),
        )
        .await;
    assert_eq!(rerated.status(), 200);
    let case: Value = rerated.json().await.unwrap();
    assert_eq!(case["severity"], "S1");
    assert!(
        case["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "severity_changed" && e["public"] == false)
    );

    let again = app
        .api(
            Method::POST,
            &path("severity"),
            &agent,
            json!({"severity": "S1"}),
        )
        .await;
    assert_eq!(again.status(), 409);
    let bad = app
        .api(
            Method::POST,
            &path("severity"),
            &agent,
            json!({"severity": "S7"}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(error_of(bad).await["field"], "severity");

    let retyped = app
        .api(
            Method::POST,
            &path("type"),
            &agent,
            json!({"escalation_type": "billing"}),
        )
        .await;
    assert_eq!(retyped.status(), 200);
    assert_eq!(
        retyped.json::<Value>().await.unwrap()["escalation_type"],
        "billing"
    );
    let unknown = app
        .api(
            Method::POST,
            &path("type"),
            &agent,
            json!({"escalation_type": "weather"}),
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let error = error_of(unknown).await;
    assert_eq!(error["field"], "escalation_type");
    assert!(error["message"].as_str().unwrap().contains("security"));

    let anonymous = app
        .post_json(
            &format!("/api/v1{}", path("type")),
            &json!({"escalation_type": "billing"}),
        )
        .await;
    assert_eq!(anonymous.status(), 401);

    let queue = app
        .api(
            Method::GET,
            "/staff/cases?escalation_type=billing",
            &agent,
            json!({}),
        )
        .await;
    let cases = queue.json::<Value>().await.unwrap()["cases"].clone();
    assert_eq!(cases.as_array().unwrap().len(), 1);
    assert_eq!(cases[0]["reference"], reference.as_str());
}

#[tokio::test]
async fn an_escalation_goes_to_the_responsible_specialist_and_managers_are_told() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Checkout broken").await;
    let agent = app.staff_token("agent@baton.example").await;
    let note =
        json!({"tried": "Cleared caches", "known": "All cards fail", "told_customer": "Looking"});
    let up = app
        .api(
            Method::POST,
            &format!("/staff/cases/{reference}/escalations"),
            &agent,
            json!({"reason": "Gateway errors", "handoff_note": note}),
        )
        .await;
    assert_eq!(up.status(), 200);
    let case: Value = up.json().await.unwrap();
    assert_eq!(case["tier"], "L2");
    // The demo's only L2 member is the specialist, Responsible for technical fixes.
    assert_eq!(case["assignee"]["name"], "Alan Turing");

    app.sign_in_as("manager@baton.example").await;
    let alerts = app.get("/staff/alerts").await.text().await.unwrap();
    assert!(
        alerts.contains(&format!("For your information: {reference}")),
        "managers are Informed of technical fixes"
    );

    app.sign_in_as_agent().await;
    let page = app
        .get(&format!("/staff/cases/{reference}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Who does what: Technical problem, triage"),
        "the RACI card"
    );
}

#[tokio::test]
async fn the_console_changes_type_and_severity_and_keeps_a_bad_choice_on_the_page() {
    let app = spawn_app_with_demo().await;
    let (reference, _) = app.raise("Wrong invoice").await;
    app.sign_in_as_agent().await;
    let base = format!("/staff/cases/{reference}");
    let changed = app
        .post_form(&format!("{base}/type"), &[("escalation_type", "billing")])
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(location(&changed), base);
    let rerated = app
        .post_form(&format!("{base}/severity"), &[("severity", "S4")])
        .await;
    assert_eq!(rerated.status(), 303);
    let page = app.get(&base).await.text().await.unwrap();
    assert!(page.contains("Type changed technical → billing."));
    assert!(page.contains("Severity changed S2 → S4."));

    let refused = app
        .post_form(
            &format!("{base}/type"),
            &[("escalation_type", "<script>x</script>")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let body = refused.text().await.unwrap();
    assert!(body.contains("Unknown escalation type"));
    assert!(!body.contains("<script>x</script>"), "escaped");
}

#[tokio::test]
async fn ops_edit_the_grid_and_admins_the_types_while_agents_are_refused() {
    let app = spawn_app_with_demo().await;
    let ops = app.staff_token("ops@baton.example").await;
    let agent = app.staff_token("agent@baton.example").await;

    let refused = app.api(Method::GET, "/admin/raci", &agent, json!({})).await;
    assert_eq!(refused.status(), 403);
    let current = app.api(Method::GET, "/admin/raci", &ops, json!({})).await;
    assert_eq!(current.status(), 200);
    let mut types = current.json::<Value>().await.unwrap()["types"].clone();
    assert_eq!(types[0]["code"], "technical");

    types[0]["steps"]["fix"]["accountable"] = json!(["manager", "expert"]);
    let two = app
        .api(
            Method::PUT,
            "/admin/raci",
            &ops,
            json!({"types": types.clone()}),
        )
        .await;
    assert_eq!(two.status(), 422);
    let message = error_of(two).await["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("type 1: fix: name exactly one Accountable"),
        "{message}"
    );

    types[0]["steps"]["fix"]["accountable"] = json!("expert");
    types.as_array_mut().unwrap().push(json!({
        "code": "outage", "label": "Outage",
        "steps": {
            "triage": {"responsible": ["agent"], "accountable": "manager"},
            "fix": {"responsible": ["expert"], "accountable": "manager", "informed": ["executive"]},
            "customer_update": {"responsible": ["agent"], "accountable": "manager"},
            "closure": {"responsible": ["expert"], "accountable": "manager"}
        }
    }));
    let saved = app
        .api(Method::PUT, "/admin/raci", &ops, json!({"types": types}))
        .await;
    assert_eq!(saved.status(), 200);

    // The grid: ops untick everything but one row's accountable, which is refused.
    app.sign_in_as("ops@baton.example").await;
    let page = app.get("/ops/raci").await.text().await.unwrap();
    assert!(page.contains("Outage (outage)"));
    let missing = app
        .post_form("/ops/raci", &[("technical.triage.R.agent", "on")])
        .await;
    assert_eq!(missing.status(), 422);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("choose exactly one Accountable")
    );
    let stray = app
        .post_form("/ops/raci", &[("technical.triage.Z.agent", "on")])
        .await;
    assert_eq!(stray.status(), 422);

    app.sign_in_as_agent().await;
    let forbidden = app.post_form("/ops/raci/types", &[("json", "[]")]).await;
    assert_eq!(forbidden.status(), 403);
}

#[tokio::test]
async fn the_grid_form_saves_every_letter_it_was_given() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let mut form: Vec<(String, String)> = Vec::new();
    for kind in ["technical", "billing", "complaint", "security"] {
        for step in ["triage", "fix", "customer_update", "closure"] {
            form.push((format!("{kind}.{step}.R.agent"), "on".into()));
            form.push((format!("{kind}.{step}.A"), "manager".into()));
            form.push((format!("{kind}.{step}.I.executive"), "on".into()));
        }
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saved = app.post_form("/ops/raci", &pairs).await;
    assert_eq!(saved.status(), 303);
    let ops = app.staff_token("ops@baton.example").await;
    let types = app.api(Method::GET, "/admin/raci", &ops, json!({})).await;
    let types = types.json::<Value>().await.unwrap()["types"].clone();
    assert_eq!(
        types[3]["steps"]["closure"]["informed"],
        json!(["executive"])
    );
    assert_eq!(
        types[3]["steps"]["closure"]["responsible"],
        json!(["agent"])
    );
}
