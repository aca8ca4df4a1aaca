//! What surrounds a running incident: the role cards and playbooks ops
//! edit, the checklist with owners, the read-only view for those who only
//! follow it, the live war room, the raise form's known-problem notice,
//! and situation updates to webhooks.

use crate::helpers::{TestApp, spawn_app_with_settings};
use crate::live::Stream;
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const MANAGER: &str = "manager@baton.example";
const AGENT: &str = "agent@baton.example";
const OPS: &str = "ops@baton.example";

async fn declare(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    app.api_json(Method::POST, "/staff/incidents", token, body)
        .await
}

fn in_minutes(minutes: i64) -> String {
    jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn ops_write_the_role_cards_and_playbooks_a_declaration_uses() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let ops = app.staff_token(OPS).await;
    let agent = app.staff_token(AGENT).await;
    let manager = app.staff_token(MANAGER).await;

    // The shipped setting: Baton's cards and one example playbook.
    let (status, shipped) = app
        .api_json(Method::GET, "/admin/playbooks", &ops, Value::Null)
        .await;
    assert_eq!(status, 200, "{shipped}");
    assert_eq!(shipped["playbooks"][0]["kind"], "outage");
    assert!(shipped["role_cards"]["commander"]["never"].is_string());

    let setting = json!({
        "role_cards": {"scribe": {"now": "Write down every decision with its time.",
                                  "next": "Keep the timeline current.",
                                  "never": "Name who is to blame."}},
        "playbooks": [{"kind": "database", "name": "Database down",
                       "tasks": ["Fail over to the replica", "Tell the payments team"]}]
    });
    let (status, refused) = app
        .api_json(Method::PUT, "/admin/playbooks", &agent, setting.clone())
        .await;
    assert_eq!(status, 403, "{refused}");
    let (status, bad) = app
        .api_json(
            Method::PUT,
            "/admin/playbooks",
            &ops,
            json!({"playbooks": [{"kind": "Database!", "name": "x", "tasks": ["a"]}]}),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("playbook 1")
    );
    let (status, saved) = app
        .api_json(Method::PUT, "/admin/playbooks", &ops, setting)
        .await;
    assert_eq!(status, 200, "{saved}");

    // An unknown kind is refused, naming the kinds there are.
    let (status, unknown) = declare(
        &app,
        &manager,
        json!({"title": "Orders lost", "impact": "Orders do not arrive.", "kind": "outage"}),
    )
    .await;
    assert_eq!(status, 422, "{unknown}");
    assert_eq!(unknown["error"]["field"], "kind");
    assert!(
        unknown["error"]["message"]
            .as_str()
            .unwrap()
            .contains("database")
    );

    let (status, room) = declare(
        &app,
        &manager,
        json!({"title": "Orders lost", "impact": "Orders do not arrive.", "kind": "database"}),
    )
    .await;
    assert_eq!(status, 201, "{room}");
    let reference = room["reference"].as_str().unwrap().to_owned();
    let path = format!("/staff/incidents/{reference}");
    let tasks = room["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["title"], "Fail over to the replica");
    assert_eq!(
        tasks[0]["owner"], "Grace Hopper",
        "the commander owns them at first"
    );

    // The scribe reads ops' card on taking the role.
    let (status, room) = app
        .api_json(
            Method::POST,
            &format!("{path}/roles"),
            &manager,
            json!({"role": "scribe", "email": OPS}),
        )
        .await;
    assert_eq!(status, 200, "{room}");
    let scribe = room["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "scribe")
        .unwrap();
    assert_eq!(scribe["card_never"], "Name who is to blame.");

    // The checklist: add one with an owner, hand one on, tick it.
    let (status, room) = app
        .api_json(
            Method::POST,
            &format!("{path}/tasks"),
            &manager,
            json!({"title": "Call the hosting provider", "owner_email": AGENT}),
        )
        .await;
    assert_eq!(status, 201, "{room}");
    let added = room["tasks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(added["owner"], "Ada Lovelace");
    let first = room["tasks"][0]["id"].as_i64().unwrap();
    let (status, room) = app
        .api_json(
            Method::POST,
            &format!("{path}/tasks/{first}"),
            &manager,
            json!({"owner_email": OPS, "done": true}),
        )
        .await;
    assert_eq!(status, 200, "{room}");
    assert_eq!(room["tasks"][0]["owner"], "Katherine Johnson");
    assert_eq!(room["tasks"][0]["done"], true);
    assert!(
        room["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["body"]
                .as_str()
                .unwrap()
                .contains("Task done: Fail over to the replica.")),
        "{room}"
    );
    for (task, body, expected) in [
        ("999999", json!({"done": true}), 404),
        ("not-a-task", json!({"done": true}), 404),
        (&first.to_string()[..], json!({}), 422),
        (
            &first.to_string()[..],
            json!({"owner_email": "nobody@example.com"}),
            422,
        ),
    ] {
        let (status, answer) = app
            .api_json(
                Method::POST,
                &format!("{path}/tasks/{task}"),
                &manager,
                body,
            )
            .await;
        assert_eq!(status, expected, "{task}: {answer}");
    }

    // An agent who holds no role follows the incident: reads, cannot change.
    let (status, follower) = app.api_json(Method::GET, &path, &agent, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(follower["can_run"], false);
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/tasks/{first}"),
            &agent,
            json!({"done": false}),
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_war_room_page_is_live_and_read_only_for_followers() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let manager = app.staff_token(MANAGER).await;
    let (_, room) = declare(
        &app,
        &manager,
        json!({"title": "Card payments fail", "impact": "You cannot take card payments.", "kind": "outage"}),
    )
    .await;
    let reference = room["reference"].as_str().unwrap().to_owned();
    let path = format!("/staff/incidents/{reference}");

    // Nobody signed in: no stream.
    let anonymous = Stream::open(&app, &format!("{path}/live"), None).await;
    assert_eq!(anonymous.status(), 401);

    app.sign_in_as(AGENT).await;
    let page = app.page_text(&path).await;
    assert!(page.contains("You are following this incident"), "{page}");
    assert!(
        !page.contains(&format!("action=\"{path}/updates\"")),
        "no forms for a follower"
    );
    assert!(page.contains("Confirm what is down"), "the checklist shows");

    let mut stream = Stream::new(Stream::open(&app, &format!("{path}/live"), None).await);
    let first = stream
        .next(Duration::from_secs(5))
        .await
        .expect("the current version");
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/entries"),
            &manager,
            json!({"kind": "decision", "body": "Roll back the release."}),
        )
        .await;
    assert_eq!(status, 201);
    let next = stream
        .next(Duration::from_secs(5))
        .await
        .expect("the change");
    assert!(next.id > first.id, "{next:?} after {first:?}");
    let page = app.page_text(&path).await;
    assert!(
        page.contains(&format!("data-live-key=\"{}\"", next.id)),
        "the page renders at the new version"
    );
}

#[tokio::test]
async fn the_raise_form_tells_customers_about_a_known_problem_while_it_is_open() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let manager = app.staff_token(MANAGER).await;
    let (_, room) = declare(
        &app,
        &manager,
        json!({"title": "Card payments fail", "impact": "You cannot take card payments <today>."}),
    )
    .await;
    let reference = room["reference"].as_str().unwrap().to_owned();
    let path = format!("/staff/incidents/{reference}");
    let known = async || -> Value {
        let response = app.get("/api/v1/known-problems").await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    };
    assert_eq!(
        known().await["problems"],
        json!([]),
        "nothing until staff choose to tell"
    );
    assert!(!app.page_text("/").await.contains("We know about a problem"));

    let (status, room) = app
        .api_json(
            Method::POST,
            &format!("{path}/notice"),
            &manager,
            json!({"shown": true}),
        )
        .await;
    assert_eq!(status, 200, "{room}");
    assert_eq!(room["raise_notice"], true);
    let problems = known().await;
    assert_eq!(problems["problems"][0]["title"], "Card payments fail");
    let page = app.page_text("/").await;
    assert!(
        page.contains("We know about a problem") && page.contains("Card payments fail"),
        "{page}"
    );
    assert!(page.contains("card payments &lt;today&gt;"), "escaped");
    assert!(
        !page.contains(&reference),
        "no incident reference for customers"
    );

    // A drill is never shown.
    let (_, drill) = declare(
        &app,
        &manager,
        json!({"title": "Drill", "impact": "Nothing really.", "drill": true}),
    )
    .await;
    let drill_path = format!("/staff/incidents/{}", drill["reference"].as_str().unwrap());
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{drill_path}/notice"),
            &manager,
            json!({"shown": true}),
        )
        .await;
    assert_eq!(status, 409);

    // Resolved: the notice goes.
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/resolution"),
            &manager,
            json!({"summary": "Card payments work again."}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(known().await["problems"], json!([]));
}

#[tokio::test]
async fn a_situation_update_calls_each_webhook_once_and_each_account_with_its_own_cases() {
    let (url, received) = crate::mail_out::receiver().await;
    let hook = format!("{url}/hook");
    let account = format!("bigco.example={url}/account");
    let app = spawn_app_with_settings(&[
        ("BATON_RATE_LIMITS", "off"),
        ("BATON_WEBHOOK_URLS", hook.as_str()),
        ("BATON_WEBHOOK_SECRET", "a-long-webhook-secret"),
        ("BATON_ACCOUNT_WEBHOOKS", account.as_str()),
    ])
    .await;
    let manager = app.staff_token(MANAGER).await;
    let (_, room) = declare(
        &app,
        &manager,
        json!({"title": "Card payments fail", "impact": "You cannot take card payments."}),
    )
    .await;
    let reference = room["reference"].as_str().unwrap().to_owned();
    let path = format!("/staff/incidents/{reference}");
    let mut references = Vec::new();
    for email in ["a@bigco.example", "b@bigco.example", "c@other.example"] {
        let response = app
            .post_json(
                "/api/v1/escalations",
                &json!({"name": "Sam", "email": email, "subject": "Checkout fails",
                        "description": "Card payments fail.", "severity": "S2"}),
            )
            .await;
        let body: Value = response.json().await.unwrap();
        references.push(body["reference"].as_str().unwrap().to_owned());
    }
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/cases"),
            &manager,
            json!({"references": references}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates"),
            &manager,
            json!({"affected": "Card payments.", "known": "A bad change.", "doing": "Undoing it.",
                   "next_update_at": in_minutes(30)}),
        )
        .await;
    assert_eq!(status, 201);
    let updates = |name: &str| -> Vec<Value> {
        received
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.0 == name && c.2.contains("incident.update"))
            .map(|c| serde_json::from_str(&c.2).unwrap())
            .collect()
    };
    for _ in 0..100 {
        if !updates("hook").is_empty() && !updates("account").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let global = updates("hook");
    assert_eq!(global.len(), 1, "one call however many cases: {global:?}");
    assert_eq!(global[0]["incident"]["reference"], reference.as_str());
    assert_eq!(global[0]["update"]["doing"], "Undoing it.");
    assert_eq!(global[0]["cases"].as_array().unwrap().len(), 3);
    let theirs = updates("account");
    assert_eq!(theirs.len(), 1);
    let cases: Vec<&str> = theirs[0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        cases,
        [references[0].as_str(), references[1].as_str()],
        "only BigCo's cases"
    );
}

#[tokio::test]
async fn cases_picked_in_the_queue_link_to_an_open_incident_in_one_go() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let manager = app.staff_token(MANAGER).await;
    app.sign_in_as(MANAGER).await;
    let (first, _) = app.raise("Checkout fails").await;
    let (second, _) = app.raise("Payments refused").await;
    let queue = app.page_text("/staff").await;
    assert!(!queue.contains("bulk-link"), "nothing to link to yet");

    let (_, room) = declare(
        &app,
        &manager,
        json!({"title": "Card payments fail", "impact": "You cannot take card payments."}),
    )
    .await;
    let reference = room["reference"].as_str().unwrap().to_owned();
    let queue = app.page_text("/staff").await;
    assert!(
        queue.contains(&format!("value=\"{first}\"")),
        "each row can be picked"
    );
    assert!(queue.contains(&reference), "the open incident is offered");

    let nothing = app
        .post_form("/staff/incidents/links", &[("incident", &reference)])
        .await;
    assert_eq!(nothing.status(), 422);
    assert!(
        nothing
            .text()
            .await
            .unwrap()
            .contains("Pick the cases to link first.")
    );

    let linked = app
        .post_form(
            "/staff/incidents/links",
            &[
                ("incident", &reference),
                ("references", &first),
                ("references", &second),
            ],
        )
        .await;
    assert_eq!(linked.status(), 303);
    assert_eq!(
        crate::helpers::location(&linked),
        format!("/staff/incidents/{reference}")
    );
    let (_, room) = app
        .api_json(
            Method::GET,
            &format!("/staff/incidents/{reference}"),
            &manager,
            Value::Null,
        )
        .await;
    let cases: Vec<&str> = room["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert!(
        cases.contains(&first.as_str()) && cases.contains(&second.as_str()),
        "{room}"
    );

    // An agent may not link on the incident's behalf.
    app.sign_in_as(AGENT).await;
    let refused = app
        .post_form(
            "/staff/incidents/links",
            &[("incident", &reference), ("references", &first)],
        )
        .await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn an_update_is_previewed_as_customers_will_read_it_and_nothing_is_sent() {
    let app = spawn_app_with_settings(&[("BATON_RATE_LIMITS", "off")]).await;
    let manager = app.staff_token(MANAGER).await;
    let (_, room) = declare(
        &app,
        &manager,
        json!({"title": "Card payments fail", "impact": "You cannot take card payments."}),
    )
    .await;
    let reference = room["reference"].as_str().unwrap().to_owned();
    let path = format!("/staff/incidents/{reference}");
    let update = json!({"affected": "Card payments <all>.", "known": "A bad change.",
                        "doing": "Undoing it.", "next_update_at": in_minutes(30)});
    let (status, preview) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates/preview"),
            &manager,
            update,
        )
        .await;
    assert_eq!(status, 200, "{preview}");
    assert!(
        preview["web"].as_str().unwrap().contains("Undoing it."),
        "{preview}"
    );
    assert!(
        preview["email_body"]
            .as_str()
            .unwrap()
            .contains("Sam Customer"),
        "{preview}"
    );
    assert!(!preview["email_subject"].as_str().unwrap().is_empty());
    let (status, bad) = app
        .api_json(
            Method::POST,
            &format!("{path}/updates/preview"),
            &manager,
            json!({"affected": "x", "known": "y", "doing": "z", "next_update_at": "soon"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(bad["error"]["field"], "next_update_at");
    let (_, room) = app
        .api_json(Method::GET, &path, &manager, Value::Null)
        .await;
    assert_eq!(room["updates"], json!([]), "a preview publishes nothing");

    // The war room's Preview button shows it under the form, escaped, as typed.
    app.sign_in_as(MANAGER).await;
    let next = in_minutes(30);
    let shown = app
        .post_form(
            &format!("{path}/updates"),
            &[
                ("affected", "Card payments <all>."),
                ("known", "A bad change."),
                ("doing", "Undoing it."),
                ("next_update_at", &next),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(shown.status(), 200);
    let page = shown.text().await.unwrap();
    assert!(page.contains("As customers will read it"), "{page}");
    assert!(page.contains("Card payments &lt;all&gt;."));
    assert!(!page.contains("Card payments <all>."), "escaped everywhere");
    let (_, room) = app
        .api_json(Method::GET, &path, &manager, Value::Null)
        .await;
    assert_eq!(room["updates"], json!([]));
    // The review's first draft is the war room's timeline.
    assert!(
        room["review_draft"]
            .as_str()
            .unwrap()
            .contains("Declared: Card payments fail."),
        "{room}"
    );
}
