//! Email intake: a small SMTP listener inside the baton process. Each
//! accepted email becomes a case or a message on one through
//! `inbound_mail::receive`, and is acknowledged only once that committed.
//! No STARTTLS and no AUTH: run it behind the organisation's mail relay.

mod command;
mod lines;
mod session;

use crate::limits::Limits;
use app::domain::inbound_mail::MAX_MESSAGE_BYTES;
use app::service::Portal;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits and names the listener works with.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    /// The name we greet with.
    pub host_name: String,
    /// Recipient domains we take email for, lowercase; empty means any.
    pub domains: Vec<String>,
    pub max_message_bytes: usize,
    pub max_recipients: usize,
    pub max_sessions: usize,
    /// How long we wait for each command or line of an email.
    pub read_timeout: Duration,
    /// The longest a session may last, however steadily the client trickles.
    pub max_session: Duration,
    /// Bad commands allowed before we hang up.
    pub max_errors: u32,
}

impl SmtpSettings {
    pub fn new(domains: Vec<String>) -> Self {
        Self {
            host_name: domains
                .first()
                .cloned()
                .unwrap_or_else(|| "baton".to_owned()),
            domains,
            max_message_bytes: MAX_MESSAGE_BYTES,
            max_recipients: 100,
            max_sessions: 64,
            read_timeout: Duration::from_secs(300),
            max_session: Duration::from_secs(30 * 60),
            max_errors: 20,
        }
    }

    /// Whether we take email for `address`.
    fn accepts_recipient(&self, address: &str) -> bool {
        if self.domains.is_empty() {
            return true;
        }
        address
            .rsplit_once('@')
            .is_some_and(|(_, domain)| self.domains.iter().any(|d| d.eq_ignore_ascii_case(domain)))
    }
}

/// Accepts sessions until the task is aborted. A session's failure ends
/// only that session.
pub async fn serve(
    listener: TcpListener,
    portal: Portal,
    settings: SmtpSettings,
    limits: Arc<Limits>,
) {
    let settings = Arc::new(settings);
    let slots = Arc::new(Semaphore::new(settings.max_sessions));
    loop {
        let (mut stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Usually out of file descriptors: wait rather than spin.
                tracing::warn!(%error, "SMTP accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        // One client may hold only a few sessions, and open new ones slowly.
        let client = match limits.smtp_session(peer.ip()) {
            Ok(client) => client,
            Err(_) => {
                tokio::spawn(async move {
                    let _ = stream
                        .write_all(b"421 4.7.0 Too many connections from your address, try again later\r\n")
                        .await;
                });
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tokio::spawn(async move {
                let _ = stream
                    .write_all(b"421 4.3.2 Too many connections, try again later\r\n")
                    .await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let portal = portal.clone();
        let settings = settings.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let session = session::run(stream, peer.ip(), &portal, &settings, &limits);
            match tokio::time::timeout(settings.max_session, session).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    tracing::debug!(%peer, %error, "SMTP session ended with an error")
                }
                Err(_) => tracing::info!(%peer, "SMTP session cut off after its time limit"),
            }
            drop(slot);
            drop(client);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_checked_against_the_domains_case_insensitively() {
        let any = SmtpSettings::new(vec![]);
        assert!(any.accepts_recipient("help@anything.example"));
        let ours = SmtpSettings::new(vec!["help.example.com".into()]);
        assert!(ours.accepts_recipient("Support@Help.Example.COM"));
        assert!(!ours.accepts_recipient("support@other.example"));
        assert!(!ours.accepts_recipient("postmaster"));
    }
}
