use super::{DefaultTemplate, shipped};
use crate::domain::template::TemplateChannel::{Chat, EmailBody, EmailSubject, Web};
use crate::domain::template::TemplateKind::*;

const fn en(
    kind: crate::domain::template::TemplateKind,
    channel: crate::domain::template::TemplateChannel,
    source: &'static str,
) -> DefaultTemplate {
    shipped("en", kind, channel, source)
}

const STAGE_EXPLANATION: &str = "\
{% if stage == \"received\" %}We have your case. A person on our team will read it soon.\
{% elif stage == \"in_progress\" %}Your case is with {{ team }}. We'll write to you as soon as we know more.\
{% elif stage == \"waiting_on_you\" %}We asked you a question. We'll go on as soon as you answer.\
{% elif stage == \"resolved\" %}We think we've fixed this. Please tell us if it works for you now. \
If we don't hear from you, we'll close your case in a few days.\
{% elif stage == \"closed\" %}You told us the problem is gone. Thank you! If it comes back, reply and we'll look again.\
{% else %}You told us it's still a problem. We're looking at it again and we'll write to you soon.{% endif %}";

const GUARANTEE: &str = "\
{% if guarantee == \"first_reply\" %}We'll reply by {{ due_time }} ({{ zone }}).\
{% else %}We'll send you an update by {{ due_time }} ({{ zone }}).{% endif %}";

// `paused_since` is empty unless we are waiting for the customer.
const NEXT_STEP: &str = "\
{% if stage == \"resolved\" %}Please tell us below if this is solved for you, or if it's still a problem.\
{% elif stage == \"closed\" %}There is nothing more to do. If the problem comes back, raise a new case.\
{% elif paused_since %}We're waiting for your reply since {{ paused_since }}. \
The clock on our promise starts again when you answer.\
{% else %}We're working on your case and will write to you as soon as we know more.{% endif %}";

const CUSTOMER_NOTICE: &str = "\
{% if notice == \"case_closed\" %}We've closed this case. If you still need help, please raise a new one.\
{% elif notice == \"already_closed\" %}We've already closed this case.\
{% elif notice == \"nothing_to_confirm\" %}We haven't marked this case solved yet, so there is nothing to confirm.\
{% elif notice == \"choose_severity\" %}Please tell us how bad this is for you.\
{% elif notice == \"unknown_severity\" %}Please choose one of S1, S2, S3 or S4.\
{% elif notice == \"unknown_reference\" %}Please give the reference from our email, like ESC-7Q4K2M.\
{% elif notice == \"follower_gone\" %}That person is no longer waiting for your answer.\
{% elif notice == \"empty_message\" %}Please write your message.\
{% endif %}";

// "our senior engineers have", "a specialist team has"
const TIMELINE_ENTRY: &str = "\
{% if event == \"created\" %}We received your case.\
{% elif event == \"public_update\" %}We sent you an update.\
{% elif event == \"solved\" %}We think this is solved.\
{% elif event == \"confirmed\" %}You confirmed it's solved\
{% if rating %} and rated our help {{ rating }} out of 5{% endif %}.\
{% elif event == \"reopened\" %}You told us it's still a problem.\
{% elif event == \"customer_message\" %}You wrote to us.\
{% elif event == \"worsened\" %}You told us it got worse.\
{% elif event == \"management_escalated\" %}{{ team | capitalize }} is now overseeing your case.\
{% else %}{{ team | capitalize }} {% if team[-1:] == \"s\" %}have{% else %}has{% endif %} \
taken over your case.{% endif %}";

