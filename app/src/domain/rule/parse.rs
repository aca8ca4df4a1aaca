//! The rule language, read and written.
//!
//! ```text
//! rule      := line*                  (blank lines and # comments ignored)
//! line      := "when" expr            (one; may go on over following lines)
//!            | "then" action          (one or more, after the condition)
//! expr      := and ("or" and)*
//! and       := not ("and" not)*
//! not       := "not" not | "(" expr ")" | flag | fact op value
//!            | "text" "contains" "\"words\"" | "signal" "(" name ")" op number
//! fact      := severity | type | tier | channel | age | customer_wait
//!            | reopen_count | customer_messages "(" duration ")" | rating
//!            | escalations | account_open_cases | health_score
//! flag      := key_account | breached | warned | waiting_on_customer | open
//! op        := < | <= | > | >= | = | !=
//! value     := S1..S4 | 30m | 4h | 2d | 3 | name | "text"
//! action    := raise_severity | escalate_tier | bring_in_management
//!            | start_swarm | engage_sponsor | flag_at_risk
//!            | suggest_incident_link | send_message proactive_update | alert <role>
//! ```

use super::{Action, Compare, Expr, Fact, Flag, Op, Rule, Value};
use crate::domain::Severity;
use jiff::SignedDuration;
use std::fmt::Write as _;

/// What is wrong with a rule, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct RuleError {
    pub line: usize,
    pub message: String,
}

/// Longest source accepted, in bytes.
pub const MAX_SOURCE: usize = 8_000;
/// The template `send_message` sends.
const PROACTIVE: &str = "proactive_update";

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Number(i64),
    /// A number with a fraction, in thousandths.
    Decimal(i64),
    Duration(SignedDuration),
    Text(String),
    Op(Op),
    Open,
    Close,
}

pub fn rule(source: &str) -> Result<Rule, RuleError> {
    if source.len() > MAX_SOURCE {
        return Err(error(1, &format!("a rule is at most {MAX_SOURCE} bytes.")));
    }
    let mut condition: Vec<(usize, Token)> = Vec::new();
    let mut actions = Vec::new();
    let mut when_line = None;
    for (index, raw) in source.lines().enumerate() {
        let line = index + 1;
        let text = raw.split_once('#').map_or(raw, |(code, _)| code).trim();
        if text.is_empty() {
            continue;
        }
        let (head, rest) = text
            .split_once(char::is_whitespace)
            .map_or((text, ""), |(h, r)| (h, r.trim()));
        match head {
            "when" if when_line.is_some() => {
                return Err(error(line, "a rule has one condition (one \"when\")."));
            }
            "when" => {
                when_line = Some(line);
                condition.extend(lex(line, rest)?.into_iter().map(|t| (line, t)));
            }
            "then" if when_line.is_none() => {
                return Err(error(line, "write the condition (\"when ...\") first."));
            }
            "then" => actions.push(action(line, rest)?),
            _ if when_line.is_some() && actions.is_empty() => {
                // The condition goes on over this line.
                condition.extend(lex(line, text)?.into_iter().map(|t| (line, t)));
            }
            _ => {
                return Err(error(
                    line,
                    "start the line with \"when\" (the condition) or \"then\" (an action).",
                ));
            }
        }
    }
    let Some(when_line) = when_line else {
        return Err(error(1, "a rule needs a condition: \"when ...\"."));
    };
    if actions.is_empty() {
        let last = source.lines().count().max(1);
        return Err(error(
            last,
            "a rule needs at least one action: \"then ...\".",
        ));
    }
    if condition.is_empty() {
        return Err(error(when_line, "say what must hold after \"when\"."));
    }
    let mut parser = Parser {
        tokens: condition,
        at: 0,
        last_line: when_line,
    };
    let expr = parser.or()?;
    if let Some((line, token)) = parser.tokens.get(parser.at) {
        return Err(error(*line, &format!("unexpected {}.", describe(token))));
    }
    Ok(Rule {
        condition: expr,
        actions,
    })
}

