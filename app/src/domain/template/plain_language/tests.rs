use super::*;

fn codes(text: &str) -> Vec<WarningCode> {
    check(text, &PlainLanguageRules::default())
        .into_iter()
        .map(|w| w.code)
        .collect()
}

fn messages(text: &str, code: WarningCode) -> Vec<String> {
    check(text, &PlainLanguageRules::default())
        .into_iter()
        .filter(|w| w.code == code)
        .map(|w| w.message)
        .collect()
}

#[test]
fn an_escalated_ticket_warns_of_jargon_and_passive_voice() {
    let text = "Your ticket has been escalated to L2.";
    let found = codes(text);
    assert!(found.contains(&WarningCode::Jargon));
    assert!(found.contains(&WarningCode::PassiveVoice));
    let jargon = messages(text, WarningCode::Jargon);
    assert_eq!(jargon.len(), 3, "{jargon:?}");
    assert!(jargon[0].starts_with("\"ticket\" is an internal word. Customers read: your case"));
    assert!(jargon[2].contains("\"L2\""));
    let passive = messages(text, WarningCode::PassiveVoice);
    assert!(passive[0].contains("\"has been escalated\""), "{passive:?}");
}

#[test]
fn a_thirty_word_sentence_is_too_long() {
    let sentence = "We looked at the logs you sent and we can see that the sync stopped \
                    on Monday when the new certificate went live on the server in your \
                    office today.";
    assert_eq!(words(sentence).count(), 30);
    let long = messages(sentence, WarningCode::LongSentence);
    assert_eq!(long.len(), 1);
    assert!(
        long[0].starts_with("This sentence has 30 words"),
        "{}",
        long[0]
    );
    assert!(long[0].contains("\"We looked at the logs"));
}

#[test]
fn the_voice_guide_examples_pass() {
    let good = "We've passed your case to a specialist team. \
                We'll reply by Thu 26 Nov, 14:00 (your time).";
    assert_eq!(codes(good), vec![]);
    let paused = "We're waiting for your reply since Tue 10:00. \
                  The clock on our promise starts again when you answer.";
    assert_eq!(codes(paused), vec![]);
}

#[test]
fn dense_text_warns_of_the_reading_grade_and_names_long_words() {
    let text = "Organisational communication considerations necessitate comprehensive \
                documentation. We'll reply by Thursday.";
    let grade = messages(text, WarningCode::ReadingGrade);
    assert_eq!(grade.len(), 1);
    assert!(grade[0].contains("\"Organisational\""), "{}", grade[0]);
    // Too short to judge.
    assert!(messages("Prioritisation documentation.", WarningCode::ReadingGrade).is_empty());
}

#[test]
fn a_message_without_next_step_or_time_is_flagged() {
    assert_eq!(
        codes("Thank you for your message."),
        vec![WarningCode::NoNextStep]
    );
    assert!(codes("We'll look at it today.").is_empty());
    assert!(codes("Our team answers within four hours.").is_empty());
    assert!(codes("The next call is at 14:00.").is_empty());
    let label = PlainLanguageRules {
        require_next_step: false,
        ..PlainLanguageRules::default()
    };
    assert!(check("Working on it", &label).is_empty());
}

#[test]
fn jargon_matches_whole_words_plurals_and_phrases_once() {
    let found = messages(
        "As per your tickets, we'll reply by 10:00. Superb!",
        WarningCode::Jargon,
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("\"as per\""));
    assert!(found[1].starts_with("\"ticket\""));
    assert!(
        messages(
            "We'll call the incident commander by 10:00.",
            WarningCode::Jargon
        )[0]
        .starts_with("\"incident commander\" is an internal word. Use the words")
    );
    // "performance" contains "per" but is not the word.
    assert!(
        messages(
            "Performance is back. We'll watch it until 10:00.",
            WarningCode::Jargon
        )
        .is_empty()
    );
}

#[test]
fn the_jargon_list_can_be_edited() {
    let mut jargon = JargonList::default();
    jargon.0.retain(|t| t.term != "queue");
    jargon.0.push(JargonTerm {
        term: "CSM".to_owned(),
        instead: Some("the person who looks after your account".to_owned()),
    });
    let rules = PlainLanguageRules {
        jargon,
        ..PlainLanguageRules::default()
    };
    let found = check("Your CSM will join the queue call by 10:00.", &rules);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("\"CSM\""));
}

#[test]
fn active_sentences_and_adjectives_are_not_passive() {
    for text in [
        "We're working on it and we'll reply by 10:00.",
        "We're pleased to help, and we'll reply by 10:00.",
        "The fix is ready. We'll send it by 10:00.",
    ] {
        assert!(
            messages(text, WarningCode::PassiveVoice).is_empty(),
            "{text}"
        );
    }
    for (text, phrase) in [
        (
            "Your files were sent to us. We'll reply by 10:00.",
            "were sent",
        ),
        (
            "The bug is not fixed yet. We'll reply by 10:00.",
            "is not fixed",
        ),
    ] {
        let found = messages(text, WarningCode::PassiveVoice);
        assert!(found[0].contains(phrase), "{found:?}");
    }
}

#[test]
fn the_default_jargon_list_is_the_voice_guide_list() {
    let terms: Vec<String> = JargonList::default()
        .0
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(
        terms.join(", "),
        "ticket, L1, L2, L3, tier, SLA, SLO, breach, P1, P2, S1, S2, RCA, post-mortem, \
         escalated, triage, backlog, queue, swarm, incident commander, pending, ETA, per, \
         as per, kindly"
    );
}
