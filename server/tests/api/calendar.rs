use serde_json::Value;
use server::config::Config;
use server::startup::Application;

fn write(name: &str, source: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendars");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}-{name}.toml", std::process::id()));
    std::fs::write(&path, source).unwrap();
    path.display().to_string()
}

async fn config(calendar: String) -> Config {
    let url = crate::helpers::fresh_database_url().await;
    Config::from_lookup(|key| match key {
        "BATON_ADDR" => Some("127.0.0.1:0".to_owned()),
        "BATON_DATABASE_URL" => Some(url.clone()),
        "BATON_DEMO" => Some("0".to_owned()),
        "BATON_CALENDAR" => Some(calendar.clone()),
        // No email intake: the default port may be taken on this machine.
        "BATON_SMTP_ADDR" => Some("off".to_owned()),
        _ => None,
    })
    .unwrap()
}

#[tokio::test]
async fn a_broken_calendar_stops_start_up_naming_the_line() {
    let path = write(
        "broken",
        "timezone = \"Europe/Berlin\"\n[hours]\nmon = [\"17:00-09:00\"]\n",
    );
    let error = Application::build(config(path.clone()).await)
        .await
        .err()
        .expect("refused");
    let message = error.to_string();
    assert!(message.contains(&format!("{path}:3")), "{message}");
    assert!(message.contains("ends before it starts"), "{message}");
}

#[tokio::test]
async fn the_guarantee_counts_business_hours_of_the_calendar() {
    // Open one minute a day, every day: a 2-hour promise needs 120 days.
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let hours: String = days
        .iter()
        .map(|d| format!("{d} = [\"12:00-12:01\"]\n"))
        .collect();
    let path = write(
        "tiny",
        &format!("timezone = \"Asia/Kathmandu\"\n[hours]\n{hours}"),
    );
    let app = Application::build(config(path).await).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/escalations"))
        .json(&serde_json::json!({"name": "Kim", "email": "kim@example.com", "subject": "x", "description": "y", "severity": "S2"}))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    let due: jiff::Timestamp = body["guarantee"]["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let days_away = (due.as_second() - jiff::Timestamp::now().as_second()) / 86_400;
    assert!((118..=121).contains(&days_away), "due in {days_away} days");
    let local = due.to_zoned(jiff::tz::TimeZone::get("Asia/Kathmandu").unwrap());
    assert_eq!(
        (local.hour(), local.minute()),
        (12, 1),
        "due at the end of an open minute, Kathmandu time"
    );
}
