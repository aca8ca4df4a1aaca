//! A few German templates, enough to prove the fallback to English.

use super::{DefaultTemplate, shipped};
use crate::domain::template::TemplateChannel::{EmailBody, EmailSubject, Web};
use crate::domain::template::TemplateKind::{Acknowledgement, StageLabel};

pub(super) const TEMPLATES: &[DefaultTemplate] = &[
    shipped(
        "de",
        StageLabel,
        Web,
        "{% if stage == \"received\" %}Eingegangen\
         {% elif stage == \"in_progress\" %}In Bearbeitung\
         {% elif stage == \"waiting_on_you\" %}Wartet auf Sie\
         {% elif stage == \"resolved\" %}Gelöst: bitte bestätigen\
         {% elif stage == \"closed\" %}Abgeschlossen\
         {% else %}Wieder geöffnet{% endif %}",
    ),
    shipped(
        "de",
        Acknowledgement,
        EmailSubject,
        "Wir haben Ihren Fall {{ reference }}",
    ),
    shipped(
        "de",
        Acknowledgement,
        EmailBody,
        "Hallo {{ customer_name }},

wir haben Ihren Fall erhalten. Wir antworten bis {{ due_time }} ({{ zone }}).

Ihre Fallnummer ist {{ reference }}. Hier sehen Sie jederzeit, wie es steht:
{{ status_url }}

Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese E-Mail.

Ihr Support-Team
",
    ),
    shipped(
        "de",
        Acknowledgement,
        Web,
        "Wir haben Ihren Fall. Wir antworten bis {{ due_time }} ({{ zone }}). \
         Ihre Fallnummer ist {{ reference }}.",
    ),
];
