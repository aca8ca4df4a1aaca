use super::*;
use TemplateChannel::{Chat, EmailBody, EmailSubject, Web};
use TemplateKind::{Acknowledgement, PublicUpdate};
use proptest::prelude::*;
use std::fmt;

fn code_of<T: fmt::Debug>(result: Result<T, TemplateError>) -> TemplateErrorCode {
    result.expect_err("the template should be refused").code
}

fn ack_with(name: &str, value: &str) -> TemplateContext {
    TemplateContext::example(Acknowledgement)
        .with(name, value)
        .unwrap()
}

#[test]
fn an_unknown_placeholder_is_an_error_naming_the_line() {
    let source = "Hi {{ customer_name }},\n\nWe'll reply by {{ due_tme }}.";
    let err = validate(Acknowledgement, EmailBody, source).unwrap_err();
    assert_eq!(err.code, TemplateErrorCode::UnknownPlaceholder);
    assert_eq!(err.line, Some(3));
    assert!(
        err.message
            .starts_with("due_tme isn't a placeholder of acknowledgement")
    );
    assert!(
        err.message.contains("due_time"),
        "lists what exists: {}",
        err.message
    );
    // Also in a branch the examples never take.
    let hidden = "{% if reference == 'nope' %}\n{{ secret }}\n{% endif %}";
    let err = validate(Acknowledgement, EmailBody, hidden).unwrap_err();
    assert_eq!(
        (err.code, err.line),
        (TemplateErrorCode::UnknownPlaceholder, Some(2))
    );
}

#[test]
fn a_syntax_error_names_the_line() {
    let err = validate(
        Acknowledgement,
        Web,
        "We have your case.\n{% if reference %}\nx",
    )
    .unwrap_err();
    assert_eq!(err.code, TemplateErrorCode::Syntax);
    assert!(err.line.is_some_and(|l| l >= 2), "{err:?}");
    let err = validate(Acknowledgement, Web, "One\nTwo {{ reference }\nThree").unwrap_err();
    assert_eq!((err.code, err.line), (TemplateErrorCode::Syntax, Some(2)));
}

#[test]
fn include_import_extends_and_macros_are_refused() {
    for source in [
        "{% include 'other.txt' %}",
        "{% import 'helpers.txt' as h %}",
        "{% from 'helpers.txt' import x %}",
        "{% extends 'layout.txt' %}",
        "{% block body %}x{% endblock %}",
        "{% macro m() %}x{% endmacro %}",
        "{%- include \"x\" -%}",
    ] {
        let err = validate(Acknowledgement, EmailBody, source).unwrap_err();
        assert_eq!(err.code, TemplateErrorCode::NotAllowed, "{source}: {err:?}");
        assert!(
            err.message.starts_with("Templates can't use {%"),
            "{}",
            err.message
        );
    }
}

#[test]
fn the_engine_itself_reaches_no_other_template() {
    // Below the source rules: whatever features minijinja has, nothing loads.
    let sandbox = Sandbox::default();
    let env = sandbox.environment(EmailBody);
    for source in [
        "{% include 'x' %}",
        "{% extends 'x' %}",
        "{% import 'x' as y %}",
    ] {
        let err = env.render_str(source, ()).unwrap_err();
        let mapped = sandbox.engine_error(&err, false);
        assert!(
            matches!(
                mapped.code,
                TemplateErrorCode::NotAllowed | TemplateErrorCode::Syntax
            ),
            "{source}: {err}"
        );
    }
}

#[test]
fn a_recursive_macro_bomb_is_refused() {
    let source = "{% macro boom(n) %}{{ boom(n) }}{{ boom(n) }}{% endmacro %}{{ boom(1) }}";
    assert_eq!(
        code_of(validate(Acknowledgement, EmailBody, source)),
        TemplateErrorCode::NotAllowed
    );
}

#[test]
fn a_recursive_loop_stops_with_an_error() {
    let source = "{% for x in [1] recursive %}{{ loop([1, 2]) }}{% endfor %}";
    let code = code_of(validate(Acknowledgement, EmailBody, source));
    assert!(
        matches!(
            code,
            TemplateErrorCode::TooDeep | TemplateErrorCode::FuelExhausted
        ),
        "{code:?}"
    );
}

