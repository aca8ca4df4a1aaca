//! Demo data for an empty database, so a newcomer sees a living portal.

use super::escalations::{apply, raise};
use super::{Portal, secrets};
use crate::domain::customer::{Comment, Rating, ReopenReason, UpdateBody};
use crate::domain::{Actor, CaseReference, Channel, Command};
use crate::error::AppError;
use crate::store::{StoreError, cases, staff};
use crate::views::{RaiseRequest, RaisedCase};
use jiff::{SignedDuration, Timestamp};

/// The demo accounts' shared password: demo data is for trying Baton out,
/// and start-up prints it. Set `BATON_DEMO=0` for a real installation.
pub const DEMO_PASSWORD: &str = "baton-demo";

/// (email, name, role)
pub const DEMO_STAFF: [(&str, &str, &str); 5] = [
    ("agent@baton.example", "Ada Lovelace", "agent"),
    ("specialist@baton.example", "Alan Turing", "specialist"),
    ("manager@baton.example", "Grace Hopper", "manager"),
    ("ops@baton.example", "Katherine Johnson", "ops"),
    ("admin@baton.example", "Mary Jackson", "admin"),
];

/// The tier and team of each demo role that works cases, so the RACI
/// matrix has someone to give an escalated case to.
fn demo_place(role: &str) -> Option<(&'static str, &'static str)> {
    match role {
        "agent" => Some(("L1", "Front desk")),
        "specialist" => Some(("L2", "Platform")),
        "manager" => Some(("L3", "Platform")),
        _ => None,
    }
}

/// Demo accounts in the database that still sign in with `DEMO_PASSWORD`
/// (enabled, with the password unchanged):
/// the known password a server must never expose to the internet.
pub async fn accounts_with_demo_password(portal: &Portal) -> Result<Vec<String>, AppError> {
    let mut open = Vec::new();
    for (email, ..) in DEMO_STAFF {
        let found = {
            let mut conn = portal.store.read().await?;
            match staff::find_with_password(&mut conn, email).await {
                // A disabled account cannot sign in, whatever its password.
                Ok((member, hash)) => {
                    (!staff::is_disabled(&mut conn, member.staff_id).await?).then_some(hash)
                }
                Err(StoreError::NotFound) => None,
                Err(other) => return Err(other.into()),
            }
        };
        let Some(hash) = found else {
            continue;
        };
        if secrets::password_matches(DEMO_PASSWORD.to_owned(), hash).await {
            open.push(email.to_owned());
        }
    }
    Ok(open)
}

/// Whether any demo account exists at all (cheap: no password check).
pub async fn has_demo_accounts(portal: &Portal) -> Result<bool, AppError> {
    let mut conn = portal.store.read().await?;
    for (email, ..) in DEMO_STAFF {
        match staff::find_by_email(&mut conn, email).await {
            Ok(_) => return Ok(true),
            Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
    }
    Ok(false)
}

/// A demo case and its private link.
pub struct DemoCase {
    pub subject: String,
    pub stage: String,
    pub status_path: String,
}

/// Seeds demo staff and cases when the database holds neither; returns the cases made.
pub async fn seed_if_empty(
    portal: &Portal,
    now: Timestamp,
) -> Result<Option<Vec<DemoCase>>, AppError> {
    {
        let mut conn = portal.store.read().await?;
        if staff::count(&mut conn).await? > 0 || cases::count(&mut conn).await? > 0 {
            return Ok(None);
        }
    }
    let hash = secrets::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "hashing the demo password failed");
            AppError::Unexpected
        })?;
    let mut tx = portal.store.begin().await?;
    let mut agent_id = 0;
    for (email, name, role) in DEMO_STAFF {
        let id = staff::insert(&mut tx, email, name, role, &hash, now).await?;
        if let Some((tier, team)) = demo_place(role) {
            staff::set_tier(&mut tx, id, Some(tier)).await?;
            staff::set_team(&mut tx, id, Some(team)).await?;
        }
        if role == "agent" {
            agent_id = id;
        }
    }
    tx.commit().await.map_err(StoreError::from)?;
    let agent = Actor::Staff {
        id: agent_id,
        name: DEMO_STAFF[0].1.to_owned(),
    };

    let mut made = Vec::new();
    for script in scripts() {
        let raised = raise_demo(portal, &script, now).await?;
        let reference = CaseReference::parse(&raised.reference).ok_or(AppError::Unexpected)?;
        for (minutes_ago, step) in script.steps {
            let at = ago(now, minutes_ago);
            let actor = if step.by_customer() {
                Actor::Customer
            } else {
                agent.clone()
            };
            apply(portal, &reference, &actor, step.command()?, at).await?;
        }
        let stored = cases::find_by_reference(&mut *portal.store.read().await?, &reference).await?;
        made.push(DemoCase {
            subject: script.subject.to_owned(),
            stage: stored.case.stage.code().to_owned(),
            status_path: raised.status_path,
        });
    }
    Ok(Some(made))
}

