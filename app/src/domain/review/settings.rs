//! Which cases need a review, and the root-cause taxonomy: one setting ops
//! edit (`review_settings`), Baton's own until they do.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    /// Every S1 case.
    pub s1: bool,
    /// Every case linked to a major incident.
    pub major_incident: bool,
    /// Every case one of whose SLA clocks ran out.
    pub sla_breach: bool,
    /// Cases reopened at least this many times (0: never for this reason).
    pub reopened_times: u32,
    /// Days from the case's resolution to the review's due date.
    pub due_days: u32,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            s1: true,
            major_incident: true,
            sla_breach: true,
            reopened_times: 2,
            due_days: 7,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// Lower-case letters, digits and `_`, like `configuration`.
    pub code: String,
    pub label: String,
}

/// The blameless template's guidance: what each part of a review asks
/// for, in ops' words (blank: no guidance under that part).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewPrompts {
    pub summary: String,
    pub impact: String,
    pub root_cause: String,
    pub went_well: String,
    pub went_wrong: String,
    pub got_lucky: String,
}

impl Default for ReviewPrompts {
    fn default() -> Self {
        let text = |s: &str| s.to_owned();
        ReviewPrompts {
            summary: text(
                "What happened, in a few sentences: the trigger, what the customer saw, how it was resolved.",
            ),
            impact: text("Who was affected, how, and for how long. Numbers where you have them."),
            root_cause: text(
                "Why it happened, not who: the conditions that let it happen. Pick the cause and every factor that played a part.",
            ),
            went_well: text("What helped: detection, the handoffs, the fix."),
            went_wrong: text(
                "Where our process or tools let us down. Describe systems and steps, never a person.",
            ),
            got_lucky: text("What went our way that we should not count on next time."),
        }
    }
}

impl ReviewPrompts {
    fn parts(&self) -> [(&'static str, &str); 6] {
        [
            ("summary", &self.summary),
            ("impact", &self.impact),
            ("root_cause", &self.root_cause),
            ("went_well", &self.went_well),
            ("went_wrong", &self.went_wrong),
            ("got_lucky", &self.got_lucky),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSettings {
    pub required: ReviewPolicy,
    pub root_causes: Vec<RootCause>,
    /// The template's guidance under each part; Baton's own when unset.
    #[serde(default)]
    pub prompts: ReviewPrompts,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        const CAUSES: &[(&str, &str)] = &[
            ("software_defect", "A defect in our software"),
            ("configuration", "A setting or configuration change"),
            ("capacity", "Not enough capacity (load, limits, quotas)"),
            ("third_party", "A supplier or third-party service"),
            ("monitoring_gap", "We did not notice in time"),
            ("process_gap", "A missing or unclear support process"),
            ("knowledge_gap", "The answer was not written down"),
            (
                "communication",
                "The customer was not told enough, or in time",
            ),
            ("customer_environment", "Something on the customer's side"),
            ("unknown", "Not known yet"),
        ];
        ReviewSettings {
            prompts: ReviewPrompts::default(),
            required: ReviewPolicy::default(),
            root_causes: CAUSES
                .iter()
                .map(|(code, label)| RootCause {
                    code: (*code).to_owned(),
                    label: (*label).to_owned(),
                })
                .collect(),
        }
    }
}

impl ReviewSettings {
    pub fn from_json(source: &str) -> Result<Self, String> {
        use serde_json::Value;
        let value: Value =
            serde_json::from_str(source).map_err(|e| format!("This is not valid: {e}."))?;
        // serde reads a struct from an array too: the parts must be objects.
        let objects = value.is_object()
            && value.get("required").is_none_or(Value::is_object)
            && value.get("prompts").is_none_or(Value::is_object)
            && value
                .get("root_causes")
                .and_then(Value::as_array)
                .is_none_or(|all| all.iter().all(Value::is_object));
        if !objects {
            return Err(
                "This is not valid: send {\"required\": {…}, \"root_causes\": [{…}], \"prompts\": {…}}."
                    .to_owned(),
            );
        }
        let settings: ReviewSettings =
            serde_json::from_value(value).map_err(|e| format!("This is not valid: {e}."))?;
        if settings.root_causes.is_empty() || settings.root_causes.len() > 60 {
            return Err("Keep between 1 and 60 root causes.".to_owned());
        }
        for (i, cause) in settings.root_causes.iter().enumerate() {
            let plain = !cause.code.is_empty()
                && cause.code.len() <= 40
                && cause
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !plain {
                return Err(format!(
                    "Root cause {}: a code is 1 to 40 lower-case letters, digits or _.",
                    i + 1
                ));
            }
            let label = cause.label.trim();
            if label.is_empty()
                || label.chars().count() > 120
                || label.chars().any(char::is_control)
            {
                return Err(format!(
                    "Root cause {:?}: give a label of up to 120 characters.",
                    cause.code
                ));
            }
            if settings.root_causes[..i]
                .iter()
                .any(|c| c.code == cause.code)
            {
                return Err(format!("Root cause {:?} is listed twice.", cause.code));
            }
        }
        for (part, prompt) in settings.prompts.parts() {
            if prompt.chars().count() > 500 || prompt.chars().any(|c| c.is_control() && c != '\n') {
                return Err(format!(
                    "The guidance for {part}: up to 500 characters, no control characters."
                ));
            }
        }
        if !(1..=90).contains(&settings.required.due_days) {
            return Err("Reviews are due 1 to 90 days after the case is solved.".to_owned());
        }
        Ok(settings)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn codes(&self) -> Vec<&str> {
        self.root_causes.iter().map(|c| c.code.as_str()).collect()
    }

    /// The label of a code, or the code itself if ops removed it since.
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.root_causes
            .iter()
            .find(|c| c.code == code)
            .map_or(code, |c| c.label.as_str())
    }
}
