//! Builds the application: database, demo data, router and layers.

use crate::assets::Assets;
use crate::channels::smtp::{self, SmtpSettings};
use crate::channels::{admin_api, api, chat, live, ops_sla, ops_web, staff_api, web};
use crate::config::Config;
use crate::jobs;
use crate::limits::Limits;
use crate::security;
use app::assets::AssetUrls;
use app::domain::BusinessCalendar;
use app::service::case_access::LinkPolicy;
use app::service::inbound_mail::MailTrust;
use app::service::notify::NotifySettings;
use app::service::sla_settings;
use app::service::{Portal, demo};
use app::store::Store;
use app::{App, shell};
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::{Router, middleware};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// How long stopping waits for a background pass under way.
const DRAIN: Duration = Duration::from_secs(30);

/// Requests larger than this are refused with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Everything a request handler may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// Where pages find the script, wasm and stylesheet.
    pub assets: AssetUrls,
    pub portal: Portal,
    /// The address customers use, for links in API answers.
    pub public_url: String,
    /// Rate limits and who the client is.
    pub limits: Arc<Limits>,
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    url: String,
    portal: Portal,
    sweep_every: Duration,
    outbox: jobs::outbox_sender::Sender,
    /// The email intake listener, unless BATON_SMTP_ADDR is off.
    smtp: Option<(TcpListener, SmtpSettings)>,
    limits: Arc<Limits>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database: {}", .0.detail())]
    Database(#[from] app::store::StoreError),
    #[error("cannot listen: {0}")]
    Listen(#[from] std::io::Error),
    #[error("cannot listen for email on {addr}: {source}")]
    ListenSmtp {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Calendar(String),
    #[error("cannot seed demo data: {0}")]
    Demo(app::error::AppError),
    #[error(
        "refusing to listen on {addr}: the demo accounts ({accounts}) still sign in with the \
         published demo password. Change their passwords or remove them, or set BATON_DEMO=1 \
         to serve demo data on purpose"
    )]
    DemoExposed {
        addr: std::net::SocketAddr,
        accounts: String,
    },
}