pub(super) const TEMPLATES: &[DefaultTemplate] = &[
    en(
        StageLabel,
        Web,
        "{% if stage == \"received\" %}Received\
         {% elif stage == \"in_progress\" %}Working on it\
         {% elif stage == \"waiting_on_you\" %}Waiting for you\
         {% elif stage == \"resolved\" %}Solved: please confirm\
         {% elif stage == \"closed\" %}Closed\
         {% else %}Reopened{% endif %}",
    ),
    en(StageExplanation, Web, STAGE_EXPLANATION),
    en(StageExplanation, Chat, STAGE_EXPLANATION),
    en(Guarantee, Web, GUARANTEE),
    en(Guarantee, Chat, GUARANTEE),
    en(Guarantee, EmailBody, GUARANTEE),
    en(NextStep, Web, NEXT_STEP),
    en(TimelineEntry, Web, TIMELINE_ENTRY),
    en(CustomerNotice, Web, CUSTOMER_NOTICE),
    en(
        GuaranteeLead,
        Web,
        "{% if guarantee == \"first_reply\" %}We'll reply by{% else %}We'll send you an update by{% endif %}",
    ),
    // Acknowledgement
    en(Acknowledgement, EmailSubject, "We have your case {{ reference }}"),
    en(
        Acknowledgement,
        EmailBody,
        "Hi {{ customer_name }},

We have your case, and a person on our team will read it. We'll reply by {{ due_time }} ({{ zone }}).

Your case reference is {{ reference }}. You can see where things stand at any time here:
{{ status_url }}

To add anything, just reply to this email.

Our support team
",
    ),
    en(
        Acknowledgement,
        Web,
        "We have your case. We'll reply by {{ due_time }} ({{ zone }}). \
         Your case reference is {{ reference }}.",
    ),
    en(
        Acknowledgement,
        Chat,
        "Thanks, {{ customer_name }}. We have your case ({{ reference }}). \
         We'll reply by {{ due_time }} ({{ zone }}).",
    ),
    // Public update
    en(PublicUpdate, EmailSubject, "An update on your case {{ reference }}"),
    en(
        PublicUpdate,
        EmailBody,
        "Hi {{ customer_name }},

Here is an update on your case {{ reference }}:

{{ update_body }}

{% if stage == \"waiting_on_you\" %}
We need your answer to go on. Please reply to this email.
{% else %}
We'll send you the next update by {{ due_time }} ({{ zone }}).
{% endif %}

See where things stand: {{ status_url }}

Our support team
",
    ),
    en(
        PublicUpdate,
        Web,
        "{{ update_body }} We'll send you the next update by {{ due_time }} ({{ zone }}).",
    ),
    en(
        PublicUpdate,
        Chat,
        "An update on your case {{ reference }}: {{ update_body }} \
         We'll send you the next update by {{ due_time }} ({{ zone }}).",
    ),
    // Escalation notice
    en(
        EscalationNotice,
        EmailSubject,
        "We've brought in {{ team }} for your case {{ reference }}",
    ),
    en(
        EscalationNotice,
        EmailBody,
        "Hi {{ customer_name }},

We've brought in {{ team }} to help with your case {{ reference }}. They have all the details, so you don't need to explain again.

We'll send you an update by {{ due_time }} ({{ zone }}).

See where things stand: {{ status_url }}

Our support team
",
    ),
    en(
        EscalationNotice,
        Web,
        "We've brought in {{ team }} to help. They have all the details. \
         We'll send you an update by {{ due_time }} ({{ zone }}).",
    ),
    en(
        EscalationNotice,
        Chat,
        "We've brought in {{ team }} to help with your case {{ reference }}. \
         We'll send you an update by {{ due_time }} ({{ zone }}).",
    ),
    // Pause notice
    en(PauseNotice, EmailSubject, "We need your answer on case {{ reference }}"),
    en(
        PauseNotice,
        EmailBody,
        "Hi {{ customer_name }},

To go on with your case {{ reference }}, we need {{ pause_reason }}.

We're waiting for your reply since {{ paused_since }} ({{ zone }}). The clock on our promise starts again when you answer.

Just reply to this email, or answer here: {{ status_url }}

Our support team
",
    ),
    en(
        PauseNotice,
        Web,
        "We need {{ pause_reason }} to go on. We're waiting for your reply since \
         {{ paused_since }} ({{ zone }}). The clock on our promise starts again when you answer.",
    ),
    en(
        PauseNotice,
        Chat,
        "We need {{ pause_reason }} to go on with your case {{ reference }}. \
         The clock on our promise starts again when you answer.",
    ),
    // Resolution question
    en(
        ResolutionQuestion,
        EmailSubject,
        "Is the problem solved for you? Case {{ reference }}",
    ),
    en(
        ResolutionQuestion,
        EmailBody,
        "Hi {{ customer_name }},

We think we've fixed the problem in your case {{ reference }}. Please tell us if it works for you now:
{{ status_url }}

If it still isn't right, tell us on the same page and we'll look again.
If we don't hear from you by {{ due_time }} ({{ zone }}), we'll close your case.

Our support team
",
    ),
    en(
        ResolutionQuestion,
        Web,
        "We think we've fixed this. Please tell us below if it works for you now. \
         If we don't hear from you by {{ due_time }} ({{ zone }}), we'll close your case.",
    ),
    en(
        ResolutionQuestion,
        Chat,
        "We think we've fixed this. If we don't hear from you by {{ due_time }} ({{ zone }}), \
         we'll close your case. Does it work for you now? Tell us here: {{ status_url }}",
    ),
    // Reopen confirmation
    en(
        ReopenConfirmation,
        EmailSubject,
        "We're looking at your case {{ reference }} again",
    ),
    en(
        ReopenConfirmation,
        EmailBody,
        "Hi {{ customer_name }},

Thank you for telling us the problem isn't gone. We've opened your case {{ reference }} again, and {{ team }} is looking at it.

We'll send you an update by {{ due_time }} ({{ zone }}).

See where things stand: {{ status_url }}

Our support team
",
    ),
    en(
        ReopenConfirmation,
        Web,
        "We've opened your case again, and {{ team }} is looking at it. \
         We'll send you an update by {{ due_time }} ({{ zone }}).",
    ),
    en(
        ReopenConfirmation,
        Chat,
        "Thanks for telling us. We've opened your case {{ reference }} again. \
         We'll send you an update by {{ due_time }} ({{ zone }}).",
    ),
    // Fresh link
    en(
        FreshLink,
        EmailSubject,
        "A new link to your case {{ reference }}",
    ),
    en(
        FreshLink,
        EmailBody,
        "Hi {{ customer_name }},

You asked us for a new link to your case {{ reference }}. Here it is: {{ status_url }}

The link will keep working while your case is open. If you did not ask for it, you can ignore this email.

Our support team
",
    ),
    // Sign-in link ("my cases")
    en(SignInLink, EmailSubject, "Your link to see all your cases"),
    en(
        SignInLink,
        EmailBody,
        "Hi,

You asked to see all your cases with us. Open this link within {{ valid_for }} to see them: {{ sign_in_url }}

The link works once. If it has run out, you can ask for a new one on the same page. If you did not ask for it, you can ignore this email.

Our support team
",
    ),
    // Survey
    en(Survey, EmailSubject, "How did we do on case {{ reference }}?"),
    en(
        Survey,
        EmailBody,
        "Hi {{ customer_name }},

We've closed your case {{ reference }}. How did we do? It takes one minute:
{{ survey_url }}

We read every answer, and we'll use it to do better next time.

Our support team
",
    ),
    en(
        Survey,
        Web,
        "How did we do? Please tell us here: {{ survey_url }} \
         We read every answer, and we'll use it to do better next time.",
    ),
    // Sponsor briefing (to staff)
    en(
        SponsorBriefing,
        EmailSubject,
        "Sponsor briefing: {{ account }}, {{ severity }} case {{ reference }}",
    ),
    en(
        SponsorBriefing,
        EmailBody,
        "You are the executive sponsor for {{ account }}. We need you on case {{ reference }}: {{ reason }}.

Customer: {{ customer_name }} ({{ account }})
Subject: {{ subject }}
Impact, in their words:
{{ impact }}

Timeline:
{{ timeline }}

What we need from you: {{ ask }}

Open the case: {{ case_url }}
",
    ),
    // Situation update on a wider problem (a major incident)
    en(
        IncidentUpdate,
        EmailSubject,
        "An update on a wider problem: {{ title }}",
    ),
    en(
        IncidentUpdate,
        EmailBody,
        "Hi {{ customer_name }},

A wider problem affects several customers, and you are one of them. Here is where things stand.

What it affects: {{ affected }}
What we know: {{ known }}
What we're doing: {{ doing }}

We'll send you the next update by {{ next_update_time }} ({{ zone }}).

See your case {{ reference }}: {{ status_url }}

Our support team
",
    ),
    en(
        IncidentUpdate,
        Web,
        "What it affects: {{ affected }} What we know: {{ known }} \
         What we're doing: {{ doing }} \
         We'll send you the next update by {{ next_update_time }} ({{ zone }}).",
    ),
    // A rule's proactive update, posted on the customer's timeline
    en(
        ProactiveUpdate,
        Web,
        "We noticed your case is taking longer than it should. {{ team }} are looking at it \
         closely now, and we'll update you by {{ due_time }} ({{ zone }}).",
    ),
    // The weekly digest for managers (staff-facing)
    en(
        WeeklyDigest,
        EmailSubject,
        "Escalations last week: {{ attainment }} met every promise",
    ),
    en(
        WeeklyDigest,
        EmailBody,
        "Hello,

Here is how escalations went from {{ period }}.

Cases raised: {{ cases }}
Met every SLA promise: {{ attainment }}
Escalated to a higher tier: {{ escalation_rate }}
Reopened by the customer: {{ reopen_rate }}
Customer satisfaction: {{ csat }}
First reply: {{ first_reply }}
Resolution: {{ resolution }}
Longest stay: {{ slowest_tier }}
Came back after a review: {{ repeats }}
Prevented by the early-warning desk: {{ prevented }}

See the full report, with the cases behind every number: {{ report_url }}

Baton
",
    ),
    // Under every email to a customer
    en(
        EmailFooter,
        EmailBody,
        "You get this email because you follow this case. \
         We'll stop when you open this link: {{ unsubscribe_url }}",
    ),
];
