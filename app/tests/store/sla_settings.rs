use crate::backends::TestDb;
use crate::on_both;
use app::store::sla_settings;
use jiff::Timestamp;

on_both!(
    a_saved_setting_replaces_the_last_and_every_change_is_kept,
    saved_settings
);
async fn saved_settings(db: &TestDb) {
    let at = |s: &str| s.parse::<Timestamp>().unwrap();
    let mut tx = db.store.begin().await.unwrap();
    assert_eq!(sla_settings::get(&mut tx, "calendar").await.unwrap(), None);
    sla_settings::put(
        &mut tx,
        "calendar",
        "timezone = \"UTC\"",
        "ops@example.com",
        at("2026-11-26T10:00:00Z"),
    )
    .await
    .unwrap();
    sla_settings::put(
        &mut tx,
        "calendar",
        "timezone = \"Europe/Berlin\"",
        "admin@example.com",
        at("2026-11-26T11:00:00Z"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut conn = db.store.read().await.unwrap();
    let saved = sla_settings::get(&mut conn, "calendar")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.source, "timezone = \"Europe/Berlin\"");
    assert_eq!(saved.updated_by, "admin@example.com");
    assert_eq!(saved.updated_at, at("2026-11-26T11:00:00Z"));
    assert_eq!(
        sla_settings::change_count(&mut conn, "calendar")
            .await
            .unwrap(),
        2
    );
}