#[test]
fn deeply_nested_source_stops_with_an_error() {
    let source = format!("{{{{ {}1{} }}}}", "(".repeat(400), ")".repeat(400));
    assert_eq!(
        code_of(validate(Acknowledgement, EmailBody, &source)),
        TemplateErrorCode::TooDeep
    );
}

#[test]
fn the_range_loop_bomb_stops_with_an_error() {
    let source =
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}";
    let err = validate(Acknowledgement, EmailBody, source).unwrap_err();
    assert_eq!(
        err.code,
        TemplateErrorCode::UnknownPlaceholder,
        "no range(): {err:?}"
    );
    let ctx = TemplateContext::example(Acknowledgement);
    assert!(render(Acknowledgement, EmailBody, source, &ctx).is_err());
}

#[test]
fn a_loop_that_runs_too_long_runs_out_of_fuel() {
    let long = "x".repeat(400);
    let source =
        format!("{{% for a in '{long}' %}}{{% for b in '{long}' %}}{{% endfor %}}{{% endfor %}}");
    let err = validate(Acknowledgement, EmailBody, &source).unwrap_err();
    assert_eq!(err.code, TemplateErrorCode::FuelExhausted, "{err:?}");
    let ctx = TemplateContext::example(Acknowledgement);
    assert_eq!(
        code_of(render(Acknowledgement, EmailBody, &source, &ctx)),
        TemplateErrorCode::FuelExhausted
    );
}

#[test]
fn text_cannot_be_grown_by_joining_or_repeating() {
    let doubling = "{% set s = customer_name ~ customer_name %}\n".repeat(40);
    let err = validate(Acknowledgement, EmailBody, &doubling).unwrap_err();
    assert_eq!(
        (err.code, err.line),
        (TemplateErrorCode::NotAllowed, Some(1))
    );
    for source in ["{{ 'x' * 100000000 }}", "{{ [reference] + [reference] }}"] {
        assert_eq!(
            code_of(validate(Acknowledgement, EmailBody, source)),
            TemplateErrorCode::NotAllowed
        );
    }
}

#[test]
fn markup_in_a_value_is_escaped_on_the_web_and_in_chat() {
    let ctx = ack_with("customer_name", "<script>alert('hi')</script>");
    let source = "Thanks, {{ customer_name }}. {{ customer_name|upper }}";
    for channel in [Web, Chat] {
        let out = render(Acknowledgement, channel, source, &ctx).unwrap();
        assert!(!out.contains('<'), "{out}");
        assert!(
            out.starts_with("Thanks, &lt;script&gt;alert(&#x27;hi&#x27;)&lt;&#x2f;script&gt;.")
        );
    }
}

#[test]
fn markup_in_a_string_literal_is_escaped_on_the_web_too() {
    let out = validate(Acknowledgement, Web, "{{ '<b>' }}")
        .unwrap()
        .example;
    assert_eq!(out, "&lt;b&gt;");
}

#[test]
fn escaping_cannot_be_switched_off() {
    for source in [
        "{% autoescape false %}{{ customer_name }}{% endautoescape %}",
        "{{ customer_name|safe }}",
        "{% filter safe %}{{ customer_name }}{% endfilter %}",
    ] {
        assert_eq!(
            code_of(validate(Acknowledgement, Web, source)),
            TemplateErrorCode::NotAllowed
        );
    }
    let err = validate(Acknowledgement, Web, "Hello\n<img src=x onerror=alert(1)>").unwrap_err();
    assert_eq!(
        (err.code, err.line),
        (TemplateErrorCode::NotAllowed, Some(2))
    );
}

#[test]
fn email_bodies_keep_values_exactly_as_written() {
    let ctx = ack_with(
        "customer_name",
        "Tom & Jerry <tj@example.com> \"quoted\"\nnext line",
    );
    let out = render(Acknowledgement, EmailBody, "Hi {{ customer_name }}", &ctx).unwrap();
    assert_eq!(out, "Hi Tom & Jerry <tj@example.com> \"quoted\"\nnext line");
}

