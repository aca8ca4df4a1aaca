use crate::backends::TestDb;
use crate::on_both;
use app::domain::StaffMember;
use app::domain::template::{
    Locale, TemplateChannel, TemplateContext, TemplateKey, TemplateKind, VersionStatus,
};
use app::error::AppError;
use app::service::templates::{self, StudioError};
use app::store::staff;
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
        role: app::domain::StaffRole::parse(role).expect("a role"),
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
    let live = stored::live(&mut conn, &key, later(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((live.version, live.source.as_str()), (2, SECOND));
    assert_eq!(live.published_at, Some(later(1)));
    let history = stored::history(&mut conn, &key).await.unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.version, v.status)).collect();
    assert_eq!(
        states,
        vec![(2, VersionStatus::Published), (1, VersionStatus::Retired)]
    );
    assert_eq!(history[1].author_name, "Katherine");
    let all = stored::all_live(&mut conn, later(5)).await.unwrap();
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
    let live = stored::live(&mut conn, &key, later(5))
        .await
        .unwrap()
        .unwrap();
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
    assert!(templates::list(&portal, &agent, now()).await.is_err());
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
    let shipped = templates::live_template(&portal, kind, web, &austrian, later(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((shipped.key.locale.as_str(), shipped.version), ("de", None));
    let pause =
        templates::live_template(&portal, TemplateKind::PauseNotice, web, &austrian, later(5))
            .await
            .unwrap()
            .unwrap();
    assert_eq!(pause.key.locale.as_str(), "en");

    templates::publish(&portal, &ops, &web_ack(), FIRST, now())
        .await
        .unwrap();
    let english = templates::live_template(&portal, kind, web, &Locale::english(), later(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((english.source.as_str(), english.version), (FIRST, Some(1)));
    let still_german = templates::live_template(&portal, kind, web, &austrian, later(5))
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
    let rendered = templates::render_live(
        &portal,
        key.kind,
        key.channel,
        &key.locale,
        &context,
        later(5),
    )
    .await;
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
    let live = stored::live(&mut conn, &key, later(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.version, 1);
    drop(conn);
    let refused = templates::roll_back(&portal, &ops, &key, 2, later(2))
        .await
        .unwrap_err();
    assert!(matches!(refused, StudioError::Broken(_)), "{refused:?}");
}

on_both!(
    a_scheduled_version_goes_live_at_its_time_without_a_job,
    scheduled_goes_live
);
async fn scheduled_goes_live(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    let v2 = templates::schedule(&portal, &ops, &key, SECOND, later(60), later(1))
        .await
        .unwrap();
    assert_eq!(v2, 2);

    let mut conn = db.store.read().await.unwrap();
    let before = stored::live(&mut conn, &key, later(59)).await.unwrap();
    assert_eq!(
        before.map(|v| v.version),
        Some(1),
        "the old words stay live"
    );
    let at = stored::live(&mut conn, &key, later(60)).await.unwrap();
    assert_eq!(at.map(|v| v.version), Some(2));
    let all = stored::all_live(&mut conn, later(61)).await.unwrap();
    assert_eq!(all.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2]);
    let scheduled = stored::find(&mut conn, &key, 2).await.unwrap();
    assert_eq!(scheduled.status, VersionStatus::Scheduled);
    assert_eq!(scheduled.live_from, Some(later(60)));
    assert_eq!(scheduled.published_at, None);
    let trail = stored::audit_trail(&mut conn, &key).await.unwrap();
    assert_eq!(
        (trail[0].version, trail[0].action.as_str()),
        (2, "scheduled")
    );
    drop(conn);

    let listed = |at| {
        let (portal, ops) = (portal.clone(), ops.clone());
        async move {
            let list = templates::list(&portal, &ops, at).await.unwrap();
            list.into_iter()
                .find(|t| t.kind == "acknowledgement" && t.channel == "web" && t.locale == "en")
                .unwrap()
                .version
        }
    };
    assert_eq!(listed(later(30)).await, Some(1));
    assert_eq!(listed(later(60)).await, Some(2));

    let context = TemplateContext::example(TemplateKind::Acknowledgement);
    let render = |at| {
        let (portal, context, key) = (portal.clone(), context.clone(), key.clone());
        async move {
            templates::render_live(&portal, key.kind, key.channel, &key.locale, &context, at).await
        }
    };
    assert!(render(later(30)).await.starts_with("We have your case"));
    assert!(render(later(60)).await.starts_with("Hi Dana."));

    let waiting = templates::editor(&portal, &ops, &key, None, later(30))
        .await
        .unwrap();
    assert_eq!(waiting.live_version, Some(1));
    assert_eq!(waiting.source, FIRST);
    assert_eq!(waiting.versions[0].status, "scheduled");
    assert!(waiting.versions[0].scheduled_label.is_some());
    assert_eq!(waiting.versions[0].published_label, None);
    let went_live = templates::editor(&portal, &ops, &key, None, later(61))
        .await
        .unwrap();
    assert_eq!(went_live.live_version, Some(2));
    let states: Vec<_> = went_live
        .versions
        .iter()
        .map(|v| (v.version, v.status.as_str(), v.scheduled_label.is_some()))
        .collect();
    assert_eq!(states, vec![(2, "published", false), (1, "retired", false)]);
}

on_both!(
    publishing_now_keeps_a_later_schedule_and_retires_one_that_went_live,
    publish_around_a_schedule
);
async fn publish_around_a_schedule(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    templates::schedule(&portal, &ops, &key, SECOND, later(60), now())
        .await
        .unwrap();
    let v3 = templates::publish(&portal, &ops, &key, FIRST, later(10))
        .await
        .unwrap();
    let mut conn = db.store.read().await.unwrap();
    let live_now = stored::live(&mut conn, &key, later(20)).await.unwrap();
    assert_eq!(live_now.unwrap().version, v3);
    let live_later = stored::live(&mut conn, &key, later(60)).await.unwrap();
    assert_eq!(live_later.unwrap().version, 2, "the schedule still holds");
    drop(conn);
    let v4 = templates::publish(&portal, &ops, &key, FIRST, later(70))
        .await
        .unwrap();
    let mut conn = db.store.read().await.unwrap();
    let history = stored::history(&mut conn, &key).await.unwrap();
    let states: Vec<_> = history.iter().map(|v| (v.version, v.status)).collect();
    assert_eq!(
        states,
        vec![
            (v4, VersionStatus::Published),
            (v3, VersionStatus::Retired),
            (2, VersionStatus::Retired),
            (1, VersionStatus::Retired),
        ]
    );
    let earlier = stored::published_history(&mut conn, &key, 10, later(80))
        .await
        .unwrap();
    let order: Vec<_> = earlier.iter().map(|v| v.version).collect();
    assert_eq!(order, vec![v4, 2, v3, 1], "most recently live first");
}

on_both!(
    a_schedule_can_be_cancelled_until_its_time_and_is_audited,
    cancel_schedule
);
async fn cancel_schedule(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    templates::publish(&portal, &ops, &key, FIRST, now())
        .await
        .unwrap();
    let v2 = templates::schedule(&portal, &ops, &key, SECOND, later(60), now())
        .await
        .unwrap();
    templates::cancel_schedule(&portal, &ops, &key, v2, later(10))
        .await
        .unwrap();
    let mut conn = db.store.read().await.unwrap();
    let live = stored::live(&mut conn, &key, later(90)).await.unwrap();
    assert_eq!(
        live.unwrap().version,
        1,
        "the cancelled version never goes live"
    );
    let cancelled = stored::find(&mut conn, &key, v2).await.unwrap();
    assert_eq!(
        (cancelled.status, cancelled.live_from),
        (VersionStatus::Draft, None)
    );
    let trail = stored::audit_trail(&mut conn, &key).await.unwrap();
    assert_eq!(
        (trail[0].version, trail[0].action.as_str()),
        (v2, "cancelled_schedule")
    );
    drop(conn);
    let again = templates::cancel_schedule(&portal, &ops, &key, v2, later(11))
        .await
        .unwrap_err();
    assert!(
        matches!(again, StudioError::App(AppError::Conflict(_))),
        "{again:?}"
    );

    let v3 = templates::schedule(&portal, &ops, &key, SECOND, later(60), later(20))
        .await
        .unwrap();
    let too_late = templates::cancel_schedule(&portal, &ops, &key, v3, later(60))
        .await
        .unwrap_err();
    assert!(matches!(too_late, StudioError::App(AppError::Conflict(_))));
    let agent = member(db, "agent@example.com", "agent").await;
    let refused = templates::cancel_schedule(&portal, &agent, &key, v3, later(30))
        .await
        .unwrap_err();
    assert!(matches!(refused, StudioError::App(AppError::NotAllowed(_))));
}

on_both!(
    a_broken_template_or_a_past_time_is_never_scheduled,
    schedule_refusals
);
async fn schedule_refusals(db: &TestDb) {
    let ops = member(db, "ops@example.com", "ops").await;
    let portal = db.portal();
    let key = web_ack();
    let broken = templates::schedule(&portal, &ops, &key, "Hi\n{{ nme }}", later(60), now())
        .await
        .unwrap_err();
    assert!(matches!(broken, StudioError::Broken(_)), "{broken:?}");
    let past = templates::schedule(&portal, &ops, &key, FIRST, now(), later(1))
        .await
        .unwrap_err();
    let StudioError::App(AppError::Invalid(errors)) = past else {
        panic!("expected a field error, got {past:?}");
    };
    assert!(errors.for_field("publish_at").is_some());
    let agent = member(db, "agent@example.com", "agent").await;
    let refused = templates::schedule(&portal, &agent, &key, FIRST, later(60), now())
        .await
        .unwrap_err();
    assert!(matches!(refused, StudioError::App(AppError::NotAllowed(_))));
    let mut conn = db.store.read().await.unwrap();
    assert!(stored::history(&mut conn, &key).await.unwrap().is_empty());
}