fn ago(now: Timestamp, minutes: i64) -> Timestamp {
    now.checked_sub(SignedDuration::from_mins(minutes))
        .unwrap_or(now)
}

struct Script {
    name: &'static str,
    email: &'static str,
    subject: &'static str,
    description: &'static str,
    severity: &'static str,
    raised_minutes_ago: i64,
    steps: Vec<(i64, Step)>,
}

enum Step {
    Update(&'static str),
    Ask(&'static str),
    Solve(&'static str),
    Confirm(i64, &'static str),
    Reopen(&'static str),
}

impl Step {
    fn by_customer(&self) -> bool {
        matches!(self, Step::Confirm(..) | Step::Reopen(_))
    }

    fn command(&self) -> Result<Command, AppError> {
        let text = |t: &str| UpdateBody::parse(t).map_err(|_| AppError::Unexpected);
        Ok(match self {
            Step::Update(t) => Command::PostUpdate {
                body: text(t)?,
                waits_for_customer: false,
            },
            Step::Ask(t) => Command::PostUpdate {
                body: text(t)?,
                waits_for_customer: true,
            },
            Step::Solve(t) => Command::MarkSolved { summary: text(t)? },
            Step::Confirm(r, c) => Command::Confirm {
                rating: Rating::new(*r).ok(),
                comment: Comment::parse_optional(c).map_err(|_| AppError::Unexpected)?,
            },
            Step::Reopen(t) => Command::Reopen {
                reason: ReopenReason::parse(t).map_err(|_| AppError::Unexpected)?,
            },
        })
    }
}

async fn raise_demo(
    portal: &Portal,
    script: &Script,
    now: Timestamp,
) -> Result<RaisedCase, AppError> {
    let request = RaiseRequest {
        name: script.name.to_owned(),
        email: script.email.to_owned(),
        subject: script.subject.to_owned(),
        description: script.description.to_owned(),
        severity: Some(script.severity.to_owned()),
    };
    let new = super::escalations::parse_raise(portal, &request, Channel::Web, now)
        .await
        .map_err(AppError::Invalid)?;
    raise(portal, new, ago(now, script.raised_minutes_ago)).await
}

fn scripts() -> Vec<Script> {
    vec![
        Script {
            name: "Priya Raman",
            email: "priya@example.com",
            subject: "Payments fail at checkout",
            description: "Since 9:40 every card payment in our shop is declined with error 502.",
            severity: "S1",
            raised_minutes_ago: 25,
            steps: vec![],
        },
        Script {
            name: "Tom Becker",
            email: "tom@example.com",
            subject: "The reports page takes a minute to load",
            description: "Monthly reports used to open at once. Now they take about a minute.",
            severity: "S3",
            raised_minutes_ago: 180,
            steps: vec![(
                60,
                Step::Update("We can see the slow query. We're testing a fix now."),
            )],
        },
        Script {
            name: "Lena Fischer",
            email: "lena@example.com",
            subject: "Invoices won't export as PDF",
            description: "The export button spins and nothing downloads.",
            severity: "S3",
            raised_minutes_ago: 1440,
            steps: vec![(
                120,
                Step::Ask("Which browser do you use? A screenshot would help us too."),
            )],
        },
        Script {
            name: "Sam Okafor",
            email: "sam@example.com",
            subject: "Password reset emails arrive late",
            description: "Reset emails take up to an hour to arrive.",
            severity: "S2",
            raised_minutes_ago: 2880,
            steps: vec![
                (
                    2000,
                    Step::Update("We found a delay in our mail queue and are clearing it."),
                ),
                (
                    30,
                    Step::Solve(
                        "We moved reset emails to a faster mail route. They now arrive within a minute.",
                    ),
                ),
            ],
        },
        Script {
            name: "Mia Costa",
            email: "mia@example.com",
            subject: "How do I add a second admin?",
            description: "We want two people to manage our account.",
            severity: "S4",
            raised_minutes_ago: 7200,
            steps: vec![
                (
                    6000,
                    Step::Solve(
                        "Open Settings, then Team, then Invite, and choose the Admin role.",
                    ),
                ),
                (5900, Step::Confirm(5, "Clear and quick, thank you!")),
            ],
        },
        Script {
            name: "Noah Kim",
            email: "noah@example.com",
            subject: "Calendar sync stops after an hour",
            description: "Our shared calendar stops syncing after about an hour.",
            severity: "S2",
            raised_minutes_ago: 4320,
            steps: vec![
                (
                    1440,
                    Step::Solve("We renewed your sync token. Sync should keep running now."),
                ),
                (20, Step::Reopen("It stopped again this morning at 8:15.")),
            ],
        },
    ]
}
