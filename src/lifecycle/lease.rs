//! Leases: one operator at a time per tenant (and per platform for `init`).
//!
//! A lease is the SSM parameter `/<ns>/leases/<tenant>` (`/<ns>/leases/_platform` for `init`),
//! created with `Overwrite=false`, so exactly one of several concurrent creators succeeds and
//! the others get `ParameterAlreadyExists`. Its value names the holder (caller ARN, host, pid,
//! command), when it was taken and when it expires. While the command runs, a heartbeat task
//! pushes the expiry forward; on completion the holder deletes it. A lease whose holder died
//! (killed process, lost laptop) expires after `TTL` and is then taken over; a holder that ran
//! on this very machine (same kernel boot and pid namespace) and whose process is gone is known
//! dead and taken over at once, so re-running a killed command resumes without waiting;
//! `--break-lease` takes over a live one (for operators who know its holder is gone).
//!
//! SSM has no compare-and-swap on overwrite, so renewals and takeovers check versions instead:
//! every overwrite must return exactly the version read before it plus one (nobody wrote in
//! between), and a takeover re-reads its own write before it counts as held. A writer that
//! sees anything else treats the lease as lost and stops. The remaining race needs two
//! processes to take over the same *expired* lease within the same few milliseconds; then both
//! give up (or one continues until its next heartbeat notices and stops it): never do two
//! holders keep working. Expiry is judged by the local clock; TTL (2 min) is far above the
//! clock skew of NTP-synchronised hosts.
//!
//! Cost: an uncontended lease is two calls, `PutParameter` (create-if-absent) to take it and
//! `DeleteParameter` to release it (plus a read and a write per heartbeat, every 30 s, for
//! commands that run longer). The release does not read the lease back before deleting it:
//! while the holder lives and renews, nobody can take its lease over except with
//! `--break-lease`, and an operator who breaks a live holder's lease already has two holders
//! until the old one's next heartbeat (up to `HEARTBEAT`) stops it; if the old holder
//! finishes inside that window its release deletes the new holder's lease, whose own next
//! heartbeat then finds it deleted and stops it (`LostBecause::Deleted`). The read would only
//! have narrowed that window (a read and a delete are not atomic either), at one call per
//! tenant.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::platform::Platform;

/// How long a lease lives without a heartbeat.
pub const TTL: Duration = Duration::from_secs(120);
/// How often the holder renews it (well inside TTL, so a few slow or throttled renewals in a
/// row still keep it).
pub const HEARTBEAT: Duration = Duration::from_secs(30);
/// How often a waiting command looks again.
const POLL: Duration = Duration::from_secs(2);

/// What a lease covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Tenant(TenantId),
    Platform,
}

impl Scope {
    fn param(&self, p: &Platform) -> String {
        match self {
            Scope::Tenant(t) => p.names.ssm_tenant_lease(t),
            Scope::Platform => p.names.ssm_platform_lease(),
        }
    }
    fn describe(&self) -> String {
        match self {
            Scope::Tenant(t) => format!("tenant {t}"),
            Scope::Platform => "the platform".to_string(),
        }
    }
}

/// How a command takes its leases (from the global flags).
#[derive(Debug, Clone, Default)]
pub struct LeaseOptions {
    /// Take over a live lease held by someone else.
    pub break_lease: bool,
    /// Wait this long for another holder to finish before giving up (0: fail at once).
    pub wait: Duration,
    /// The command, for the lease value (e.g. `tenant offboard clinic-a`).
    pub command: String,
}

/// The parameter's value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LeaseValue {
    /// `<caller ARN> on <host> pid <pid>`: who to ask.
    pub owner: String,
    pub caller_arn: String,
    pub host: String,
    pub pid: u32,
    pub command: String,
    pub acquired_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Unique per acquisition: "is it still ours" compares this, never the owner text.
    pub token: String,
    /// Kernel boot id and pid namespace of the holder (Linux), so a holder on this same
    /// machine whose process is gone can be recognised as dead at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
}

impl LeaseValue {
    fn parse(text: &str) -> Option<LeaseValue> {
        serde_json::from_str(text).ok()
    }
}

fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into())
}

/// `<boot id>/<pid namespace>`: equal only for processes that share one kernel boot and one
/// pid namespace, i.e. whose pids mean the same process. None off Linux.
fn machine_id() -> Option<String> {
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let pidns = std::fs::read_link("/proc/self/ns/pid").ok()?;
    Some(format!("{}/{}", boot.trim(), pidns.display()))
}

