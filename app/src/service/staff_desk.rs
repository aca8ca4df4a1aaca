//! The support team's side: sign in, see the queue, update and solve cases.

use super::escalations::apply;
use super::{Portal, authority, present, raci, secrets, staff_actions};
use crate::domain::StaffMember;
use crate::domain::ladder::TierLadder;
use crate::domain::{Actor, Case, CaseReference, Event, FieldError, FieldErrors, Severity, Stage};
use crate::error::AppError;
pub use crate::store::cases::SlaFilter;
use crate::store::cases::{Oversight, Owner, QueueFilter};
use crate::store::{StoreError, cases, events, sessions, staff, subscribers};
use crate::views::{
    ManagementMoveRequest, QueueItem, QueueQuery, StaffCase, StaffIdentity, TierMoveRequest,
};
use jiff::{SignedDuration, Timestamp};

/// A session ends after this long, however active.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(12);
/// A session ends after this long without use.
pub const SESSION_IDLE: SignedDuration = SignedDuration::from_hours(2);
/// A session's use is recorded only once the recorded use is older than
/// this, so page views do not all write. The recorded use lags by at most
/// this much: an idle session may end that much before `SESSION_IDLE`
/// after its last use, never after.
pub const SESSION_SEEN_EVERY: SignedDuration = SignedDuration::from_mins(1);

impl From<&StaffMember> for StaffIdentity {
    fn from(member: &StaffMember) -> Self {
        Self {
            name: member.name.clone(),
            email: member.email.clone(),
            role: member.role.code().to_owned(),
        }
    }
}

