//! The outbox's delivery bookkeeping and the subscribers, on both backends.

use crate::backends::TestDb;
use crate::on_both;
use app::domain::Channel;
use app::service::escalations::{parse_raise, raise};
use app::service::notify::NotifySettings;
use app::store::outbox::{self, Delivery, Route};
use app::store::subscribers::{self, SubscriberRole};
use app::views::RaiseRequest;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn request() -> RaiseRequest {
    RaiseRequest {
        name: "Kim".into(),
        email: "Kim@Example.com".into(),
        subject: "Checkout fails".into(),
        description: "All payments fail.".into(),
        severity: Some("S2".into()),
    }
}

on_both!(
    a_delivery_is_claimed_once_retried_later_and_sent_once,
    delivery_lifecycle
);
async fn delivery_lifecycle(db: &TestDb) {
    let store = &db.store;
    let delivery = Delivery {
        case_id: None,
        route: Route::Webhook,
        kind: "case.created".into(),
        recipient: "https://hooks.example/a".into(),
        subject: String::new(),
        message: "{}".into(),
        unsubscribe_url: String::new(),
    };
    let mut tx = store.begin().await.unwrap();
    outbox::enqueue(&mut tx, &delivery, now()).await.unwrap();
    tx.commit().await.unwrap();

    let mut conn = store.read().await.unwrap();
    let due = readable_due(&mut conn, now()).await;
    drop(conn);
    assert_eq!(due.len(), 1);
    let id = due[0].outbox_id;
    assert_eq!(due[0].delivery, delivery);

    let lease = now() + SignedDuration::from_secs(120);
    let mut tx = store.begin().await.unwrap();
    assert!(outbox::claim(&mut tx, id, now(), lease).await.unwrap());
    assert!(
        !outbox::claim(&mut tx, id, now(), lease).await.unwrap(),
        "a second sender cannot take it"
    );
    let retry = now() + SignedDuration::from_secs(30);
    outbox::mark_failed(&mut tx, id, "connection refused", Some(retry))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut conn = store.read().await.unwrap();
    assert!(readable_due(&mut conn, now()).await.is_empty());
    let again = readable_due(&mut conn, retry).await;
    drop(conn);
    assert_eq!(again[0].attempts, 1);

    let mut tx = store.begin().await.unwrap();
    assert!(
        outbox::claim(&mut tx, id, retry, retry + SignedDuration::from_secs(120))
            .await
            .unwrap()
    );
    outbox::mark_sent(&mut tx, id, retry).await.unwrap();
    tx.commit().await.unwrap();
    let mut conn = store.read().await.unwrap();
    let later = retry + SignedDuration::from_secs(3600);
    assert!(readable_due(&mut conn, later).await.is_empty(), "sent once");
}

/// The readable due deliveries (a test's rows are all readable).
async fn readable_due(conn: &mut app::store::Conn, at: Timestamp) -> Vec<outbox::Pending> {
    outbox::due(conn, at, 10)
        .await
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

on_both!(
    raising_subscribes_the_customer_and_queues_the_acknowledgement,
    raise_queues_mail
);
async fn raise_queues_mail(db: &TestDb) {
    let mut portal = db.portal();
    portal.notify = NotifySettings {
        public_url: "https://help.example".into(),
        email: true,
        ..NotifySettings::default()
    };
    let raised = raise(
        &portal,
        parse_raise(&portal, &request(), Channel::Web, now())
            .await
            .unwrap(),
        now(),
    )
    .await
    .unwrap();
    let mut conn = portal.store.read().await.unwrap();
    let due = readable_due(&mut conn, now()).await;
    assert_eq!(due.len(), 1);
    let mail = &due[0].delivery;
    assert_eq!(mail.route, Route::Email);
    assert_eq!(mail.recipient, "Kim@Example.com", "sent as typed");
    assert!(mail.subject.contains(&raised.reference));
    assert!(
        mail.message
            .contains(&format!("https://help.example{}", raised.status_path))
    );
    assert!(
        mail.unsubscribe_url
            .starts_with("https://help.example/unsubscribe?token=")
    );
    assert_eq!(due[0].reference.as_deref(), Some(raised.reference.as_str()));

    // Adding the customer again (another letter case) is the same subscriber.
    let case_id = due[0].delivery.case_id.unwrap();
    drop(conn);
    let mut tx = portal.store.begin().await.unwrap();
    let again = subscribers::add(
        &mut tx,
        case_id,
        "KIM@example.com",
        "Kim",
        SubscriberRole::Customer,
        now(),
    )
    .await
    .unwrap();
    let copied = subscribers::add(
        &mut tx,
        case_id,
        "sam@example.com",
        "Sam",
        SubscriberRole::Copied,
        now(),
    )
    .await
    .unwrap();
    let active = subscribers::active(&mut tx, case_id).await.unwrap();
    assert_eq!(active.len(), 2);
    assert_eq!(active[0].subscriber_id, again);
    subscribers::unsubscribe(&mut tx, copied, now())
        .await
        .unwrap();
    assert_eq!(
        subscribers::active(&mut tx, case_id).await.unwrap().len(),
        1
    );
    assert!(
        subscribers::is_subscriber(&mut tx, case_id, "Sam@example.com")
            .await
            .unwrap()
    );
    // Someone only invited (copied in on an email) hears nothing and may not
    // write until agreed to.
    subscribers::add(
        &mut tx,
        case_id,
        "lee@example.com",
        "Lee",
        SubscriberRole::Invited,
        now(),
    )
    .await
    .unwrap();
    assert!(
        !subscribers::is_subscriber(&mut tx, case_id, "lee@example.com")
            .await
            .unwrap()
    );
    assert_eq!(
        subscribers::invited(&mut tx, case_id).await.unwrap().len(),
        1
    );
    assert!(
        subscribers::answer_invitation(&mut tx, case_id, "Lee@example.com", true, now())
            .await
            .unwrap()
    );
    assert_eq!(
        subscribers::active(&mut tx, case_id).await.unwrap().len(),
        2
    );
    tx.commit().await.unwrap();
}