fn error(line: usize, message: &str) -> RuleError {
    RuleError {
        line,
        message: message.to_owned(),
    }
}

fn lex(line: usize, text: &str) -> Result<Vec<Token>, RuleError> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::Open);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::Close);
            i += 1;
        } else if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&q| q == '"')
                .ok_or_else(|| error(line, "a quoted text needs its closing \"."))?;
            let words: String = chars[i + 1..i + 1 + end].iter().collect();
            if words.trim().is_empty() || words.chars().count() > 200 {
                return Err(error(line, "a quoted text is 1 to 200 characters."));
            }
            tokens.push(Token::Text(words));
            i += end + 2;
        } else if "<>=!".contains(c) {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let (op, len) = match two.as_str() {
                "<=" => (Op::Le, 2),
                ">=" => (Op::Ge, 2),
                "!=" => (Op::Ne, 2),
                _ => match c {
                    '<' => (Op::Lt, 1),
                    '>' => (Op::Gt, 1),
                    '=' => (Op::Eq, 1),
                    _ => return Err(error(line, "\"!\" goes with \"=\": write !=.")),
                },
            };
            tokens.push(Token::Op(op));
            i += len;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            let start = i;
            let numeric = c.is_ascii_digit();
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric()
                    || "_-".contains(chars[i])
                    || (numeric && chars[i] == '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(word_token(line, &word)?);
        } else {
            return Err(error(line, &format!("{c:?} has no meaning here.")));
        }
    }
    Ok(tokens)
}