#[test]
fn values_are_never_run_as_template_code() {
    let ctx = ack_with(
        "customer_name",
        "{{ reference }}{% for x in 'abc' %}!{% endfor %}",
    );
    let out = render(Acknowledgement, EmailBody, "{{ customer_name }}", &ctx).unwrap();
    assert_eq!(out, "{{ reference }}{% for x in 'abc' %}!{% endfor %}");
}

#[test]
fn a_line_break_in_a_subject_source_is_refused() {
    let err = validate(Acknowledgement, EmailSubject, "Your case\n{{ reference }}").unwrap_err();
    assert_eq!(
        (err.code, err.line),
        (TemplateErrorCode::NewlineInSubject, Some(1))
    );
    assert_eq!(
        code_of(validate(
            Acknowledgement,
            EmailSubject,
            "Case\r{{ reference }}"
        )),
        TemplateErrorCode::NewlineInSubject
    );
    // A line break written as an escape inside a string is caught on render.
    assert_eq!(
        code_of(validate(
            Acknowledgement,
            EmailSubject,
            "Case{{ \"\\r\\nBcc: x\" }}"
        )),
        TemplateErrorCode::NewlineInSubject
    );
}

#[test]
fn line_breaks_in_subject_values_become_spaces() {
    let ctx = ack_with("reference", "ESC-1\r\nBcc: victim@example.com\n\u{2028}x");
    let out = render(
        Acknowledgement,
        EmailSubject,
        "We have your case {{ reference }}",
        &ctx,
    )
    .unwrap();
    assert_eq!(out, "We have your case ESC-1 Bcc: victim@example.com x");
    assert!(!out.contains(['\r', '\n']));
}

#[test]
fn output_over_the_cap_is_an_error_never_a_cut_message() {
    let big = "a".repeat(20 * 1024);
    let ctx = TemplateContext::example(PublicUpdate)
        .with("update_body", big)
        .unwrap();
    let err = render(PublicUpdate, EmailBody, "{{ update_body }}", &ctx).unwrap_err();
    assert_eq!(err.code, TemplateErrorCode::TooLong);
    let small = Sandbox {
        max_output_bytes: 40,
        ..Sandbox::default()
    };
    let source = "{% for c in 'abcdefghij' %}{{ reference }}{% endfor %}";
    assert_eq!(
        code_of(small.validate(Acknowledgement, EmailBody, source)),
        TemplateErrorCode::TooLong
    );
    assert!(
        small
            .validate(Acknowledgement, EmailBody, "{{ reference }}")
            .is_ok()
    );
}

#[test]
fn a_source_over_the_cap_is_refused() {
    let source = "word ".repeat(4000);
    assert_eq!(
        code_of(validate(Acknowledgement, EmailBody, &source)),
        TemplateErrorCode::TooLong
    );
}

#[test]
fn a_missing_value_or_a_context_of_another_kind_is_refused() {
    let mut partial = TemplateContext::new(Acknowledgement);
    partial.set("reference", "ESC-1").unwrap();
    let err = render(
        Acknowledgement,
        EmailBody,
        "{{ reference }}\n{{ customer_name }}",
        &partial,
    )
    .unwrap_err();
    assert_eq!(
        (err.code, err.line),
        (TemplateErrorCode::MissingValue, Some(2))
    );
    assert!(render(Acknowledgement, EmailBody, "{{ reference }}", &partial).is_ok());
    let other = TemplateContext::example(PublicUpdate);
    assert!(render(Acknowledgement, EmailBody, "{{ reference }}", &other).is_err());
}

#[test]
fn strict_undefined_makes_a_made_up_attribute_an_error() {
    let err = validate(Acknowledgement, EmailBody, "{{ customer_name.first }}").unwrap_err();
    assert_eq!(err.code, TemplateErrorCode::Render);
}