/// True when the holder provably died: it ran on this machine (same boot, same pid namespace)
/// and its process no longer exists (or is a zombie). Anything uncertain counts as alive.
fn holder_is_dead(v: &LeaseValue) -> bool {
    let (Some(theirs), Some(ours)) = (v.machine.as_deref(), machine_id()) else {
        return false;
    };
    if theirs != ours || v.pid == std::process::id() {
        return false;
    }
    match std::fs::read_to_string(format!("/proc/{}/stat", v.pid)) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        // `pid (comm) S ...`: the state follows the last ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.trim_start().chars().next())
            .is_some_and(|st| st == 'Z' || st == 'X'),
    }
}

fn ttl() -> chrono::Duration {
    chrono::Duration::from_std(TTL).expect("TTL fits")
}

/// A held lease. Dropping it stops the heartbeat but leaves the parameter (it then expires);
/// `release` deletes it.
pub struct Lease {
    scope: Scope,
    param: String,
    state: Arc<HeldState>,
    heartbeat: tokio::task::JoinHandle<()>,
}

struct HeldState {
    lost: AtomicBool,
    lost_notify: Notify,
    /// Why the lease was lost (set before `lost`).
    why: std::sync::Mutex<Option<LostBecause>>,
}

/// Why a held lease was lost: someone else's doing, or our own renewals failing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LostBecause {
    /// Another holder's value replaced ours (`owner` and command, when readable).
    TakenOver(Option<String>),
    /// Someone deleted the lease parameter.
    Deleted,
    /// Someone wrote the parameter between our read and our renewal.
    WrittenMeanwhile,
    /// Our renewals kept failing (endpoint or network): we gave it up before it could expire
    /// under us. Nobody took it over.
    RenewalsFailed(String),
    /// This process was paused past the lease's expiry.
    Paused,
}

impl HeldState {
    fn mark_lost(&self, why: LostBecause) {
        *self.why.lock().expect("lease state lock") = Some(why);
        self.lost.store(true, Ordering::SeqCst);
        self.lost_notify.notify_waiters();
    }
}

/// The error for a lease someone else holds.
fn held_error(scope: &Scope, v: Option<&LeaseValue>) -> Error {
    match v {
        Some(v) => Error::env(format!(
            "{} is being changed by {} since {} (`{}`)",
            scope.describe(),
            v.owner,
            v.acquired_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            v.command
        ))
        .with_hint(format!(
            "wait for it to finish and re-run; if that process is gone its lease expires at {} (re-run then), \
or pass --break-lease if you are sure nobody is working on it",
            v.expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )),
        None => Error::env(format!("{} is being changed by another operator (unreadable lease)", scope.describe()))
            .with_hint("pass --break-lease if you are sure nobody is working on it"),
    }
}

impl Lease {
    /// Take the lease on `scope`, waiting up to `opts.wait` for another holder; the lease error
    /// (exit 3) when another operator still holds it.
    pub async fn acquire(p: &Platform, scope: Scope, opts: &LeaseOptions) -> Result<Lease> {
        Self::try_acquire(p, scope, opts).await?
    }