/// Checks the password and opens a session; returns the cookie value. A
/// disabled member is refused like a wrong password.
pub async fn sign_in(
    portal: &Portal,
    email: &str,
    password: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let refused = || {
        AppError::Invalid(FieldErrors(vec![FieldError::new(
            "password",
            "That email and password don't match an account.",
        )]))
    };
    let found = {
        let mut conn = portal.store.read().await?;
        staff::find_with_password(&mut conn, email).await
    };
    let (member, hash) = match found {
        Ok(found) => found,
        Err(StoreError::NotFound) => {
            secrets::nobody_matches(password.to_owned()).await;
            return Err(refused());
        }
        Err(other) => return Err(other.into()),
    };
    if !secrets::password_matches(password.to_owned(), hash).await {
        return Err(refused());
    }
    let token = secrets::new_token();
    let expires_at = now
        .checked_add(SESSION_LIFETIME)
        .map_err(|_| AppError::Unexpected)?;
    let mut tx = portal.store.begin().await?;
    // Checked after the password and with the member's row held, so a
    // disabled member is told exactly what a wrong password is told, and a
    // disabling running now cannot miss this session.
    if staff::lock(&mut tx, member.staff_id).await?.is_some() {
        return Err(refused());
    }
    sessions::insert(
        &mut tx,
        &secrets::hash_token(&token),
        member.staff_id,
        now,
        expires_at,
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(staff = %member.email, "staff signed in");
    Ok(token)
}

pub async fn sign_out(portal: &Portal, token: &str) -> Result<(), AppError> {
    let mut tx = portal.store.begin().await?;
    sessions::delete(&mut tx, &secrets::hash_token(token)).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// A parsed queue query: the case filter and the SLA filter, both applied
/// in the database query before its limit.
#[derive(Clone, Debug, Default)]
pub struct QueueSelection {
    pub filter: QueueFilter,
    pub sla: Option<SlaFilter>,
}

/// Parses a queue query as typed for the member `viewer` (whom `owner=me`
/// means); blank means any, every problem at once.
pub fn parse_queue_filter(
    query: &QueueQuery,
    ladder: &TierLadder,
    viewer: i64,
) -> Result<QueueSelection, FieldErrors> {
    fn field<T>(
        errors: &mut FieldErrors,
        raw: Option<&str>,
        parse: impl Fn(&str) -> Option<T>,
        name: &str,
        message: &str,
    ) -> Option<T> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        errors.check(parse(raw).ok_or_else(|| FieldError::new(name, message)))
    }
    let mut errors = FieldErrors::default();
    let text = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned);
    if text.as_ref().is_some_and(|q| q.chars().count() > 200) {
        errors
            .0
            .push(FieldError::new("q", "Search for at most 200 characters."));
    }
    let filter = QueueFilter {
        tier: field(
            &mut errors,
            query.tier.as_deref(),
            |raw| ladder.parse(raw),
            "tier",
            &format!("Use {}.", ladder.codes_hint()),
        ),
        stage: field(
            &mut errors,
            query.stage.as_deref(),
            Stage::parse,
            "stage",
            "Use a stage code such as received or in_progress.",
        ),
        severity: field(
            &mut errors,
            query.severity.as_deref(),
            Severity::parse,
            "severity",
            "Use S1, S2, S3 or S4.",
        ),
        escalation_type: field(
            &mut errors,
            query.escalation_type.as_deref(),
            |raw| {
                let code = raw.to_ascii_lowercase();
                (code.len() <= 30 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                    .then_some(code)
            },
            "escalation_type",
            "Use an escalation type code such as technical or billing.",
        ),
        account: field(
            &mut errors,
            query.account.as_deref(),
            |raw| {
                let domain = raw.trim_start_matches('@').to_ascii_lowercase();
                (domain.len() <= 253
                    && domain.contains('.')
                    && !domain.contains(|c: char| c.is_whitespace() || c == '@'))
                .then_some(domain)
            },
            "account",
            "Use the customer's email domain, such as example.com.",
        ),
        team: field(
            &mut errors,
            query.team.as_deref(),
            |raw| (raw.chars().count() <= 60).then(|| raw.to_owned()),
            "team",
            "A team name is at most 60 characters.",
        ),
        text,
        oversight: field(
            &mut errors,
            query.oversight.as_deref(),
            Oversight::parse,
            "oversight",
            "Use major_incident, manager or executive.",
        ),
        owner: field(
            &mut errors,
            query.owner.as_deref(),
            |raw| match raw {
                "me" => Some(Owner::Staff(viewer)),
                "nobody" => Some(Owner::Nobody),
                _ => None,
            },
            "owner",
            "Use me or nobody.",
        ),
    };
    let sla = field(
        &mut errors,
        query.sla.as_deref(),
        |raw| match raw {
            "at_risk" => Some(SlaFilter::AtRisk),
            "breached" => Some(SlaFilter::Breached),
            _ => None,
        },
        "sla",
        "Use at_risk or breached.",
    );
    if errors.is_empty() {
        Ok(QueueSelection { filter, sla })
    } else {
        Err(errors)
    }
}

/// Cases that pass the selection, soonest due first.
pub async fn queue_filtered(
    portal: &Portal,
    selection: &QueueSelection,
    now: Timestamp,
) -> Result<Vec<QueueItem>, AppError> {
    let mut conn = portal.store.read().await?;
    let found = cases::list_filtered(&mut conn, &selection.filter, selection.sla, 200).await?;
    Ok(found
        .iter()
        .map(|s| present::queue_item(&s.case, &*portal.calendar(), &portal.zone, now))
        .collect())
}

/// A case and every event in its history, public and internal.
pub async fn case_record(portal: &Portal, reference: &str) -> Result<(Case, Vec<Event>), AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = cases::find_by_reference(&mut conn, &reference).await?;
    let history = events::for_case(&mut conn, stored.id).await?;
    Ok((stored.case, history))
}