/// A number, a duration (30m, 4h, 2d) or a name.
fn word_token(line: usize, word: &str) -> Result<Token, RuleError> {
    if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        if let Ok(n) = word.parse::<i64>() {
            return Ok(Token::Number(n));
        }
        if word.contains('.') {
            return match word.parse::<f64>() {
                Ok(n) if n.is_finite() && n.abs() < 1e12 => {
                    Ok(Token::Decimal((n * 1000.0).round() as i64))
                }
                _ => Err(error(line, &format!("{word:?} is not a number."))),
            };
        }
        let (digits, unit) = word.split_at(word.len() - 1);
        let amount: i64 = digits.parse().map_err(|_| {
            error(
                line,
                &format!("{word:?} is not a number or a duration such as 30m, 4h or 2d."),
            )
        })?;
        let minutes = match unit {
            "m" => Some(amount),
            "h" => amount.checked_mul(60),
            "d" => amount.checked_mul(24 * 60),
            _ => None,
        };
        return match minutes {
            Some(m) if (0..=366 * 24 * 60).contains(&m) => {
                Ok(Token::Duration(SignedDuration::from_mins(m)))
            }
            _ => Err(error(
                line,
                &format!(
                    "{word:?}: a duration is minutes (m), hours (h) or days (d), at most a year."
                ),
            )),
        };
    }
    Ok(Token::Word(word.to_owned()))
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    last_line: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.last_line, |(line, _)| *line)
    }

    fn next(&mut self) -> Option<Token> {
        let (line, token) = self.tokens.get(self.at).cloned()?;
        self.last_line = line;
        self.at += 1;
        Some(token)
    }

    fn keyword(&mut self, word: &str) -> bool {
        if self.peek() == Some(&Token::Word(word.to_owned())) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, RuleError> {
        let mut any = vec![self.and()?];
        while self.keyword("or") {
            any.push(self.and()?);
        }
        Ok(if any.len() == 1 {
            any.remove(0)
        } else {
            Expr::Or(any)
        })
    }

    fn and(&mut self) -> Result<Expr, RuleError> {
        let mut all = vec![self.not()?];
        while self.keyword("and") {
            all.push(self.not()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Expr::And(all)
        })
    }

    fn not(&mut self) -> Result<Expr, RuleError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        let line = self.line();
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(error(self.line(), "a \"(\" needs its \")\".")),
                }
            }
            Some(Token::Word(word)) => self.fact(line, &word),
            Some(other) => Err(error(
                line,
                &format!("expected a fact, found {}.", describe(&other)),
            )),
            None => Err(error(line, "the condition ends too soon.")),
        }
    }

    fn fact(&mut self, line: usize, word: &str) -> Result<Expr, RuleError> {
        let flag = match word {
            "key_account" => Some(Flag::KeyAccount),
            "breached" => Some(Flag::Breached),
            "warned" => Some(Flag::Warned),
            "waiting_on_customer" => Some(Flag::WaitingOnCustomer),
            "open" => Some(Flag::Open),
            _ => None,
        };
        if let Some(flag) = flag {
            return Ok(Expr::Flag(flag));
        }
        if word == "signal" {
            let name = match (self.next(), self.next(), self.next()) {
                (Some(Token::Open), Some(Token::Word(name)), Some(Token::Close)) => name,
                _ => return Err(error(line, "name the signal: signal(error_rate).")),
            };
            let op = match self.next() {
                Some(Token::Op(op)) => op,
                _ => {
                    return Err(error(
                        line,
                        "compare the signal with <, <=, >, >=, = or !=.",
                    ));
                }
            };
            let milli = match self.next() {
                Some(Token::Number(n)) => n
                    .checked_mul(1000)
                    .ok_or_else(|| error(line, "that number is too large."))?,
                Some(Token::Decimal(m)) => m,
                _ => {
                    return Err(error(
                        line,
                        "a signal compares with a number, such as 0.05.",
                    ));
                }
            };
            return Ok(Expr::Signal { name, op, milli });
        }
        if word == "text" {
            if !self.keyword("contains") {
                return Err(error(line, "write: text contains \"words\"."));
            }
            return match self.next() {
                Some(Token::Text(words)) => Ok(Expr::Contains(words.to_lowercase())),
                _ => Err(error(line, "text contains what? Put the words in quotes.")),
            };
        }
        let fact = match word {
            "severity" => Fact::Severity,
            "type" => Fact::Type,
            "tier" => Fact::Tier,
            "channel" => Fact::Channel,
            "age" => Fact::Age,
            "customer_wait" => Fact::CustomerWait,
            "reopen_count" => Fact::ReopenCount,
            "rating" => Fact::Rating,
            "escalations" => Fact::Escalations,
            "account_open_cases" => Fact::AccountOpenCases,
            "health_score" => Fact::HealthScore,
            "customer_messages" => {
                let window = match (self.next(), self.next(), self.next()) {
                    (Some(Token::Open), Some(Token::Duration(d)), Some(Token::Close)) => d,
                    _ => {
                        return Err(error(
                            line,
                            "customer_messages needs its window: customer_messages(24h).",
                        ));
                    }
                };
                Fact::CustomerMessages(window)
            }
            other => {
                return Err(error(
                    line,
                    &format!(
                        "{other:?} is not a fact. Facts: severity, type, tier, channel, age, customer_wait, \
                         reopen_count, customer_messages(24h), rating, escalations, account_open_cases, \
                         health_score, key_account, breached, warned, waiting_on_customer, open, text contains \"...\", signal(name)."
                    ),
                ));
            }
        };
        let op = match self.next() {
            Some(Token::Op(op)) => op,
            _ => {
                return Err(error(
                    line,
                    &format!("compare {word} with <, <=, >, >=, = or !=."),
                ));
            }
        };
        let value = self.value(line, fact)?;
        Ok(Expr::Compare(Compare { fact, op, value }))
    }

    fn value(&mut self, line: usize, fact: Fact) -> Result<Value, RuleError> {
        let token = self.next();
        let wrong = |kind: &str| error(line, &format!("{} compares with {kind}.", fact_name(fact)));
        match fact {
            Fact::Severity => match token {
                Some(Token::Word(w)) => Severity::parse(&w)
                    .map(Value::Severity)
                    .ok_or_else(|| wrong("S1, S2, S3 or S4")),
                _ => Err(wrong("S1, S2, S3 or S4")),
            },
            Fact::Type | Fact::Tier | Fact::Channel => match token {
                Some(Token::Word(w) | Token::Text(w)) => Ok(Value::Word(w)),
                _ => Err(wrong("a name")),
            },
            Fact::Age | Fact::CustomerWait => match token {
                Some(Token::Duration(d)) => Ok(Value::Duration(d)),
                _ => Err(wrong("a duration such as 30m, 4h or 2d")),
            },
            Fact::ReopenCount
            | Fact::CustomerMessages(_)
            | Fact::Rating
            | Fact::Escalations
            | Fact::AccountOpenCases
            | Fact::HealthScore => match token {
                Some(Token::Number(n)) if n >= 0 => Ok(Value::Number(n)),
                _ => Err(wrong("a whole number")),
            },
        }
    }
}