    /// Like `acquire`, but tells "someone else holds it" (inner `Err`) from an AWS failure
    /// (outer `Err`).
    pub async fn try_acquire(
        p: &Platform,
        scope: Scope,
        opts: &LeaseOptions,
    ) -> Result<Result<Lease>> {
        let param = scope.param(p);
        let deadline = tokio::time::Instant::now() + opts.wait;
        let host = host_name();
        let pid = std::process::id();
        loop {
            let now = Utc::now();
            let value = LeaseValue {
                owner: format!("{} on {host} pid {pid}", p.caller.arn),
                caller_arn: p.caller.arn.clone(),
                host: host.clone(),
                pid,
                command: opts.command.clone(),
                acquired_at: now,
                expires_at: now + ttl(),
                token: uuid::Uuid::new_v4().to_string(),
                machine: machine_id(),
            };
            let text = serde_json::to_string(&value).expect("lease value serialises");
            let held_by = match p.aws.ssm_put(&param, &text, false, &p.tags()).await {
                Ok(version) => {
                    return Ok(Ok(Self::held(p.aws.clone(), scope, param, value, version)))
                }
                Err(e) if e.kind == AwsErrorKind::AlreadyExists => match p
                    .aws
                    .ssm_get(&param)
                    .await?
                {
                    // Released between our create and our read: try again at once.
                    None => continue,
                    // Our own create, retried by the SDK after its first attempt had landed
                    // (a lost response): it is ours.
                    Some(cur)
                        if LeaseValue::parse(&cur.value)
                            .is_some_and(|v| v.token == value.token) =>
                    {
                        return Ok(Ok(Self::held(
                            p.aws.clone(),
                            scope,
                            param,
                            value,
                            cur.version,
                        )));
                    }
                    Some(cur) => {
                        let other = LeaseValue::parse(&cur.value);
                        let expired = other
                            .as_ref()
                            .is_some_and(|o| o.expires_at <= now || holder_is_dead(o));
                        if expired || opts.break_lease {
                            if let Some(version) =
                                Self::take_over(&p.aws, &param, &text, cur.version, &value.token)
                                    .await?
                            {
                                return Ok(Ok(Self::held(
                                    p.aws.clone(),
                                    scope,
                                    param,
                                    value,
                                    version,
                                )));
                            }
                            // Lost a takeover race: whoever holds it now is the holder.
                            match p.aws.ssm_get(&param).await? {
                                Some(now_held) => LeaseValue::parse(&now_held.value),
                                None => continue,
                            }
                        } else {
                            other
                        }
                    }
                },
                Err(e) => {
                    return Err(
                        Error::from(e).context(format!("taking the lease on {}", scope.describe()))
                    )
                }
            };
            if tokio::time::Instant::now() + POLL > deadline {
                return Ok(Err(held_error(&scope, held_by.as_ref())));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Overwrite a lease read at `read_version`. Ours only if our write directly followed that
    /// version and is still the stored one when read back.
    async fn take_over(
        aws: &Aws,
        param: &str,
        text: &str,
        read_version: i64,
        token: &str,
    ) -> Result<Option<i64>> {
        let version = aws.ssm_put(param, text, true, &[]).await?;
        if version != read_version + 1 {
            return Ok(None);
        }
        let back = aws.ssm_get(param).await?;
        Ok(back
            .filter(|b| {
                b.version == version
                    && LeaseValue::parse(&b.value).is_some_and(|v| v.token == token)
            })
            .map(|_| version))
    }

    fn held(aws: Aws, scope: Scope, param: String, value: LeaseValue, _version: i64) -> Lease {
        let state = Arc::new(HeldState {
            lost: AtomicBool::new(false),
            lost_notify: Notify::new(),
            why: std::sync::Mutex::new(None),
        });
        let heartbeat = tokio::spawn(heartbeat(aws, param.clone(), value.clone(), state.clone()));
        Lease {
            scope,
            param,
            state,
            heartbeat,
        }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub fn is_lost(&self) -> bool {
        self.state.lost.load(Ordering::SeqCst)
    }

    /// Resolves once the heartbeat finds the lease taken over (never, while it is ours).
    pub async fn lost(&self) {
        loop {
            let notified = self.state.lost_notify.notified();
            if self.is_lost() {
                return;
            }
            notified.await;
        }
    }

    /// The error a command stops with when its lease was lost under it.
    pub fn lost_error(&self) -> Error {
        let why = self.state.why.lock().expect("lease state lock").clone();
        lost_error(&self.scope.describe(), why)
    }

    /// Stop the heartbeat and delete the lease unless the heartbeat found it lost: one
    /// `DeleteParameter`, no read first (see the module notes on what that leaves).
    pub async fn release(self, aws: &Aws) -> Result<()> {
        self.heartbeat.abort();
        if self.is_lost() {
            return Ok(());
        }
        // Gone already (an SDK retry of this delete whose first attempt landed) is fine.
        aws.ssm_delete(&self.param).await?;
        Ok(())
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

/// The error for a lease lost for `why`: taken over (someone else's doing) and renewals that
/// failed (an outage; nobody holds it) read differently and have different next steps.
fn lost_error(what: &str, why: Option<LostBecause>) -> Error {
    let takeover_hint =
        "check who changes it now (`tenantctl tenant show`), then re-run the same command to resume";
    match why {
        Some(LostBecause::TakenOver(by)) => Error::partial(format!(
            "lost the lease on {what}: it was taken over by {} (e.g. with --break-lease); stopped",
            by.as_deref().unwrap_or("another operator")
        ))
        .with_hint(takeover_hint),
        Some(LostBecause::Deleted) => Error::partial(format!(
            "lost the lease on {what}: someone deleted it while this command held it; stopped"
        ))
        .with_hint(takeover_hint),
        Some(LostBecause::WrittenMeanwhile) => Error::partial(format!(
            "lost the lease on {what}: someone wrote it while this command was renewing it; stopped"
        ))
        .with_hint(takeover_hint),
        Some(LostBecause::RenewalsFailed(last)) => Error::partial(format!(
            "lost the lease on {what}: its renewals kept failing (last: {last}), so this command gave it up before it could expire after {}s; it was not taken over; stopped",
            TTL.as_secs()
        ))
        .with_hint("AWS could not be reached for a while; once it answers again, re-run the same command to resume (nobody else holds the lease)"),
        Some(LostBecause::Paused) | None => Error::partial(format!(
            "lost the lease on {what}: this process was paused past the lease's expiry ({}s), so another operator may have taken it; stopped",
            TTL.as_secs()
        ))
        .with_hint(takeover_hint),
    }
}

/// Renew every `HEARTBEAT` while the stored lease carries our token. The overwrite must land
/// directly on the version we read; anything else means someone wrote in between (a takeover),
/// and we stop rather than risk two holders. A failed read or write is tried again at the next
/// beat (TTL leaves room for three misses), but once the last expiry we *confirmed* is within a
/// beat of passing, we give the lease up ourselves: after that, another operator may take it
/// over legitimately, and two holders writing at once is the one thing a lease must prevent.
async fn heartbeat(aws: Aws, param: String, mut value: LeaseValue, state: Arc<HeldState>) {
    let mut confirmed_until = value.expires_at;
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        // Asleep past our own expiry (a paused process): someone may hold it now.
        if Utc::now() >= confirmed_until {
            state.mark_lost(LostBecause::Paused);
            return;
        }
        let cur = match aws.ssm_get(&param).await {
            Ok(Some(c)) => c,
            Ok(None) => {
                state.mark_lost(LostBecause::Deleted);
                return;
            }
            Err(e) if must_give_up(Utc::now(), confirmed_until) => {
                state.mark_lost(LostBecause::RenewalsFailed(format!("{} {}", e.op, e.code)));
                return;
            }
            Err(_) => continue,
        };
        let theirs = LeaseValue::parse(&cur.value);
        if theirs.as_ref().is_none_or(|v| v.token != value.token) {
            state.mark_lost(LostBecause::TakenOver(
                theirs.map(|v| format!("{} (`{}`)", v.owner, v.command)),
            ));
            return;
        }
        value.expires_at = Utc::now() + ttl();
        let text = serde_json::to_string(&value).expect("lease value serialises");
        match aws.ssm_put(&param, &text, true, &[]).await {
            Ok(v) if v == cur.version + 1 => confirmed_until = value.expires_at,
            Ok(_) => {
                state.mark_lost(LostBecause::WrittenMeanwhile);
                return;
            }
            Err(e) if must_give_up(Utc::now(), confirmed_until) => {
                state.mark_lost(LostBecause::RenewalsFailed(format!("{} {}", e.op, e.code)));
                return;
            }
            Err(_) => continue,
        }
    }
}

/// Whether a holder whose renewal just failed, with its lease confirmed until `confirmed_until`,
/// must stop at `now`: when the next beat would come too late (the expiry falls before it).
fn must_give_up(now: DateTime<Utc>, confirmed_until: DateTime<Utc>) -> bool {
    now + chrono::Duration::from_std(HEARTBEAT).expect("HEARTBEAT fits") >= confirmed_until
}

/// Run `body` while holding `leases`; stop it (at its next await point) if any is lost.
pub async fn while_held<T>(
    leases: &[Lease],
    body: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    if leases.is_empty() {
        return body.await;
    }
    let any_lost = async {
        let lost = futures::future::select_all(leases.iter().map(|l| Box::pin(l.lost()))).await;
        lost.1
    };
    tokio::select! {
        r = body => r,
        i = any_lost => Err(leases[i].lost_error()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_lease_says_whether_it_was_taken_over_or_its_renewals_failed() {
        let over = lost_error(
            "tenant clinic-a",
            Some(LostBecause::TakenOver(Some(
                "arn:aws:iam::1:user/bob (`tenant onboard`)".into(),
            ))),
        );
        assert!(
            over.message
                .contains("taken over by arn:aws:iam::1:user/bob"),
            "{}",
            over.message
        );
        let failed = lost_error(
            "tenant clinic-a",
            Some(LostBecause::RenewalsFailed(
                "ssm:GetParameter Timeout".into(),
            )),
        );
        assert!(
            failed
                .message
                .contains("renewals kept failing (last: ssm:GetParameter Timeout)")
                && failed.message.contains("it was not taken over")
                && !failed.message.contains("--break-lease"),
            "{}",
            failed.message
        );
        assert_eq!(failed.kind.exit_code(), 4);
    }

    #[test]
    fn a_holder_gives_up_before_its_confirmed_expiry_not_after() {
        let t0 = Utc::now();
        let until = t0 + ttl();
        let beat = chrono::Duration::from_std(HEARTBEAT).unwrap();
        // Failed renewals at the first two beats: keep trying, the lease is still ours.
        assert!(!must_give_up(t0 + beat, until));
        assert!(!must_give_up(t0 + beat * 2, until));
        // The third failure: the next beat would land after expiry, so stop now, while the
        // lease still protects us (nobody else can have taken it yet).
        assert!(must_give_up(t0 + beat * 3, until));
        assert!(t0 + beat * 3 < until);
    }
}