pub async fn case_detail(portal: &Portal, reference: &str) -> Result<StaffCase, AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut conn = portal.store.read().await?;
    let stored = cases::find_by_reference(&mut conn, &reference).await?;
    let history = events::for_case(&mut conn, stored.id).await?;
    let matrix = raci::matrix(&mut conn).await?;
    let invited = subscribers::invited(&mut conn, stored.id).await?;
    drop(conn);
    // Staff see the customer's next step as the customer reads it.
    let next_step = super::templates::next_step(portal, &stored.case, super::now()).await;
    let mut view = present::staff_case(
        &stored.case,
        &history,
        next_step,
        &*portal.calendar(),
        &portal.zone,
        &portal.rules().tiers,
    );
    view.raci = Some(raci::view(&matrix, &stored.case));
    view.invited = invited.into_iter().map(|s| s.email).collect();
    view.version = stored.version;
    let now_ms = super::now().as_millisecond();
    for clock in &mut view.clocks {
        clock.left = clock
            .due_at_ms
            .map(|due| crate::domain::countdown::staff_left((due - now_ms) / 1000));
    }
    Ok(view)
}

/// Staff agree to (or decline) someone copied in following the case, as the
/// customer can on their page.
pub async fn answer_invitation(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    email: &str,
    agree: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let mut tx = portal.store.begin().await?;
    let stored = cases::find_by_reference(&mut tx, &reference).await?;
    if !subscribers::answer_invitation(&mut tx, stored.id, email, agree, now).await? {
        return Err(AppError::Conflict(
            "That person is not waiting for an answer on this case.".to_owned(),
        ));
    }
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(%reference, staff_id = member.staff_id, agree, "invitation answered by staff");
    portal.committed(reference.as_str());
    Ok(())
}

/// What the console offers to choose from.
pub struct Choices {
    /// Escalation types (code, label) a case can be given.
    pub types: Vec<(String, String)>,
    /// The teams staff work in.
    pub teams: Vec<String>,
    /// The ladder's tier codes, front line first.
    pub tiers: Vec<String>,
}

pub async fn choices(portal: &Portal) -> Result<Choices, AppError> {
    let mut conn = portal.store.read().await?;
    let matrix = raci::matrix(&mut conn).await?;
    let types = matrix
        .types()
        .iter()
        .map(|t| (t.code.clone(), t.label.clone()))
        .collect();
    Ok(Choices {
        types,
        teams: staff::teams(&mut conn).await?,
        tiers: portal.rules().tiers.codes(),
    })
}

/// What staff can do to a case, from the console or the staff API, as typed.
pub enum StaffAction {
    PostUpdate {
        body: String,
        waits_for_customer: bool,
    },
    MarkSolved {
        summary: String,
    },
    Escalate(TierMoveRequest),
    Deescalate(TierMoveRequest),
    AddInternalNote {
        body: String,
    },
    /// Give the case to the member of staff with this email.
    Assign {
        email: String,
    },
    /// Re-rate the case: S1..S4.
    ChangeSeverity {
        severity: String,
    },
    /// Set the escalation type, by code.
    ChangeType {
        escalation_type: String,
    },
    /// The management path: bring in a level, or step it back.
    EscalateManagement(ManagementMoveRequest),
    DeescalateManagement(ManagementMoveRequest),
    /// A goodwill credit: a whole amount, and why.
    GrantCredit {
        amount: String,
        reason: String,
    },
    DeclareMajorIncident {
        summary: String,
    },
}

pub async fn act(
    portal: &Portal,
    member: &StaffMember,
    reference: &str,
    action: StaffAction,
    now: Timestamp,
) -> Result<(), AppError> {
    let reference = CaseReference::parse(reference).ok_or(AppError::NotFound)?;
    let command = staff_actions::command(portal, action).await?;
    {
        let mut conn = portal.store.read().await?;
        let stored = cases::find_by_reference(&mut conn, &reference).await?;
        authority::check(
            &mut conn,
            member,
            &command,
            stored.case.severity,
            stored.case.tier,
        )
        .await?;
    }
    let actor = Actor::Staff {
        id: member.staff_id,
        name: member.name.clone(),
    };
    apply(portal, &reference, &actor, command, now).await
}