impl Application {
    pub async fn build(config: Config) -> Result<Application, StartError> {
        let store = Store::connect(&config.database_url).await?;
        let mut portal = Portal::new(store, jiff::tz::TimeZone::UTC);
        portal.links = LinkPolicy {
            after_close: jiff::SignedDuration::from_hours(
                24 * i64::from(config.security.link_days_after_close),
            ),
        };
        portal.mail_trust = MailTrust {
            relays: config.security.mail_auth_relays.clone(),
        };
        let limits = Arc::new(Limits::new(
            config.security.rate_limits,
            config.security.trusted_proxies.clone(),
        ));
        let calendar = load_sla_settings(&portal, config.calendar.as_deref()).await?;
        portal.zone = config
            .zone
            .clone()
            .unwrap_or_else(|| calendar.time_zone().clone());
        let listener = TcpListener::bind(config.addr).await?;
        let local = listener.local_addr()?;
        let smtp = match config.smtp_addr {
            Some(addr) => {
                let smtp = TcpListener::bind(addr)
                    .await
                    .map_err(|source| StartError::ListenSmtp { addr, source })?;
                Some((smtp, SmtpSettings::new(config.mail_domains.clone())))
            }
            None => None,
        };
        let url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}"));
        if config.demo {
            announce_demo(&portal, &url).await?;
        }
        guard_demo_accounts(&portal, config.addr, config.demo).await?;
        // After the demo data: its made-up customers get no email.
        portal.notify = notify_settings(&config.outbound, &url);
        let leptos_options = LeptosOptions::builder()
            .output_name("baton")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(local)
            .build();
        let assets = load_assets(&config.site_root).await;
        let state = AppState {
            leptos_options,
            assets: assets.urls().clone(),
            portal: portal.clone(),
            public_url: url.clone(),
            limits: limits.clone(),
        };
        Ok(Application {
            listener,
            router: router(
                state,
                &assets,
                security::FramePolicy::new(&config.chat_origins, url.starts_with("https://")),
            ),
            url,
            portal,
            sweep_every: config.sla_sweep_every,
            outbox: jobs::outbox_sender::Sender::new(&config.outbound),
            smtp,
            limits,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Where the email intake listens, when it is on.
    pub fn smtp_addr(&self) -> Option<std::net::SocketAddr> {
        self.smtp
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    pub fn smtp_port(&self) -> Option<u16> {
        self.smtp_addr().map(|a| a.port())
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn portal(&self) -> &Portal {
        &self.portal
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let sweeper = tokio::spawn(jobs::sla_sweeper::run(
            self.portal.clone(),
            self.sweep_every,
        ));
        let outbox = tokio::spawn(self.outbox.run(self.portal.clone()));
        let cluster = tokio::spawn(jobs::cluster::run(self.portal.clone()));
        let rules = tokio::spawn(jobs::rule_watch::run(self.portal.clone(), self.sweep_every));
        let smtp = self.smtp.map(|(listener, settings)| {
            tokio::spawn(smtp::serve(
                listener,
                self.portal.clone(),
                settings,
                self.limits.clone(),
            ))
        });
        // Without TCP_NODELAY keep-alive responses stall ~40 ms on delayed ACKs.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "cannot set TCP_NODELAY");
            }
        });
        // Open live streams never end by themselves; graceful shutdown waits
        // for every connection, so they are told to end first.
        let live = self.portal.live.clone();
        let stopping = async move {
            shutdown_signal().await;
            live.close();
        };
        let app = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(stopping)
            .await;
        // The sweeper and the sender finish the pass under way, then stop.
        for (job, name) in [(sweeper, "SLA sweeper"), (outbox, "outbox sender")] {
            let abort = job.abort_handle();
            if tokio::time::timeout(DRAIN, job).await.is_err() {
                tracing::warn!(job = name, "did not finish its pass in time; stopped");
                abort.abort();
            }
        }
        cluster.abort();
        rules.abort();
        if let Some(smtp) = smtp {
            smtp.abort();
        }
        served
    }
}

/// Puts the SLA calendar and policies in force. Ops keep them in the
/// database; an empty database starts from BATON_CALENDAR (checked, with the
/// line of any mistake) or a calendar open around the clock, and the default
/// policies.
async fn load_sla_settings(
    portal: &Portal,
    file: Option<&std::path::Path>,
) -> Result<BusinessCalendar, StartError> {
    let initial = match file {
        Some(path) => {
            let source = std::fs::read_to_string(path).map_err(|e| {
                StartError::Calendar(format!(
                    "cannot read BATON_CALENDAR {}: {e}",
                    path.display()
                ))
            })?;
            sla_settings::parse_calendar(&source).map_err(|e| {
                let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                StartError::Calendar(format!("{}{line}: {}", path.display(), e.message))
            })?;
            Some(source)
        }
        None => None,
    };
    sla_settings::load(portal, initial, app::service::now())
        .await
        .map_err(StartError::Calendar)
}

fn notify_settings(outbound: &crate::config::Outbound, url: &str) -> NotifySettings {
    NotifySettings {
        public_url: url.trim_end_matches('/').to_owned(),
        email: outbound.smtp_relay.is_some(),
        webhooks: outbound.webhook_urls.clone(),
        slack: outbound.slack_urls.clone(),
        account_webhooks: outbound.account_webhooks.clone(),
        wake: Default::default(),
    }
}

async fn announce_demo(portal: &Portal, url: &str) -> Result<(), StartError> {
    let now = app::service::now();
    if let Some(cases) = demo::seed_if_empty(portal, now)
        .await
        .map_err(StartError::Demo)?
    {
        println!("Demo data added to the empty database. Customer status pages:");
        for case in cases {
            println!(
                "  {:<15} {url}{}  ({})",
                case.stage, case.status_path, case.subject
            );
        }
    }
    let (email, ..) = demo::DEMO_STAFF[0];
    println!(
        "Demo staff sign-in at {url}/staff/sign-in: {email} / {} (also specialist@, manager@, ops@ and admin@baton.example; demo data is on because BATON_DEMO=1; never expose it)",
        demo::DEMO_PASSWORD
    );
    Ok(())
}

/// Demo staff sign in with a published password: fine on loopback, never
/// on an address others reach, unless the operator asked for demo data.
async fn guard_demo_accounts(
    portal: &Portal,
    addr: std::net::SocketAddr,
    demo_wanted: bool,
) -> Result<(), StartError> {
    if addr.ip().is_loopback() {
        if demo::has_demo_accounts(portal)
            .await
            .map_err(StartError::Demo)?
        {
            tracing::warn!(
                "this database holds the demo staff accounts, whose password is published; \
                 do not copy it to a server others can reach"
            );
        }
        return Ok(());
    }
    let open = demo::accounts_with_demo_password(portal)
        .await
        .map_err(StartError::Demo)?;
    if open.is_empty() {
        return Ok(());
    }
    if !demo_wanted {
        return Err(StartError::DemoExposed {
            addr,
            accounts: open.join(", "),
        });
    }
    tracing::warn!(
        %addr,
        accounts = %open.join(", "),
        "BATON_DEMO=1 on an address others can reach: anyone can sign in with the demo password"
    );
    Ok(())
}

/// The browser's files from the site folder, read and compressed off the runtime.
async fn load_assets(site_root: &str) -> Assets {
    let root = std::path::PathBuf::from(site_root);
    tokio::task::spawn_blocking(move || Assets::load(&root))
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "reading the site's files failed; pages load without them");
            Assets::default()
        })
}

