use crate::backends::TestDb;
use crate::on_both;
use app::error::AppError;
use app::service::staff_desk::{SESSION_IDLE, member_for_session, sign_in, sign_out};
use app::service::{demo, secrets};
use app::store::staff;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

async fn add_member(db: &TestDb) {
    let hash = secrets::hash_password("pw-123456".into()).await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    staff::insert(&mut tx, "Ada@Example.com", "Ada", "agent", &hash, now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

on_both!(a_session_lasts_until_sign_out, session_lifecycle);
async fn session_lifecycle(db: &TestDb) {
    add_member(db).await;
    let portal = db.portal();
    let token = sign_in(&portal, "ada@example.com", "pw-123456", now())
        .await
        .unwrap();
    let member = member_for_session(&portal, Some(&token), now())
        .await
        .unwrap();
    assert_eq!(member.email, "ada@example.com");
    sign_out(&portal, &token).await.unwrap();
    assert_eq!(
        member_for_session(&portal, Some(&token), now()).await,
        Err(AppError::SignInRequired)
    );
}

on_both!(an_idle_session_ends, idle_session);
async fn idle_session(db: &TestDb) {
    add_member(db).await;
    let portal = db.portal();
    let token = sign_in(&portal, "ada@example.com", "pw-123456", now())
        .await
        .unwrap();
    let later = now()
        .checked_add(SESSION_IDLE + SignedDuration::from_secs(1))
        .unwrap();
    assert_eq!(
        member_for_session(&portal, Some(&token), later).await,
        Err(AppError::SignInRequired)
    );
}

on_both!(
    a_wrong_password_or_unknown_email_is_refused_alike,
    refused_sign_in
);
async fn refused_sign_in(db: &TestDb) {
    add_member(db).await;
    let portal = db.portal();
    let wrong = sign_in(&portal, "ada@example.com", "nope", now())
        .await
        .unwrap_err();
    let unknown = sign_in(&portal, "who@example.com", "pw-123456", now())
        .await
        .unwrap_err();
    assert_eq!(wrong, unknown);
    assert!(matches!(wrong, AppError::Invalid(_)));
    let _ = demo::DEMO_PASSWORD;
}