fn action(line: usize, text: &str) -> Result<Action, RuleError> {
    let mut words = text.split_whitespace();
    let name = words.next().unwrap_or_default();
    let argument = words.next();
    if words.next().is_some() {
        return Err(error(line, "one action per \"then\" line."));
    }
    let plain = |action: Action| match argument {
        None => Ok(action),
        Some(_) => Err(error(line, &format!("{name} takes nothing after it."))),
    };
    let named = |make: fn(String) -> Action, what: &str| match argument {
        Some(arg)
            if arg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            Ok(make(arg.to_owned()))
        }
        _ => Err(error(
            line,
            &format!("{name} needs {what}: {name} <{what}>."),
        )),
    };
    match name {
        "raise_severity" => plain(Action::RaiseSeverity),
        "escalate_tier" => plain(Action::EscalateTier),
        "bring_in_management" => plain(Action::BringInManagement),
        "start_swarm" => plain(Action::StartSwarm),
        "engage_sponsor" => plain(Action::EngageSponsor),
        "flag_at_risk" => plain(Action::FlagAtRisk),
        "suggest_incident_link" => plain(Action::SuggestIncidentLink),
        "send_message" => match named(Action::SendMessage, "template")? {
            // A message Baton sends on its own needs words written for it,
            // with nothing but the case's own values in them.
            Action::SendMessage(kind) if kind == PROACTIVE => Ok(Action::SendMessage(kind)),
            _ => Err(error(
                line,
                &format!(
                    "send_message sends the template written for it: send_message {PROACTIVE} \
                     (support ops edit its words with the other templates)."
                ),
            )),
        },
        "alert" => named(Action::Alert, "role"),
        "" => Err(error(line, "then what? Name an action.")),
        other => Err(error(
            line,
            &format!(
                "{other:?} is not an action. Actions: raise_severity, escalate_tier, bring_in_management, \
                 start_swarm, engage_sponsor, flag_at_risk, suggest_incident_link, send_message <template>, alert <role>."
            ),
        )),
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Word(w) => format!("{w:?}"),
        Token::Number(n) => n.to_string(),
        Token::Decimal(m) => decimal(*m),
        Token::Duration(d) => format!("the duration {}m", d.as_mins()),
        Token::Text(t) => format!("the text {t:?}"),
        Token::Op(op) => format!("\"{}\"", op_text(*op)),
        Token::Open => "\"(\"".to_owned(),
        Token::Close => "\")\"".to_owned(),
    }
}

