use super::*;
use crate::domain::{Actor, Channel, Event, EventKind, HandoffNote, Severity, Tier};
use jiff::tz::TimeZone;

fn input() -> ReviewInput {
    ReviewInput {
        summary: "Checkout failed for card payments for two hours.".to_owned(),
        impact: "Customers could not pay.".to_owned(),
        root_cause: "configuration".to_owned(),
        factors: vec![
            "monitoring_gap".to_owned(),
            "configuration".to_owned(),
            " ".to_owned(),
        ],
        went_well: "The swarm found the setting fast.".to_owned(),
        went_wrong: "No alert fired on the failed payments.".to_owned(),
        got_lucky: String::new(),
    }
}

#[test]
fn a_complete_review_keeps_its_causes_once() {
    let draft = ReviewDraft::parse(&input(), &ReviewSettings::default(), &[]).unwrap();
    assert_eq!(draft.root_cause, "configuration");
    assert_eq!(
        draft.factors,
        vec!["monitoring_gap"],
        "the root cause is not also a factor"
    );
}

#[test]
fn a_review_that_names_a_person_is_refused() {
    let mut blaming = input();
    blaming.went_wrong = "Grace Hopper forgot to check the setting.".to_owned();
    let people = [
        "Grace Hopper".to_owned(),
        "manager@baton.example".to_owned(),
    ];
    let errors = ReviewDraft::parse(&blaming, &ReviewSettings::default(), &people).unwrap_err();
    let message = errors.for_field("went_wrong").unwrap();
    assert!(message.contains("blameless"), "{message}");
    blaming.went_wrong = "Ask MANAGER@baton.example".to_owned();
    assert!(ReviewDraft::parse(&blaming, &ReviewSettings::default(), &people).is_err());
}

#[test]
fn causes_come_from_the_taxonomy() {
    let mut odd = input();
    odd.root_cause = "bad_luck".to_owned();
    odd.factors = vec!["gremlins".to_owned()];
    let errors = ReviewDraft::parse(&odd, &ReviewSettings::default(), &[]).unwrap_err();
    assert!(
        errors
            .for_field("root_cause")
            .unwrap()
            .contains("configuration")
    );
    assert!(errors.for_field("factors").is_some());
}

#[test]
fn settings_round_trip_and_refuse_nonsense() {
    let settings = ReviewSettings::default();
    assert_eq!(
        ReviewSettings::from_json(&settings.to_json()).unwrap(),
        settings
    );
    let twice = settings
        .to_json()
        .replace("\"capacity\"", "\"configuration\"");
    assert!(
        ReviewSettings::from_json(&twice)
            .unwrap_err()
            .contains("twice")
    );
    assert!(ReviewSettings::from_json("{}").is_err());
    let mut as_array: serde_json::Value = serde_json::from_str(&settings.to_json()).unwrap();
    as_array["prompts"] = serde_json::json!(["a", "b", "c", "d", "e", "f"]);
    assert!(
        ReviewSettings::from_json(&as_array.to_string()).is_err(),
        "parts are objects"
    );
    let spaced = settings.to_json().replace("\"capacity\"", "\"Capa city\"");
    assert!(ReviewSettings::from_json(&spaced).is_err());
}

#[test]
fn actions_need_a_title_an_owner_and_a_date_ahead() {
    let today: jiff::civil::Date = "2026-12-06".parse().unwrap();
    let ok = ActionDraft::parse(
        "Alert on failed payments",
        "Ops@Baton.example",
        "2026-12-20",
        today,
    )
    .unwrap();
    assert_eq!(ok.owner_email, "ops@baton.example");
    let errors = ActionDraft::parse(" ", "nobody", "2026-01-01", today).unwrap_err();
    assert_eq!(errors.0.len(), 3);
}

#[test]
fn the_timeline_shows_holders_moves_with_their_notes_and_clocks() {
    let at: jiff::Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
    let event = |kind| Event {
        at,
        actor: Actor::System,
        kind,
    };
    let events = [
        event(EventKind::Created {
            channel: Channel::Web,
            severity: Severity::S1,
            escalation_type: "technical".to_owned(),
        }),
        event(EventKind::Assigned {
            staff_id: 1,
            name: "Ada".to_owned(),
        }),
        event(EventKind::Escalated {
            from: Tier::new("L1").unwrap(),
            to: Tier::new("L2").unwrap(),
            reason: "needs a specialist".to_owned(),
            handoff_note: Some(HandoffNote::parse_parts("restart", "logs", "we're on it").unwrap()),
        }),
        event(EventKind::InternalNote {
            body: "private".to_owned(),
        }),
    ];
    let lines = timeline_lines(&events, &TimeZone::UTC);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("Tue 1 Dec, 09:00 UTC: Raised by web as S1"));
    assert!(lines[2].contains("L1 → L2") && lines[2].contains("Tried: restart"));
}

#[test]
fn a_case_like_a_reviewed_one_is_recognised() {
    let past = PastCase {
        reference: "ESC-AAAAAA",
        subject: "Card payments fail at checkout",
        customer_email: "kim@north.example",
    };
    assert!(looks_like(
        "Checkout fails: card payments refused",
        "x@south.example",
        &past
    ));
    assert!(
        looks_like("Payments broken", "sam@North.example", &past),
        "same account, one word"
    );
    assert!(!looks_like("Payments broken", "sam@south.example", &past));
    assert!(!looks_like(
        "Password reset emails late",
        "kim@north.example",
        &past
    ));
}
