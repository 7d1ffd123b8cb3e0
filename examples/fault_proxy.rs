//! The test harness's fault-injecting proxy (tests/it/common/fault_proxy.rs), standalone, for
//! benchmarks and manual experiments. Not part of the tenantctl binary.
//!
//!   cargo run --release --example fault_proxy -- --upstream http://127.0.0.1:5000 \
//!       [--port 0] [--seed 7] [--throttle 0.2] [--server-error 0.05] [--reset 0.0] \
//!       [--latency-ms 5-30] [--aws-quotas] [--quota cognito-idp:AdminCreateUser=50[/BURST]]...
//!       [--stall s3:CopyObject@20=70]... [--stats FILE]
//!
//! `--aws-quotas` adds AWS's default request quotas (`AWS_DEFAULT_QUOTAS` in the proxy:
//! Cognito, Parameter Store, S3); `--quota` adds more, e.g. `ssm:GetParameter|GetParameters=40`
//! for one bucket shared by several operations.
//!
//! `--stall OP@N=SECS` freezes the whole endpoint for SECS when the Nth request of OP arrives
//! (as SIGSTOP on the emulator would): requests received meanwhile are held, then forwarded.
//!
//! Prints `FAULT_PROXY_URL=http://127.0.0.1:PORT` once listening; with --stats it rewrites FILE
//! (JSON: counts per service:Operation) every second. Stops on SIGTERM/SIGINT.

// The tests use more of the proxy than this tool does (e.g. `FaultProxy::start`, `totals`).
#[allow(dead_code)]
#[path = "../tests/it/common/fault_proxy.rs"]
mod fault_proxy;

use std::time::Duration;

use fault_proxy::{FaultConfig, FaultProxy, Quota, Stall};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut upstream = None;
    let mut port = 0u16;
    let mut stats = None;
    let mut cfg = FaultConfig::default();
    let bad = |m: String| -> ! {
        eprintln!("fault_proxy: {m}");
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        let mut val = || {
            args.next()
                .unwrap_or_else(|| bad(format!("{a} needs a value")))
        };
        let num = |v: String| {
            v.parse::<f64>()
                .unwrap_or_else(|_| bad(format!("{a}: not a number: {v}")))
        };
        match a.as_str() {
            "--upstream" => upstream = Some(val()),
            "--port" => port = val().parse().unwrap_or_else(|_| bad("--port".into())),
            "--seed" => cfg.seed = val().parse().unwrap_or_else(|_| bad("--seed".into())),
            "--throttle" => cfg.throttle = num(val()),
            "--server-error" => cfg.server_error = num(val()),
            "--reset" => cfg.reset = num(val()),
            "--latency-ms" => {
                let v = val();
                let (lo, hi) = v.split_once('-').unwrap_or((&v, &v));
                let ms = |s: &str| {
                    Duration::from_millis(
                        s.parse()
                            .unwrap_or_else(|_| bad(format!("--latency-ms {v}"))),
                    )
                };
                cfg.latency = Some((ms(lo), ms(hi)));
            }
            "--aws-quotas" => cfg.quotas.extend(fault_proxy::aws_default_quotas()),
            "--quota" => cfg
                .quotas
                .push(Quota::parse(&val()).unwrap_or_else(|e| bad(e))),
            "--stall" => cfg
                .stalls
                .push(Stall::parse(&val()).unwrap_or_else(|e| bad(e))),
            "--stats" => stats = Some(val()),
            _ => bad(format!("unknown argument {a}")),
        }
    }
    let upstream =
        upstream.unwrap_or_else(|| bad("--upstream http://127.0.0.1:PORT is required".into()));
    let proxy = FaultProxy::start_on(&upstream, cfg, port);
    println!("FAULT_PROXY_URL={}", proxy.url());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
        loop {
            if let Some(path) = &stats {
                let json = serde_json::to_string_pretty(&proxy.stats()).unwrap();
                let tmp = format!("{path}.tmp");
                if std::fs::write(&tmp, json).is_ok() {
                    let _ = std::fs::rename(&tmp, path);
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                _ = term.recv() => break,
                _ = tokio::signal::ctrl_c() => break,
            }
        }
    });
    if let Some(path) = &stats {
        let _ = std::fs::write(path, serde_json::to_string_pretty(&proxy.stats()).unwrap());
    }
}