fn fact_name(fact: Fact) -> String {
    match fact {
        Fact::Severity => "severity".to_owned(),
        Fact::Type => "type".to_owned(),
        Fact::Tier => "tier".to_owned(),
        Fact::Channel => "channel".to_owned(),
        Fact::Age => "age".to_owned(),
        Fact::CustomerWait => "customer_wait".to_owned(),
        Fact::ReopenCount => "reopen_count".to_owned(),
        Fact::CustomerMessages(window) => format!("customer_messages({})", duration(window)),
        Fact::Rating => "rating".to_owned(),
        Fact::Escalations => "escalations".to_owned(),
        Fact::AccountOpenCases => "account_open_cases".to_owned(),
        Fact::HealthScore => "health_score".to_owned(),
    }
}

fn flag_name(flag: Flag) -> &'static str {
    match flag {
        Flag::KeyAccount => "key_account",
        Flag::Breached => "breached",
        Flag::Warned => "warned",
        Flag::WaitingOnCustomer => "waiting_on_customer",
        Flag::Open => "open",
    }
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Eq => "=",
        Op::Ne => "!=",
    }
}

fn duration(d: SignedDuration) -> String {
    let minutes = d.as_mins();
    if minutes % (24 * 60) == 0 && minutes > 0 {
        format!("{}d", minutes / (24 * 60))
    } else if minutes % 60 == 0 && minutes > 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{minutes}m")
    }
}

