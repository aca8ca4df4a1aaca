//! Ending staff access at once: disabling a member, enabling them again and
//! revoking API tokens, against a real database.

use crate::backends::TestDb;
use crate::credentials::{member_for_session, member_for_token};
use crate::on_both;
use app::domain::StaffMember;
use app::error::AppError;
use app::service::Portal;
use app::service::staff_access::{
    AccessError, ChangedBy, Revocation, TokenId, disable, enable, revoke_tokens, token_id_of,
};
use app::service::staff_accounts::{create, issue_token, parse_new_staff};
use app::service::staff_desk::sign_in;
use jiff::Timestamp;

const PASSWORD: &str = "a-long-enough-secret";

fn now() -> Timestamp {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

async fn member(portal: &Portal, email: &str, role: &str) -> StaffMember {
    let ladder = app::domain::ladder::TierLadder::default();
    let new = parse_new_staff(email, "Ada", role, None, Some(PASSWORD), &ladder).unwrap();
    create(portal, new, now()).await.unwrap().0
}

async fn works(portal: &Portal, token: &str) -> bool {
    match member_for_token(portal, Some(token), now()).await {
        Ok(_) => true,
        Err(AppError::SignInRequired) => false,
        Err(other) => panic!("unexpected {other:?}"),
    }
}

async fn session_works(portal: &Portal, session: &str) -> bool {
    match member_for_session(portal, Some(session), now()).await {
        Ok(_) => true,
        Err(AppError::SignInRequired) => false,
        Err(other) => panic!("unexpected {other:?}"),
    }
}

on_both!(
    disabling_ends_sessions_and_tokens_at_once_and_enabling_revives_neither,
    disable_and_enable
);
async fn disable_and_enable(db: &TestDb) {
    let portal = db.portal();
    member(&portal, "ada@example.com", "agent").await;
    let session = sign_in(&portal, "ada@example.com", PASSWORD, now())
        .await
        .unwrap();
    let first = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    let second = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    assert!(session_works(&portal, &session).await);
    assert!(works(&portal, &first).await && works(&portal, &second).await);

    let access = disable(&portal, ChangedBy::CommandLine, "ADA@example.com", now())
        .await
        .unwrap();
    assert_eq!(access.email, "ada@example.com");
    assert_eq!(access.disabled_at, Some(now()));
    assert_eq!((access.sessions_ended, access.tokens_revoked), (1, 2));
    assert!(!session_works(&portal, &session).await);
    assert!(!works(&portal, &first).await && !works(&portal, &second).await);

    // Refused exactly like a wrong password.
    let disabled = sign_in(&portal, "ada@example.com", PASSWORD, now())
        .await
        .unwrap_err();
    let wrong = sign_in(&portal, "ada@example.com", "not-the-password", now())
        .await
        .unwrap_err();
    assert_eq!(disabled, wrong);
    assert!(matches!(
        issue_token(&portal, "ada@example.com", now()).await,
        Err(AppError::Conflict(m)) if m.contains("is disabled")
    ));
    // Disabling again keeps the first time and changes nothing.
    let again = disable(&portal, ChangedBy::CommandLine, "ada@example.com", now())
        .await
        .unwrap();
    assert_eq!(again.disabled_at, Some(now()));
    assert_eq!((again.sessions_ended, again.tokens_revoked), (0, 0));

    let enabled = enable(&portal, ChangedBy::CommandLine, "ada@example.com")
        .await
        .unwrap();
    assert_eq!(enabled.disabled_at, None);
    let fresh = sign_in(&portal, "ada@example.com", PASSWORD, now())
        .await
        .unwrap();
    assert!(session_works(&portal, &fresh).await);
    assert!(
        !session_works(&portal, &session).await,
        "old sessions stay dead"
    );
    assert!(!works(&portal, &first).await, "old tokens stay revoked");
    let new_token = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    assert!(works(&portal, &new_token).await);
}

on_both!(
    a_revoked_token_stops_at_once_while_the_members_other_tokens_work,
    revoke_one_then_all
);
async fn revoke_one_then_all(db: &TestDb) {
    let portal = db.portal();
    member(&portal, "ada@example.com", "agent").await;
    let first = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    let second = issue_token(&portal, "ada@example.com", now())
        .await
        .unwrap();
    let one = Revocation::One(TokenId::parse(token_id_of(&first)).unwrap());
    let by = ChangedBy::CommandLine;

    let access = revoke_tokens(&portal, by, "ada@example.com", &one, now())
        .await
        .unwrap();
    assert_eq!(access.tokens_revoked, 1);
    assert!(!works(&portal, &first).await);
    assert!(works(&portal, &second).await);
    let again = revoke_tokens(&portal, by, "ada@example.com", &one, now())
        .await
        .unwrap();
    assert_eq!(again.tokens_revoked, 0, "revoking twice changes nothing");

    let unknown = Revocation::One(TokenId::parse("00000000").unwrap());
    match revoke_tokens(&portal, by, "ada@example.com", &unknown, now()).await {
        Err(AccessError::App(AppError::Invalid(errors))) => {
            assert_eq!(errors.0[0].field, "token_id");
            assert!(
                errors.0[0]
                    .message
                    .contains("has no token with the id 00000000")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // One member cannot name another's token.
    member(&portal, "bo@example.com", "agent").await;
    assert!(matches!(
        revoke_tokens(
            &portal,
            by,
            "bo@example.com",
            &Revocation::One(TokenId::parse(token_id_of(&second)).unwrap()),
            now()
        )
        .await,
        Err(AccessError::App(AppError::Invalid(_)))
    ));
    assert!(works(&portal, &second).await);

    let all = revoke_tokens(&portal, by, "ada@example.com", &Revocation::All, now())
        .await
        .unwrap();
    assert_eq!(all.tokens_revoked, 1);
    assert!(!works(&portal, &second).await);
    assert!(matches!(
        revoke_tokens(&portal, by, "who@example.com", &Revocation::All, now()).await,
        Err(AccessError::UnknownMember(email)) if email == "who@example.com"
    ));
}

on_both!(
    only_admins_change_access_and_never_disable_themselves,
    admins_only
);
async fn admins_only(db: &TestDb) {
    let portal = db.portal();
    let admin = member(&portal, "root@example.com", "admin").await;
    let ops = member(&portal, "ops@example.com", "ops").await;
    member(&portal, "ada@example.com", "agent").await;

    assert!(matches!(
        disable(&portal, ChangedBy::Admin(&ops), "ada@example.com", now()).await,
        Err(AccessError::App(AppError::NotAllowed(m))) if m.contains("an admin can")
    ));
    assert!(matches!(
        revoke_tokens(
            &portal,
            ChangedBy::Admin(&ops),
            "ada@example.com",
            &Revocation::All,
            now()
        )
        .await,
        Err(AccessError::App(AppError::NotAllowed(_)))
    ));
    match disable(&portal, ChangedBy::Admin(&admin), "root@example.com", now()).await {
        Err(AccessError::App(AppError::Invalid(errors))) => {
            assert!(errors.0[0].message.contains("your own account"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let done = disable(&portal, ChangedBy::Admin(&admin), "ada@example.com", now())
        .await
        .unwrap();
    assert!(done.disabled_at.is_some());
    // Nobody learns who exists without the right to change access.
    assert!(matches!(
        enable(&portal, ChangedBy::Admin(&ops), "who@example.com").await,
        Err(AccessError::App(AppError::NotAllowed(_)))
    ));
}
