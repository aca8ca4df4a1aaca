//! The tier ladder is configurable: ops add, rename and reorder tiers in the
//! SLA policies, and every rule that climbs the ladder follows at once.

use crate::helpers::spawn_app_with_demo;
use reqwest::Method;
use serde_json::{Value, json};

const PARTNER_LADDER: &str = r#"
[[ladder]]
code = "L1"
name = "Front line"
customer_words = "our support team"
respond_within = 5

[[ladder]]
code = "Partner"
name = "Partner engineers"
customer_words = "our partner engineers"
respond_within = 30

[[ladder]]
code = "L2"
name = "Technical specialists"
customer_words = "a specialist team"
respond_within = 60

[[ladder]]
code = "L3"
name = "Experts and management"
customer_words = "our senior engineers"
respond_within = 120
"#;

async fn put_policies(
    app: &crate::helpers::TestApp,
    token: &str,
    source: &str,
) -> reqwest::Response {
    app.api(
        Method::PUT,
        "/admin/sla/policies",
        token,
        json!({ "source": source }),
    )
    .await
}

#[tokio::test]
async fn a_tier_added_to_the_ladder_is_the_next_step_up_and_customers_read_its_words() {
    let app = spawn_app_with_demo().await;
    let ops = app.staff_token("ops@baton.example").await;
    let agent = app.staff_token("agent@baton.example").await;
    let saved = put_policies(&app, &ops, PARTNER_LADDER).await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());

    let tiers: Value = app
        .api_json(Method::GET, "/admin/tiers", &ops, json!({}))
        .await
        .1;
    let codes: Vec<&str> = tiers["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["L1", "Partner", "L2", "L3"]);
    assert_eq!(tiers["tiers"][1]["respond_within"], "30 business minutes");

    let (reference, token) = app.raise("Checkout is down").await;
    let moved = app
        .api(
            Method::POST,
            &format!("/staff/cases/{reference}/escalations"),
            &agent,
            json!({ "reason": "Their gateway", "handoff_note": "Restarted; still failing" }),
        )
        .await;
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    let case: Value = app
        .api_json(
            Method::GET,
            &format!("/staff/cases/{reference}"),
            &agent,
            json!({}),
        )
        .await
        .1;
    assert_eq!(case["tier"], "Partner", "one step up is the new tier");

    let status = app
        .status_json(&reference, &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        status.contains("Our partner engineers have taken over your case."),
        "{status}"
    );
    assert!(
        !status.contains("Partner\""),
        "customers never see the code"
    );

    let gone = app
        .api(
            Method::POST,
            &format!("/staff/cases/{reference}/escalations"),
            &agent,
            json!({ "to_tier": "Executive", "reason": "r", "handoff_note": "n" }),
        )
        .await;
    assert_eq!(gone.status(), 422, "Executive left the ladder");
    let error: Value = gone.json().await.unwrap();
    assert_eq!(error["error"]["field"], "to_tier");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("L1, Partner, L2 or L3")
    );
}

#[tokio::test]
async fn a_ladder_that_drops_a_tier_still_in_use_is_refused_and_nothing_changes() {
    let app = spawn_app_with_demo().await;
    let ops = app.staff_token("ops@baton.example").await;
    let before: Value = app
        .api_json(Method::GET, "/admin/sla/policies", &ops, json!({}))
        .await
        .1;
    // The demo's manager works at L3; this ladder has no L3.
    let without_l3 = PARTNER_LADDER
        .split("[[ladder]]\ncode = \"L3\"")
        .next()
        .unwrap();
    let refused = put_policies(&app, &ops, without_l3).await;
    assert_eq!(refused.status(), 422);
    let error: Value = refused.json().await.unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("no longer has L3"), "{message}");
    assert!(message.contains("member(s) of staff"), "{message}");
    let after: Value = app
        .api_json(Method::GET, "/admin/sla/policies", &ops, json!({}))
        .await
        .1;
    assert_eq!(after, before, "the saved policies are untouched");

    let bad = put_policies(&app, &ops, "[[ladder]]\ncode = \"L1\"\nname = \"Desk\"\ncustomer_words = \"the L1 desk\"\nrespond_within = 5\n[[ladder]]\ncode = \"L2\"\nname = \"Two\"\ncustomer_words = \"a specialist team\"\nrespond_within = 60\n").await;
    assert_eq!(bad.status(), 422);
    let error: Value = bad.json().await.unwrap();
    assert_eq!(error["error"]["line"], 4, "{error}");
}

fn grid(rows: &[[&str; 5]]) -> Vec<(String, String)> {
    rows.iter()
        .enumerate()
        .flat_map(|(n, row)| {
            [
                "position",
                "code",
                "name",
                "customer_words",
                "respond_within",
            ]
            .iter()
            .zip(row)
            .map(move |(field, value)| (format!("{field}.{n}"), (*value).to_owned()))
        })
        .collect()
}

async fn post_grid(app: &crate::helpers::TestApp, rows: &[[&str; 5]]) -> reqwest::Response {
    let fields = grid(rows);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form("/ops/tiers/ladder", &pairs).await
}

const DEFAULT_ROWS: [[&str; 5]; 4] = [
    ["1", "L1", "Front line", "our support team", "5"],
    [
        "3",
        "L2",
        "Technical specialists",
        "a specialist team",
        "60",
    ],
    [
        "4",
        "L3",
        "Experts and management",
        "our senior engineers",
        "120",
    ],
    ["5", "Executive", "Executive", "our senior team", "240"],
];

#[tokio::test]
async fn ops_add_a_tier_in_the_ladder_grid_and_a_mistake_comes_back_with_what_was_typed() {
    let app = spawn_app_with_demo().await;
    let ops = app.staff_token("ops@baton.example").await;
    app.sign_in_as("ops@baton.example").await;
    let page = app.page_text("/ops/tiers").await;
    assert!(
        page.contains("name=\"code.3\" value=\"Executive\""),
        "the grid shows the ladder"
    );

    let mut rows = DEFAULT_ROWS.to_vec();
    rows.push([
        "2",
        "Partner",
        "Partner engineers",
        "our partner engineers",
        "30",
    ]);
    let saved = post_grid(&app, &rows).await;
    assert_eq!(saved.status(), 303);
    let (_, tiers) = app
        .api_json(Method::GET, "/admin/tiers", &ops, json!({}))
        .await;
    let codes: Vec<&str> = tiers["tiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["L1", "Partner", "L2", "L3", "Executive"]);
    let (_, policies) = app
        .api_json(Method::GET, "/admin/sla/policies", &ops, json!({}))
        .await;
    assert!(
        policies["source"]
            .as_str()
            .unwrap()
            .contains("code = \"Partner\""),
        "saved with the SLA policies"
    );

    let mut bad = DEFAULT_ROWS.to_vec();
    bad[1][3] = "the L2 desk";
    let refused = post_grid(&app, &bad).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(
        page.contains("Tier 2 (L2): customer words"),
        "says which tier and what"
    );
    assert!(
        page.contains("value=\"the L2 desk\""),
        "nothing typed is lost"
    );

    // The demo's manager works at L3: blanking it is refused.
    let mut without_l3 = DEFAULT_ROWS.to_vec();
    without_l3[2] = ["4", "", "", "", ""];
    let stranded = post_grid(&app, &without_l3).await;
    assert_eq!(stranded.status(), 422);
    assert!(stranded.text().await.unwrap().contains("no longer has L3"));

    app.sign_in_as_agent().await;
    assert_eq!(post_grid(&app, &DEFAULT_ROWS).await.status(), 403);
}
