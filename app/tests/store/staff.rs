use crate::backends::TestDb;
use crate::credentials::member_for_session;
use crate::on_both;
use app::error::AppError;
use app::service::staff_desk::{SESSION_IDLE, SESSION_SEEN_EVERY, sign_in, sign_out};
use app::service::{demo, secrets};
use app::store::{sessions, staff};
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

async fn last_seen(db: &TestDb, token: &str) -> Timestamp {
    let ms: i64 =
        sqlx::query_scalar("select last_seen_at from staff_session where token_hash = $1")
            .bind(secrets::hash_token(token))
            .fetch_one(&mut *db.store.read().await.unwrap())
            .await
            .unwrap();
    Timestamp::from_millisecond(ms).unwrap()
}

on_both!(
    page_views_record_a_sessions_use_at_most_once_a_minute,
    session_use_recorded_sparingly
);
async fn session_use_recorded_sparingly(db: &TestDb) {
    add_member(db).await;
    let portal = db.portal();
    let token = sign_in(&portal, "ada@example.com", "pw-123456", now())
        .await
        .unwrap();
    let after = |secs| now().checked_add(SignedDuration::from_secs(secs)).unwrap();

    // Views within the minute write nothing.
    for secs in [1, 30, 60] {
        member_for_session(&portal, Some(&token), after(secs))
            .await
            .unwrap();
        assert_eq!(last_seen(db, &token).await, now(), "{secs}s");
    }
    member_for_session(&portal, Some(&token), after(61))
        .await
        .unwrap();
    assert_eq!(last_seen(db, &token).await, after(61));

    // The condition is in the update: of two requests that both read a
    // stale session, only the first writes, and the recorded use never
    // moves back.
    let hash = secrets::hash_token(&token);
    let stale_before = after(200).checked_sub(SESSION_SEEN_EVERY).unwrap();
    for (at, wrote) in [(after(200), true), (after(201), false), (after(150), false)] {
        let mut tx = db.store.begin().await.unwrap();
        let written = sessions::touch(&mut tx, &hash, at, stale_before)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(written, wrote, "{at}");
    }
    assert_eq!(last_seen(db, &token).await, after(200));
}

on_both!(
    a_session_in_steady_use_stays_open_and_ends_once_left_idle,
    idle_timeout_with_sparse_writes
);
async fn idle_timeout_with_sparse_writes(db: &TestDb) {
    add_member(db).await;
    let portal = db.portal();
    let token = sign_in(&portal, "ada@example.com", "pw-123456", now())
        .await
        .unwrap();
    // A view every 50 seconds for longer than the idle timeout.
    let step = SignedDuration::from_secs(50);
    let mut at = now();
    while at < now().checked_add(SESSION_IDLE + SESSION_IDLE).unwrap() {
        at = at.checked_add(step).unwrap();
        member_for_session(&portal, Some(&token), at)
            .await
            .unwrap_or_else(|e| panic!("signed out at {at}: {e:?}"));
    }
    // Left alone, it ends no later than the idle timeout after the last view.
    let recorded = last_seen(db, &token).await;
    assert!(at.duration_since(recorded) <= SESSION_SEEN_EVERY);
    let idle = at.checked_add(SESSION_IDLE).unwrap();
    assert_eq!(
        member_for_session(&portal, Some(&token), idle).await,
        Err(AppError::SignInRequired)
    );
    // And it still counts as used just before the recorded use times out.
    let token = sign_in(&portal, "ada@example.com", "pw-123456", now())
        .await
        .unwrap();
    let almost = now()
        .checked_add(SESSION_IDLE - SignedDuration::from_secs(1))
        .unwrap();
    member_for_session(&portal, Some(&token), almost)
        .await
        .unwrap();
}
