//! Rate limits on what anyone can try without an account: staff sign-in,
//! raising a case (form, API, chat, email) and SMTP sessions. Each is a GCRA
//! bucket from `governor`, per client address and per email address, sized
//! so that a real support desk never meets them while a flood is cut down to
//! a trickle. Limits are per process: behind a load balancer with N
//! processes a client gets at most N times as much.

use app::error::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Keys kept before idle ones are forgotten (a full bucket is the same as none).
const FORGET_ABOVE: usize = 50_000;

/// A refusal, with how long to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    pub retry_after: Duration,
}

impl Refused {
    /// Whole seconds, at least one, for `Retry-After`.
    pub fn retry_after_secs(self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }
}

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        AppError::TooManyTries {
            retry_after_secs: refused.retry_after_secs(),
        }
    }
}

/// A bucket: `burst` tries at once, then one more every `every`.
fn quota(burst: u32, every: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(every)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

struct Bucket<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Bucket<K> {
    fn new(burst: u32, every: Duration) -> Self {
        Self {
            limiter: DefaultKeyedRateLimiter::keyed(quota(burst, every)),
        }
    }

    fn check(&self, key: &K) -> Result<(), Refused> {
        if self.limiter.len() > FORGET_ABOVE {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).map_err(|not_until| Refused {
            retry_after: not_until.wait_time_from(DefaultClock::default().now()),
        })
    }
}

/// Every limit of one process, and who the client is.
pub struct Limits {
    enabled: bool,
    /// Proxies whose `X-Forwarded-For` names the real client.
    trusted_proxies: Vec<IpAddr>,
    sign_in_by_address: Bucket<IpAddr>,
    sign_in_by_account_and_address: Bucket<(String, IpAddr)>,
    sign_in_by_account: Bucket<String>,
    intake_by_address: Bucket<IpAddr>,
    intake_by_email: Bucket<String>,
    smtp_sessions_by_address: Bucket<IpAddr>,
    smtp_open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    /// SMTP sessions one address may hold open at once.
    pub smtp_open_per_address: usize,
}

impl Limits {
    /// The documented defaults (see README, "Security").
    pub fn new(enabled: bool, trusted_proxies: Vec<IpAddr>) -> Self {
        let secs = Duration::from_secs;
        Self {
            enabled,
            trusted_proxies,
            // One address: 30 tries at once, then one every 2 s.
            sign_in_by_address: Bucket::new(30, secs(2)),
            // One account from one address: 10, then one every 20 s; an
            // attacker elsewhere cannot drain this one.
            sign_in_by_account_and_address: Bucket::new(10, secs(20)),
            // One account from anywhere: 50, then one every 20 s (180 an
            // hour): slow enough for guessing, short for a real user's wait.
            sign_in_by_account: Bucket::new(50, secs(20)),
            // Raising cases from one address (an office behind one NAT): 60
            // at once, then one every 5 s (720 an hour).
            intake_by_address: Bucket::new(60, secs(5)),
            // One customer email: 20 cases at once, then one every 3 minutes.
            intake_by_email: Bucket::new(20, secs(180)),
            // New SMTP sessions from one address: 60, then one a second.
            smtp_sessions_by_address: Bucket::new(60, secs(1)),
            smtp_open: Arc::default(),
            smtp_open_per_address: 8,
        }
    }

    /// The client behind a connection from `peer`: the peer itself, unless
    /// it is a trusted proxy, in which case the nearest address in
    /// `X-Forwarded-For` that is not one of our proxies.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        forwarded_for
            .unwrap_or_default()
            .rsplit(',')
            .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
            .find(|hop| !self.trusted_proxies.contains(hop))
            .unwrap_or(peer)
    }

    /// Before checking a staff password for `email` from `client`.
    pub fn sign_in(&self, client: IpAddr, email: &str) -> Result<(), Refused> {
        if !self.enabled {
            return Ok(());
        }
        let account = email.trim().to_lowercase();
        self.sign_in_by_address.check(&client)?;
        self.sign_in_by_account_and_address
            .check(&(account.clone(), client))?;
        self.sign_in_by_account.check(&account)
    }

    /// Before raising a case for `email` (when known) from `client`.
    pub fn intake(&self, client: IpAddr, email: Option<&str>) -> Result<(), Refused> {
        if !self.enabled {
            return Ok(());
        }
        self.intake_by_address.check(&client)?;
        match email.map(|e| e.trim().to_lowercase()) {
            Some(email) if !email.is_empty() => self.intake_by_email.check(&email),
            _ => Ok(()),
        }
    }

    /// A new SMTP session from `client`; the slot frees itself when dropped.
    pub fn smtp_session(&self, client: IpAddr) -> Result<SmtpSlot, Refused> {
        if self.enabled {
            self.smtp_sessions_by_address.check(&client)?;
        }
        let mut open = self
            .smtp_open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(client).or_default();
        if self.enabled && *count >= self.smtp_open_per_address {
            return Err(Refused {
                retry_after: Duration::from_secs(60),
            });
        }
        *count += 1;
        Ok(SmtpSlot {
            client,
            open: self.smtp_open.clone(),
        })
    }
}

/// One open SMTP session of a client.
pub struct SmtpSlot {
    client: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for SmtpSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let limits = Limits::new(true, vec![ip("10.0.0.1")]);
        let spoofed = Some("6.6.6.6, 203.0.113.9");
        assert_eq!(
            limits.client(ip("198.51.100.7"), spoofed),
            ip("198.51.100.7")
        );
        assert_eq!(limits.client(ip("10.0.0.1"), spoofed), ip("203.0.113.9"));
        assert_eq!(limits.client(ip("10.0.0.1"), None), ip("10.0.0.1"));
        assert_eq!(
            limits.client(ip("10.0.0.1"), Some("203.0.113.9, 10.0.0.1")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_flood_of_sign_ins_is_refused_with_a_wait_but_another_address_gets_through() {
        let limits = Limits::new(true, vec![]);
        let attacker = ip("203.0.113.9");
        let refused = (0..40)
            .map(|_| limits.sign_in(attacker, "ada@baton.example"))
            .find_map(Result::err)
            .expect("the flood is refused");
        assert!(refused.retry_after_secs() >= 1);
        assert!(
            limits
                .sign_in(ip("198.51.100.7"), "ada@baton.example")
                .is_ok()
        );
    }

    #[test]
    fn one_customer_email_cannot_raise_endless_cases() {
        let limits = Limits::new(true, vec![]);
        let refused = (0..30)
            .map(|n| limits.intake(ip(&format!("203.0.113.{n}")), Some("Victim@Corp.example")))
            .position(|r| r.is_err());
        assert_eq!(refused, Some(20));
        assert!(
            limits
                .intake(ip("203.0.113.99"), Some("other@corp.example"))
                .is_ok()
        );
    }

    #[test]
    fn smtp_slots_per_address_are_given_back() {
        let limits = Limits::new(true, vec![]);
        let client = ip("203.0.113.9");
        let slots: Vec<_> = (0..8)
            .map(|_| limits.smtp_session(client).unwrap())
            .collect();
        assert!(limits.smtp_session(client).is_err());
        drop(slots);
        assert!(limits.smtp_session(client).is_ok());
    }

    #[test]
    fn off_means_off() {
        let limits = Limits::new(false, vec![]);
        assert!((0..1000).all(|_| limits.sign_in(ip("203.0.113.9"), "a@b.example").is_ok()));
    }
}
