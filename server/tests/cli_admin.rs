#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `baton admin ...` run as the real binary against a fresh SQLite file.

use app::service::secrets;
use server::config::Config;
use server::startup::Application;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A fresh database URL for one test.
fn database(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-admin");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite://{}", path.display())
}

fn admin(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("admin")
        .args(args)
        .env("BATON_DATABASE_URL", database_url)
        .env("RUST_LOG", "off")
        .output()
        .expect("baton runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn create(db: &str, email: &str, role: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "create-staff",
        "--email",
        email,
        "--name",
        "Grace Hopper",
        "--role",
        role,
    ];
    args.extend_from_slice(extra);
    admin(db, &args)
}

async fn scalar(db: &str, sql: &str) -> Vec<Option<String>> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(db).await.unwrap();
    let rows: Vec<Option<String>> = sqlx::query_scalar(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

#[tokio::test]
async fn creating_staff_without_a_password_prints_a_generated_one_once() {
    let db = database("generated");
    let made = create(&db, "Grace@Baton.example", "manager", &["--tier", "L3"]);
    assert!(made.status.success(), "stderr: {}", stderr(&made));
    let out = stdout(&made);
    assert!(out.contains("Created manager account for Grace Hopper <grace@baton.example>."));
    let password = out
        .lines()
        .find_map(|l| {
            l.split_once("store it safely): ")
                .map(|(_, p)| p.to_owned())
        })
        .expect("the generated password");
    assert!(password.len() >= 32, "{password}");
    assert_eq!(
        scalar(&db, "select tier from staff").await,
        [Some("L3".to_owned())]
    );
    let hashes = scalar(&db, "select password_hash from staff").await;
    assert!(!hashes[0].as_deref().unwrap().contains(&password));

    let chosen = create(
        &db,
        "ada@baton.example",
        "agent",
        &["--password", "a-long-enough-secret"],
    );
    assert!(chosen.status.success(), "stderr: {}", stderr(&chosen));
    assert!(
        !stdout(&chosen).contains("Password"),
        "a chosen password is not echoed"
    );
}

#[tokio::test]
async fn bad_input_is_refused_with_exit_status_two_and_a_clear_message() {
    let db = database("refused");
    let unknown_role = create(&db, "a@baton.example", "boss", &[]);
    assert_eq!(unknown_role.status.code(), Some(2));
    assert!(
        stderr(&unknown_role).contains("Unknown role \"boss\"; use one of agent, specialist, expert, manager, executive, ops, admin."),
        "{}",
        stderr(&unknown_role)
    );
    let bad_email = create(&db, "not-an-email", "agent", &[]);
    assert_eq!(bad_email.status.code(), Some(2));
    assert!(stderr(&bad_email).contains("--email:"));
    let bad_tier = create(&db, "a@baton.example", "agent", &["--tier", "L7"]);
    assert_eq!(bad_tier.status.code(), Some(2));
    assert!(stderr(&bad_tier).contains("Unknown tier"));
    let missing = admin(&db, &["create-staff", "--email", "a@baton.example"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("missing --name."));
    let unknown = admin(&db, &["promote"]);
    assert_eq!(unknown.status.code(), Some(2));

    assert!(
        create(&db, "a@baton.example", "agent", &[])
            .status
            .success()
    );
    let duplicate = create(&db, "A@baton.example", "ops", &[]);
    assert_eq!(duplicate.status.code(), Some(2));
    assert!(
        stderr(&duplicate)
            .contains("A staff account with the email a@baton.example already exists."),
        "{}",
        stderr(&duplicate)
    );
    let no_such = admin(&db, &["issue-token", "--email", "who@baton.example"]);
    assert_eq!(no_such.status.code(), Some(2));
    assert!(stderr(&no_such).contains("No staff account has the email who@baton.example."));
}

#[tokio::test]
async fn an_issued_token_is_printed_once_stored_hashed_and_opens_the_staff_api() {
    let db = database("token");
    assert!(
        create(&db, "grace@baton.example", "manager", &[])
            .status
            .success()
    );
    let issued = admin(&db, &["issue-token", "--email", "grace@baton.example"]);
    assert!(issued.status.success(), "stderr: {}", stderr(&issued));
    let token = stdout(&issued).trim().to_owned();
    assert_eq!(token.len(), 40);
    assert_eq!(
        scalar(&db, "select token_hash from staff_token").await,
        [Some(secrets::hash_token(&token))],
        "only the hash is stored"
    );

    let config = Config::from_lookup(|key| match key {
        "BATON_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(db.clone()),
        "BATON_DEMO" => Some("0".to_owned()),
        // No email intake: the default port may be taken on this machine.
        "BATON_SMTP_ADDR" => Some("off".to_owned()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let url = format!("http://127.0.0.1:{}/api/v1/staff/cases", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let ok = client.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let wrong = client.get(&url).bearer_auth("nope").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
}

/// Starts the server on the database the commands use; returns its address.
async fn serve(db: &str) -> String {
    let config = Config::from_lookup(|key| match key {
        "BATON_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(db.to_owned()),
        "BATON_DEMO" => Some("0".to_owned()),
        "BATON_SMTP_ADDR" => Some("off".to_owned()),
        _ => None,
    })
    .unwrap();
    let app = Application::build(config).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    url
}

/// Issues a token; returns it and the token id printed beside it.
fn issue(db: &str, email: &str) -> (String, String) {
    let issued = admin(db, &["issue-token", "--email", email]);
    assert!(issued.status.success(), "stderr: {}", stderr(&issued));
    let token = stdout(&issued).trim().to_owned();
    let id = stderr(&issued)
        .split_once("(token id ")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(id, _)| id.to_owned())
        .expect("the token id on stderr");
    assert!(token.starts_with(&id), "the id is the token's start");
    (token, id)
}

#[tokio::test]
async fn revoking_and_disabling_from_the_command_line_take_effect_at_once() {
    let db = database("access");
    let email = "grace@baton.example";
    let password = "a-long-enough-secret";
    assert!(
        create(&db, email, "manager", &["--password", password])
            .status
            .success()
    );
    let (first, first_id) = issue(&db, email);
    let (second, _) = issue(&db, email);
    let url = serve(&db).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let api = |token: String| {
        let request = client
            .get(format!("{url}/api/v1/staff/cases"))
            .bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let sign_in = || {
        let request = client
            .post(format!("{url}/staff/sign-in"))
            .form(&[("email", email), ("password", password)]);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let page = || {
        let request = client.get(format!("{url}/staff"));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(sign_in().await, 303);
    assert_eq!(page().await, 200);

    let revoked = admin(
        &db,
        &["revoke-token", "--email", email, "--token-id", &first_id],
    );
    assert!(revoked.status.success(), "stderr: {}", stderr(&revoked));
    assert_eq!(stdout(&revoked), format!("Revoked 1 token of {email}.\n"));
    assert_eq!(api(first.clone()).await, 401);
    assert_eq!(api(second.clone()).await, 200);

    let disabled = admin(&db, &["disable-staff", "--email", "Grace@Baton.example"]);
    assert!(disabled.status.success(), "stderr: {}", stderr(&disabled));
    assert_eq!(
        stdout(&disabled),
        format!("Disabled {email}: 1 session ended, 1 token revoked.\n")
    );
    assert_eq!(page().await, 303, "the next page is the sign-in");
    assert_eq!(api(second.clone()).await, 401);
    assert_eq!(sign_in().await, 422, "refused like a wrong password");
    let refused = admin(&db, &["issue-token", "--email", email]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("is disabled"));

    let enabled = admin(&db, &["enable-staff", "--email", email]);
    assert!(enabled.status.success(), "stderr: {}", stderr(&enabled));
    assert!(stdout(&enabled).starts_with(&format!("Enabled {email}")));
    assert_eq!(page().await, 303, "the old session stays ended");
    assert_eq!(api(second).await, 401, "old tokens stay revoked");
    assert_eq!(sign_in().await, 303);
    assert_eq!(page().await, 200);
    let (third, _) = issue(&db, email);
    assert_eq!(api(third).await, 200);
    let all = admin(&db, &["revoke-token", "--email", email, "--all"]);
    assert_eq!(stdout(&all), format!("Revoked 1 token of {email}.\n"));
}

#[tokio::test]
async fn access_commands_refuse_bad_input_with_exit_status_two() {
    let db = database("access-refused");
    assert!(
        create(&db, "grace@baton.example", "manager", &[])
            .status
            .success()
    );
    let cases: [(&[&str], &str); 6] = [
        (
            &["revoke-token", "--email", "grace@baton.example"],
            "give --token-id ID or --all.",
        ),
        (
            &[
                "revoke-token",
                "--email",
                "grace@baton.example",
                "--all",
                "--token-id",
                "0a1b2c3d",
            ],
            "not both",
        ),
        (
            &[
                "revoke-token",
                "--email",
                "grace@baton.example",
                "--token-id",
                "xyz",
            ],
            "--token-id: A token id is the 8 characters printed when the token was issued",
        ),
        (
            &[
                "revoke-token",
                "--email",
                "grace@baton.example",
                "--token-id",
                "0a1b2c3d",
            ],
            "--token-id: grace@baton.example has no token with the id 0a1b2c3d.",
        ),
        (
            &["disable-staff", "--email", "who@baton.example"],
            "No staff account has the email who@baton.example.",
        ),
        (&["enable-staff"], "missing --email."),
    ];
    for (args, expected) in cases {
        let output = admin(&db, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn help_lists_every_admin_command() {
    let help = Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(stdout(&help).contains(server::cli::admin::USAGE));
    let admin_help = admin("sqlite::memory:", &["--help"]);
    for command in ["revoke-token", "disable-staff", "enable-staff"] {
        assert!(stdout(&admin_help).contains(command), "{command}");
    }
}

#[test]
fn each_account_has_its_own_webhook_secret_and_the_same_one_every_time() {
    let db = database("webhook-secret");
    let first = admin(&db, &["webhook-secret", "--account", "Example.com"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = admin(&db, &["webhook-secret", "--account", "example.com"]);
    let other = admin(&db, &["webhook-secret", "--account", "other.org"]);
    let secret = stdout(&first).trim().to_owned();
    assert_eq!(secret.len(), 64, "{secret}");
    assert_eq!(stdout(&again).trim(), secret, "stable, whatever the case");
    assert_ne!(stdout(&other).trim(), secret);
    let bad = admin(&db, &["webhook-secret", "--account", "kim@example.com"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_signal_secret_is_stable_and_no_account_webhook_secret() {
    let db = database("signal-secret");
    let first = admin(&db, &["signal-secret"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let secret = stdout(&first).trim().to_owned();
    assert_eq!(secret.len(), 64, "{secret}");
    assert_eq!(stdout(&admin(&db, &["signal-secret"])).trim(), secret);
    let account = admin(&db, &["webhook-secret", "--account", "example.com"]);
    assert_ne!(stdout(&account).trim(), secret, "a key of its own");
}