/// Thousandths as the shortest decimal: 50 is 0.05, 2000 is 2.
fn decimal(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (whole, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

/// Checks one clause of a condition (`severity >= S2`) on its own.
pub fn clause(text: &str) -> Result<Expr, RuleError> {
    rule(&format!("when {text}\nthen flag_at_risk")).map(|r| r.condition)
}

/// One clause as the language writes it, parenthesised as inside an `and`.
pub fn print_clause(e: &Expr) -> String {
    expr(e, 2)
}

/// The canonical source: one `when` line, one `then` per action.
pub fn print(rule: &Rule) -> String {
    let mut out = format!("when {}\n", expr(&rule.condition, 0));
    for action in &rule.actions {
        let text = action.source();
        let _ = writeln!(out, "then {text}");
    }
    out
}

/// `outer`: 0 at the top, 1 inside an or, 2 inside an and or a not; a
/// looser expression inside a tighter one gets parentheses.
fn expr(e: &Expr, outer: u8) -> String {
    let wrap = |text: String, own: u8| {
        if own < outer {
            format!("({text})")
        } else {
            text
        }
    };
    match e {
        Expr::Or(any) => wrap(
            any.iter()
                .map(|a| expr(a, 1))
                .collect::<Vec<_>>()
                .join(" or "),
            1,
        ),
        Expr::And(all) => wrap(
            all.iter()
                .map(|a| expr(a, 2))
                .collect::<Vec<_>>()
                .join(" and "),
            2,
        ),
        Expr::Not(inner) => format!("not {}", expr(inner, 3)),
        Expr::Flag(flag) => flag_name(*flag).to_owned(),
        Expr::Contains(words) => format!("text contains \"{words}\""),
        Expr::Signal { name, op, milli } => {
            format!("signal({name}) {} {}", op_text(*op), decimal(*milli))
        }
        Expr::Compare(c) => {
            let value = match &c.value {
                Value::Number(n) => n.to_string(),
                Value::Duration(d) => duration(*d),
                Value::Severity(s) => s.code().to_owned(),
                Value::Word(w)
                    if w.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)) =>
                {
                    w.clone()
                }
                Value::Word(w) => format!("\"{w}\""),
            };
            format!("{} {} {value}", fact_name(c.fact), op_text(c.op))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::EXAMPLES;
    use super::*;

    #[test]
    fn the_examples_parse_and_round_trip() {
        for (name, source) in EXAMPLES {
            let rule = rule(source).unwrap_or_else(|e| panic!("{name}: {e}"));
            let again = super::rule(&print(&rule)).unwrap();
            assert_eq!(again, rule, "{name}");
        }
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_survive_printing() {
        let r = rule("when open and (breached or warned) or reopen_count >= 2\nthen flag_at_risk")
            .unwrap();
        assert_eq!(
            print(&r),
            "when open and (breached or warned) or reopen_count >= 2\nthen flag_at_risk\n"
        );
        let r = rule("when not (open or breached)\nthen alert manager").unwrap();
        assert_eq!(rule(&print(&r)).unwrap(), r);
    }

    #[test]
    fn signals_compare_in_thousandths_and_print_back_as_written() {
        let r =
            rule("when signal(error_rate) >= 0.05 and not signal(downtime) > 2\nthen alert ops")
                .unwrap();
        assert_eq!(
            print(&r),
            "when signal(error_rate) >= 0.05 and not signal(downtime) > 2\nthen alert ops\n"
        );
        let e = rule("when signal(error_rate) >= high\nthen alert ops").unwrap_err();
        assert!(e.message.contains("0.05"), "{e}");
        let e = rule("when signal >= 1\nthen alert ops").unwrap_err();
        assert!(e.message.contains("signal(error_rate)"), "{e}");
    }

    #[test]
    fn health_score_reads_the_account_s_health_score_signal() {
        let r = rule("when health_score < 50\nthen engage_sponsor").unwrap();
        assert_eq!(print(&r), "when health_score < 50\nthen engage_sponsor\n");
        let h =
            crate::domain::rule::facts::tests::history("ESC-AAAAAA", "kim@bigco.example", vec![]);
        let mut facts =
            crate::domain::rule::Facts::at(&h, crate::domain::rule::facts::tests::base(), false, 1);
        assert!(!r.condition.eval(&facts), "no score, no firing");
        facts.signals.insert("health_score".into(), 62.0);
        assert!(!r.condition.eval(&facts));
        facts.signals.insert("health_score".into(), 41.6);
        assert!(r.condition.eval(&facts));
        let e = rule("when health_score < low\nthen engage_sponsor").unwrap_err();
        assert!(e.message.contains("whole number"), "{e}");
    }

    #[test]
    fn a_condition_may_go_on_over_lines_and_comments_are_ignored() {
        let r =
            rule("# note\nwhen open\n  and severity >= S2 # serious\nthen flag_at_risk\n").unwrap();
        assert!(matches!(r.condition, Expr::And(ref all) if all.len() == 2));
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            ("then flag_at_risk", 1, "condition"),
            ("when open", 1, "action"),
            ("when open\nthen fly", 2, "not an action"),
            ("when\nthen flag_at_risk", 1, "say what must hold"),
            ("when open and\nthen flag_at_risk", 1, "ends too soon"),
            (
                "when severity >= S9\nthen flag_at_risk",
                1,
                "S1, S2, S3 or S4",
            ),
            ("when age > 3\nthen flag_at_risk", 1, "duration"),
            ("when\n  mood > 3\nthen flag_at_risk", 2, "not a fact"),
            ("when customer_messages > 3\nthen flag_at_risk", 1, "window"),
            ("when (open\nthen flag_at_risk", 1, ")"),
            ("when open open\nthen flag_at_risk", 1, "unexpected"),
            ("when text contains refund\nthen flag_at_risk", 1, "quotes"),
            ("when open\nthen alert", 2, "alert <role>"),
            ("when open\nthen flag_at_risk now", 2, "nothing after"),
            (
                "when open\nwhen breached\nthen flag_at_risk",
                2,
                "one condition",
            ),
            ("when age > 400d\nthen flag_at_risk", 1, "at most a year"),
        ];
        for (source, line, words) in cases {
            let e = rule(source).unwrap_err();
            assert_eq!(e.line, line, "{source}: {e}");
            assert!(e.message.contains(words), "{source}: {e}");
        }
    }
}

#[cfg(test)]
mod round_trip {
    use super::super::{Action, Compare, Expr, Fact, Flag, Op, Rule, Value};
    use super::{print, rule};
    use crate::domain::Severity;
    use jiff::SignedDuration;
    use proptest::prelude::*;

    fn leaf() -> impl Strategy<Value = Expr> {
        let minutes = prop_oneof![
            1i64..120,
            (1i64..48).prop_map(|h| h * 60),
            (1i64..30).prop_map(|d| d * 1440)
        ];
        let op = prop_oneof![
            Just(Op::Lt),
            Just(Op::Le),
            Just(Op::Gt),
            Just(Op::Ge),
            Just(Op::Eq),
            Just(Op::Ne)
        ];
        prop_oneof![
            prop_oneof![
                Just(Flag::KeyAccount),
                Just(Flag::Breached),
                Just(Flag::Warned),
                Just(Flag::WaitingOnCustomer),
                Just(Flag::Open)
            ]
            .prop_map(Expr::Flag),
            "[a-z]{1,8}( [a-z]{1,8})?".prop_map(Expr::Contains),
            (op.clone(), 0usize..4).prop_map(|(op, s)| Expr::Compare(Compare {
                fact: Fact::Severity,
                op,
                value: Value::Severity(Severity::ALL[s]),
            })),
            (op.clone(), minutes.clone()).prop_map(|(op, m)| Expr::Compare(Compare {
                fact: Fact::Age,
                op,
                value: Value::Duration(SignedDuration::from_mins(m)),
            })),
            (op.clone(), minutes, 0i64..50).prop_map(|(op, m, n)| Expr::Compare(Compare {
                fact: Fact::CustomerMessages(SignedDuration::from_mins(m)),
                op,
                value: Value::Number(n),
            })),
            (op.clone(), 0i64..101).prop_map(|(op, n)| Expr::Compare(Compare {
                fact: Fact::HealthScore,
                op,
                value: Value::Number(n),
            })),
            (op.clone(), "[a-z][a-z0-9_]{0,10}", 0i64..5000)
                .prop_map(|(op, name, milli)| Expr::Signal { name, op, milli }),
            (op, "[a-z][a-z0-9_]{0,10}").prop_map(|(op, w)| Expr::Compare(Compare {
                fact: Fact::Type,
                op,
                value: Value::Word(w),
            })),
        ]
    }

    /// Keywords are not names, and nested and/or are flattened by parsing.
    fn tidy(e: Expr) -> Expr {
        match e {
            Expr::And(all) => Expr::And(
                all.into_iter()
                    .map(tidy)
                    .flat_map(|e| match e {
                        Expr::And(inner) => inner,
                        other => vec![other],
                    })
                    .collect(),
            ),
            Expr::Or(any) => Expr::Or(
                any.into_iter()
                    .map(tidy)
                    .flat_map(|e| match e {
                        Expr::Or(inner) => inner,
                        other => vec![other],
                    })
                    .collect(),
            ),
            Expr::Not(inner) => Expr::Not(Box::new(tidy(*inner))),
            other => other,
        }
    }

    fn expr() -> impl Strategy<Value = Expr> {
        leaf().prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
                prop::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
                inner.prop_map(|e| Expr::Not(Box::new(e))),
            ]
        })
    }

    const KEYWORDS: [&str; 4] = ["and", "or", "not", "contains"];

    fn mentions_keyword(e: &Expr) -> bool {
        match e {
            Expr::And(all) | Expr::Or(all) => all.iter().any(mentions_keyword),
            Expr::Not(inner) => mentions_keyword(inner),
            Expr::Compare(Compare {
                value: Value::Word(w),
                ..
            }) => KEYWORDS.contains(&w.as_str()),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn printing_then_parsing_gives_the_same_rule(condition in expr()) {
            prop_assume!(!mentions_keyword(&condition));
            let written = Rule { condition: tidy(condition), actions: vec![Action::FlagAtRisk, Action::Alert("manager".into())] };
            let read = rule(&print(&written)).unwrap();
            prop_assert_eq!(read, written);
        }
    }
}
