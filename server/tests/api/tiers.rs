//! The tiers and teams screen: ops see each tier's members and objective,
//! and move staff between tiers and teams; others are refused.

use crate::helpers::{location, spawn_app_with_demo};

#[tokio::test]
async fn ops_see_the_tiers_and_move_a_member_to_another_tier_and_team() {
    let app = spawn_app_with_demo().await;
    app.sign_in_as("ops@baton.example").await;
    let page = app.get("/ops/tiers").await.text().await.unwrap();
    assert!(
        page.contains("a specialist team"),
        "what customers read for L2"
    );
    assert!(
        page.contains("Alan Turing (specialist)"),
        "the demo's L2 member"
    );

    let moved = app
        .post_form(
            "/ops/tiers/members",
            &[
                ("email", "specialist@baton.example"),
                ("tier", "L3"),
                ("team", "Payments"),
            ],
        )
        .await;
    assert_eq!(moved.status(), 303);
    assert_eq!(location(&moved), "/ops/tiers");
    let queue = app.get("/staff?team=Payments").await;
    assert_eq!(queue.status(), 200, "the new team is a queue filter");
    let page = app.get("/ops/tiers").await.text().await.unwrap();
    assert!(page.contains("value=\"Payments\""));

    let bad = app
        .post_form(
            "/ops/tiers/members",
            &[
                ("email", "specialist@baton.example"),
                ("tier", "L9"),
                ("team", ""),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Use L1, L2, L3 or Executive.")
    );
    let nobody = app
        .post_form(
            "/ops/tiers/members",
            &[("email", "who@baton.example"), ("tier", "L1")],
        )
        .await;
    assert_eq!(nobody.status(), 422);

    app.sign_in_as_agent().await;
    let refused = app
        .post_form(
            "/ops/tiers/members",
            &[("email", "agent@baton.example"), ("tier", "Executive")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.get("/ops/tiers").await.status(), 403);
}

#[tokio::test]
async fn the_admin_api_lists_tiers_and_places_staff() {
    let app = spawn_app_with_demo().await;
    let ops = app.staff_token("ops@baton.example").await;
    let agent = app.staff_token("agent@baton.example").await;
    let listed = app
        .api(
            reqwest::Method::GET,
            "/admin/tiers",
            &ops,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(listed.status(), 200);
    let page: serde_json::Value = listed.json().await.unwrap();
    assert_eq!(page["tiers"][1]["code"], "L2");
    assert_eq!(page["tiers"][1]["members"][0], "Alan Turing (specialist)");

    let path = "/admin/staff/specialist@baton.example/place";
    let put = reqwest::Method::PUT;
    let moved = app
        .api(
            put.clone(),
            path,
            &ops,
            serde_json::json!({"tier": "L3", "team": "Payments"}),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let bad = app
        .api(put.clone(), path, &ops, serde_json::json!({"tier": "L9"}))
        .await;
    assert_eq!(bad.status(), 422);
    let error = bad.json::<serde_json::Value>().await.unwrap()["error"].clone();
    assert_eq!(error["field"], "tier");
    let refused = app
        .api(put, path, &agent, serde_json::json!({"tier": "L1"}))
        .await;
    assert_eq!(refused.status(), 403);
    let page: serde_json::Value = app
        .api(
            reqwest::Method::GET,
            "/admin/tiers",
            &ops,
            serde_json::json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["tiers"][2]["members"][0], "Alan Turing (specialist)");
}
