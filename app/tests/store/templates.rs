use crate::backends::TestDb;
use crate::on_both;
use app::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateKey, TemplateKind, VersionStatus,
};
use app::error::AppError;
use app::service::templates::{self, StudioError};
use app::store::staff::{self, StaffMember};
use app::store::templates as stored;
use jiff::{SignedDuration, Timestamp};

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn later(minutes: i64) -> Timestamp {
    now()
        .checked_add(SignedDuration::from_mins(minutes))
        .unwrap()
}

async fn member(db: &TestDb, email: &str, role: &str) -> StaffMember {
    let mut tx = db.store.begin().await.unwrap();
    let staff_id = staff::insert(&mut tx, email, "Katherine", role, "x", now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    StaffMember {
        staff_id,
        email: email.to_owned(),
        name: "Katherine".to_owned(),
        role: role.to_owned(),
    }
}

fn web_ack() -> TemplateKey {
    TemplateKey::new(
        TemplateKind::Acknowledgement,
        TemplateChannel::Web,
        Locale::english(),
    )
}

const FIRST: &str = "We have your case {{ reference }}. We'll reply by {{ due_time }}.";
const SECOND: &str = "Hi {{ customer_name }}. We have your case {{ reference }}.";

on_both!(
    publishing_makes_one_version_live_and_retires_the_one_before,
    publish_and_retire
);
async fn publish_and_retire(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let key = web_ack();
    let mut tx = db.store.begin().await.unwrap();
    let v1 = stored::insert_draft(&mut tx, &key, FIRST, &ops, None, now())
        .await
        .unwrap();
    stored::publish(&mut tx, &key, v1, now()).await.unwrap();
    let v2 = stored::insert_draft(&mut tx, &key, SECOND, &ops, None, later(1))
        .await
        .unwrap();
    stored::publish(&mut tx, &key, v2, later(1)).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((v1, v2), (1, 2));

    let mut conn = db.store.read().await.unwrap();
    let live = stored::live(&mut conn, &key).await.unwrap().unwrap();
    assert_eq!((live.version, live.source.as_str()), (2, SECOND));
    assert_eq!(live.published_at, Some(later(1)));
    let history = stored::history(&mut conn, &key).await.unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.version, v.status)).collect();
    assert_eq!(
        states,
        vec![(2, VersionStatus::Published), (1, VersionStatus::Retired)]
    );
    assert_eq!(history[1].author_name, "Katherine");
    let all = stored::all_live(&mut conn).await.unwrap();
    assert_eq!(all.len(), 1);
}

on_both!(
    rolling_back_publishes_a_copy_of_the_older_version_and_audits_it,
    roll_back
);
async fn roll_back(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    templates::publish(&portal, &ops, &key, SECOND, later(1))
        .await
        .unwrap();
    let v3 = templates::roll_back(&portal, &ops, &key, 1, later(2))
        .await
        .unwrap();
    assert_eq!(v3, 3);
    let mut conn = db.store.read().await.unwrap();
    let live = stored::live(&mut conn, &key).await.unwrap().unwrap();
    assert_eq!(
        (live.version, live.source.as_str(), live.restored_from),
        (3, FIRST, Some(1))
    );
    let trail = stored::audit_trail(&mut conn, &key).await.unwrap();
    let actions: Vec<_> = trail
        .iter()
        .map(|a| (a.version, a.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![(3, "rolled_back"), (2, "published"), (1, "published")]
    );
}

on_both!(
    a_broken_template_is_refused_and_nothing_is_saved,
    broken_template
);
async fn broken_template(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    let error = templates::publish(&portal, &ops, &key, "Hi\n{{ nme }}", now())
        .await
        .unwrap_err();
    let StudioError::Broken(broken) = error else {
        panic!("expected a broken template, got {error:?}");
    };
    assert_eq!(broken.line, Some(2));
    let mut conn = db.store.read().await.unwrap();
    assert!(stored::history(&mut conn, &key).await.unwrap().is_empty());
}

on_both!(
    only_ops_and_admins_may_publish_templates,
    publishing_needs_ops
);
async fn publishing_needs_ops(db: &TestDb) {
    let agent = member(db, "agent@example.com", "agent").await;
    let portal = db.portal();
    let error = templates::publish(&portal, &agent, &web_ack(), FIRST, now())
        .await
        .unwrap_err();
    assert!(matches!(error, StudioError::App(AppError::NotAllowed(_))));
    assert!(templates::list(&portal, &agent).await.is_err());
    let admin = member(db, "admin@example.com", "admin").await;
    assert!(
        templates::publish(&portal, &admin, &web_ack(), FIRST, now())
            .await
            .is_ok()
    );
}

on_both!(
    the_live_template_is_the_published_one_else_the_default_by_locale,
    live_template
);
async fn live_template(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let austrian = Locale::parse("de-AT").unwrap();
    let (kind, web) = (TemplateKind::Acknowledgement, TemplateChannel::Web);
    let shipped = templates::live_template(&portal, kind, web, &austrian)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((shipped.key.locale.as_str(), shipped.version), ("de", None));
    let pause = templates::live_template(&portal, TemplateKind::PauseNotice, web, &austrian)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pause.key.locale.as_str(), "en");

    templates::publish(&portal, &ops, &web_ack(), FIRST, now())
        .await
        .unwrap();
    let english = templates::live_template(&portal, kind, web, &Locale::english())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((english.source.as_str(), english.version), (FIRST, Some(1)));
    let still_german = templates::live_template(&portal, kind, web, &austrian)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        still_german.version, None,
        "German beats a published English"
    );
}

on_both!(
    a_live_template_that_fails_at_run_time_falls_back_to_the_last_good_version,
    run_time_fallback
);
async fn run_time_fallback(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    templates::publish(&portal, &ops, &key, SECOND, later(1))
        .await
        .unwrap();
    // The live version uses customer_name, which this message lacks.
    let context = TemplateContext::new(TemplateKind::Acknowledgement)
        .with("reference", "ESC-7Q4K2M")
        .unwrap()
        .with("due_time", "Thu 26 Nov, 14:00")
        .unwrap();
    let rendered =
        templates::render_live(&portal, key.kind, key.channel, &key.locale, &context).await;
    assert_eq!(
        rendered,
        "We have your case ESC-7Q4K2M. We'll reply by Thu 26 Nov, 14:00."
    );
}

on_both!(a_saved_draft_is_a_new_version_but_not_live, drafts);
async fn drafts(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    let draft = templates::save_draft(&portal, &ops, &key, "Unfinished {{ nme", later(1))
        .await
        .unwrap();
    assert_eq!(draft, 2);
    let mut conn = db.store.read().await.unwrap();
    let live = stored::live(&mut conn, &key).await.unwrap().unwrap();
    assert_eq!(live.version, 1);
    drop(conn);
    let refused = templates::roll_back(&portal, &ops, &key, 2, later(2))
        .await
        .unwrap_err();
    assert!(matches!(refused, StudioError::Broken(_)), "{refused:?}");
}