#[test]
fn validation_reports_the_placeholders_used_and_the_example() {
    let source =
        "{{ reference }}: we'll reply by {{ due_time }} ({{ zone }}). {{ reference|lower }}";
    let v = validate(Acknowledgement, Web, source).unwrap();
    assert_eq!(v.placeholders, vec!["reference", "due_time", "zone"]);
    assert_eq!(
        v.example,
        "ESC-7Q4K2M: we'll reply by Thu 26 Nov, 14:00 (your time). esc-7q4k2m"
    );
}

/// Pieces that make odd templates, valid or not.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            "{{-",
            "-}}",
            " ",
            "\n",
            "customer_name",
            "reference",
            "due_time",
            "x",
            "for a in",
            "endfor",
            "if",
            "elif",
            "else",
            "endif",
            "set",
            "=",
            "|",
            "upper",
            "safe",
            "\"",
            "'",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "~",
            "+",
            "*",
            "raw",
            "endraw",
            "-",
            "loop",
            "recursive",
            "include",
            "macro",
            "1",
            ",",
            "<b>",
            "is",
            "in",
            "not",
            "with",
            "endwith",
            "filter",
            "endfilter",
            "\\",
            "'abc'",
            "range(99999)",
            "loop(a)",
        ])
        .prop_map(str::to_owned),
        ".{0,6}",
    ]
}

fn source() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_source_is_answered_without_panicking(source in source()) {
        for channel in [Web, EmailSubject, EmailBody] {
            let checked = validate(Acknowledgement, channel, &source);
            let ctx = TemplateContext::example(Acknowledgement);
            let rendered = render(Acknowledgement, channel, &source, &ctx);
            match (checked, rendered) {
                (Ok(v), Ok(out)) => prop_assert_eq!(v.example, out),
                (Ok(_), Err(e)) => prop_assert!(false, "validated but failed to render: {e}"),
                (Err(_), _) => {}
            }
        }
    }

    #[test]
    fn values_never_bring_raw_markup_into_web_text(value in any::<String>(), tail in "[<>&\"'/ a-z]{0,20}") {
        let value = format!("{value}<{tail}");
        let ctx = ack_with("customer_name", &value);
        let source = "Hi {{ customer_name }} {{ customer_name|upper }} {{ customer_name|title }} \
                      {{ customer_name|trim|capitalize }} {{ customer_name|default('x') }} \
                      {% filter lower %}{{ customer_name }}{% endfilter %}";
        let out = render(Acknowledgement, Web, source, &ctx);
        prop_assert!(out.is_ok(), "{:?}", out);
        let out = out.unwrap_or_default();
        prop_assert!(!out.contains('<'), "{}", out);
    }

    #[test]
    fn subject_values_never_break_the_line(value in any::<String>()) {
        let ctx = ack_with("reference", &value);
        if let Ok(out) = render(Acknowledgement, EmailSubject, "Case {{ reference }}", &ctx) {
            prop_assert!(!out.contains(['\r', '\n']));
        }
    }
}

#[test]
fn a_compiled_template_renders_each_message_as_a_fresh_render_would() {
    let source = "Hi {{ customer_name }}, we'll reply by {{ due_time }}.";
    let compiled = Sandbox::default()
        .compile(Acknowledgement, Web, source)
        .unwrap();
    assert_eq!(compiled.placeholders(), vec!["customer_name", "due_time"]);
    for name in ["Kim", "<b>Ann</b>", "Zoë"] {
        let context = ack_with("customer_name", name);
        assert_eq!(
            compiled.render(&context).unwrap(),
            render(Acknowledgement, Web, source, &context).unwrap()
        );
    }
    // Values of another kind are refused, as a fresh render refuses them.
    let other = TemplateContext::example(PublicUpdate);
    assert_eq!(code_of(compiled.render(&other)), TemplateErrorCode::Render);
}

#[test]
fn a_compiled_template_cannot_reach_itself_by_name() {
    let compile = |source| Sandbox::default().compile(Acknowledgement, EmailBody, source);
    assert_eq!(
        code_of(compile("{% include 'message' %}")),
        TemplateErrorCode::NotAllowed
    );
    assert_eq!(
        code_of(compile("{% extends 'message' %}")),
        TemplateErrorCode::NotAllowed
    );
}