/// The app's routes, found once per process. Finding them runs the app with
/// resource loading switched off for the whole process (a flag in
/// leptos_server 0.8), so a page whose data was first asked for meanwhile,
/// by another server in the same process (the API tests run many), waited
/// forever and was answered by the timeout. Once, the first server finds
/// them before it serves anything, and the others wait for the list.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

fn router(state: AppState, assets: &Assets, frames: security::FramePolicy) -> Router {
    let routes = ROUTES.clone();
    let portal = state.portal.clone();
    let options = state.leptos_options.clone();
    let urls = state.assets.clone();
    let fallback_urls = urls.clone();
    let site = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/", post(web::raise))
        .route("/cases/{reference}/answer", post(web::answer))
        .route("/cases/{reference}/messages", post(web::reply))
        .route("/cases/{reference}/worse", post(web::got_worse::report))
        .route("/cases/{reference}/followers", post(web::answer_follower))
        .route("/links", post(web::fresh_link))
        .route("/my-cases", post(web::my_cases::ask_for_link))
        .route("/my-cases/{token}", get(web::my_cases::open_link))
        .route("/my-cases/sign-out", post(web::my_cases::sign_out))
        .route("/staff/reports/{table}", get(web::reports::table_csv))
        .route("/staff/views", post(web::saved_views::save))
        .route("/staff/views/{id}/removal", post(web::saved_views::remove))
        .route("/staff/articles", post(web::articles::create))
        .route("/staff/articles/{slug}", post(web::articles::update))
        .route("/help/{slug}/answered", post(web::articles::answered))
        .route(
            "/help-suggestions",
            get(web::articles::suggestions_fragment),
        )
        .route("/help-suggest.js", get(web::articles::suggest_js))
        .route("/staff.css", get(web::staff_assets::staff_css))
        .route("/staff.js", get(web::staff_assets::staff_js))
        .route("/staff/reviews/{reference}", post(web::reviews::write))
        .route(
            "/staff/reviews/{reference}/actions",
            post(web::reviews::add_action),
        )
        .route("/staff/review-actions/{id}", post(web::reviews::set_action))
        .route("/chat", post(chat::start))
        .route("/chat/{reference}/messages", post(chat::message))
        .route("/widget.js", get(chat::widget_js))
        .route("/staff/calls", post(web::calls::log_call))
        .route("/cases/{reference}/live", get(live::stream))
        .route(
            "/staff/incidents/{reference}/live",
            get(live::incident_stream),
        )
        .route("/ops/sla/{name}", post(ops_sla::save).get(ops_sla::export))
        .route("/unsubscribe", post(web::unsubscribe::unsubscribe))
        .route("/admin/authority", post(web::authority::save))
        .route("/ops/jargon", post(web::jargon::save))
        .route("/staff/sign-in", post(web::sign_in))
        .route("/staff/sign-out", post(web::sign_out))
        .route(
            "/staff/cases/{reference}/escalations",
            post(web::console::escalate),
        )
        .route(
            "/staff/cases/{reference}/de-escalations",
            post(web::console::hand_back),
        )
        .route(
            "/staff/cases/{reference}/link-revocations",
            post(web::console::revoke_links),
        )
        .route(
            "/staff/cases/{reference}/followers",
            post(web::console::answer_follower),
        )
        .route(
            "/staff/cases/{reference}/replies",
            post(web::console::reply),
        )
        .route(
            "/staff/cases/{reference}/assignment",
            post(web::console::assign),
        )
        .route(
            "/staff/cases/{reference}/live",
            get(live::staff_case_stream),
        )
        .route("/staff/queue/live", get(live::queue_stream))
        .route("/staff/bulk/assignment", post(web::bulk::assign))
        .route("/staff/bulk/type", post(web::bulk::retype))
        .route(
            "/staff/cases/{reference}/severity",
            post(web::console::change_severity),
        )
        .route(
            "/staff/cases/{reference}/type",
            post(web::console::change_type),
        )
        .route(
            "/staff/cases/{reference}/management-escalations",
            post(web::console::escalate_management),
        )
        .route(
            "/staff/cases/{reference}/management-de-escalations",
            post(web::console::deescalate_management),
        )
        .route(
            "/staff/cases/{reference}/credits",
            post(web::authority_acts::grant_credit),
        )
        .route(
            "/staff/cases/{reference}/major-incident",
            post(web::authority_acts::declare_major_incident),
        )
        .route("/ops/raci", post(web::raci::save_grid))
        .route("/ops/raci/types", post(web::raci::save_types))
        .route("/ops/sponsors", post(web::sponsors::save))
        .route("/ops/playbooks", post(web::playbooks::save))
        .route("/ops/rules", post(web::rules::submit))
        .route(
            "/staff/early-warning/{reference}",
            post(web::early_warning::act),
        )
        .route(
            "/staff/rule-approvals/{id}",
            post(web::early_warning::decide),
        )
        .route("/ops/tiers/members", post(web::tiers::place))
        .route("/ops/tiers/ladder", post(web::tiers::save_ladder))
        .route(
            "/staff/cases/{reference}/resolution",
            post(web::mark_solved),
        )
        .route("/staff/cases/{reference}/swarm", post(web::swarms::start))
        .route(
            "/staff/cases/{reference}/swarm/members",
            post(web::swarms::add_member),
        )
        .route(
            "/staff/cases/{reference}/swarm/entries",
            post(web::swarms::add_entry),
        )
        .route(
            "/staff/cases/{reference}/swarm/closure",
            post(web::swarms::close),
        )
        .route("/staff/incidents", post(web::incidents::declare))
        .route(
            "/staff/incidents/links",
            post(web::incidents::link_from_queue),
        )
        .route(
            "/staff/incidents/{reference}/roles",
            post(web::incidents::hand_role),
        )
        .route(
            "/staff/incidents/{reference}/updates",
            post(web::incidents::publish),
        )
        .route(
            "/staff/incidents/{reference}/cases",
            post(web::incidents::link),
        )
        .route(
            "/staff/incidents/{reference}/entries",
            post(web::incidents::add_entry),
        )
        .route(
            "/staff/incidents/{reference}/resolution",
            post(web::incidents::resolve),
        )
        .route(
            "/staff/incidents/{reference}/review",
            post(web::incidents::review),
        )
        .route(
            "/staff/incidents/{reference}/closure",
            post(web::incidents::close),
        )
        .route(
            "/staff/incidents/{reference}/tasks",
            post(web::incidents::add_task),
        )
        .route(
            "/staff/incidents/{reference}/tasks/{task}",
            post(web::incidents::change_task),
        )
        .route(
            "/staff/incidents/{reference}/notice",
            post(web::incidents::raise_notice),
        )
        .merge(ops_web::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(portal.clone()),
            move || shell(options.clone(), urls.clone()),
        )
        .merge(assets.routes())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            move |options| shell(options, fallback_urls.clone()),
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(security::refuse_cross_site_posts));
    Router::new()
        .merge(site)
        .nest("/api/v1/admin", admin_api::router())
        .nest("/api/v1/staff", staff_api::router())
        .nest("/api/v1", api::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // Pages and JSON; not the hashed files (already compressed) nor live
        // event streams (the default predicate skips text/event-stream).
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(frames, security::headers))
        .with_state(state)
}

async fn healthz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    match portal.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Ctrl-C, or SIGTERM (what container platforms and systemd send).
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing requests and the work under way");
}

/// Readiness for a load balancer: 503 while this process drains, so no new
/// work is sent to it, and while the database does not answer.
async fn readyz(State(portal): State<Portal>) -> (StatusCode, &'static str) {
    if portal.live.is_closing() {
        return (StatusCode::SERVICE_UNAVAILABLE, "draining");
    }
    healthz(State(portal)).await
}
