//! tenantctl: control plane for pool-model multi-tenant AI agent platforms on AWS.
//! Layering (DESIGN.md): cli → commands → lifecycle → aws adapters; policy, isolation,
//! cost and output beside them. Data flows down, never up. The global flags are resolved once
//! into `settings::Settings` (in `commands`); `platform` holds what lifecycle, isolation and the
//! commands work on. The `layers` test reads src/ and fails on an upward edge or a cycle.

pub mod audit;
pub mod aws;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cost;
pub mod error;
pub mod hash;
pub mod ids;
pub mod input;
pub mod isolation;
#[cfg(test)]
mod layers;
pub mod lifecycle;
pub mod naming;
pub mod output;
pub mod plan;
pub mod platform;
pub mod policy;
pub mod record;
pub mod settings;
pub mod templates;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::{Error, ErrorKind};
use crate::output::Printer;

/// Entry point shared by `main.rs`: parse, dispatch, map the outcome to an exit code.
pub fn run() -> i32 {
    // `tenantctl --version` / `-V` alone: answered before clap builds the whole command tree
    // (the same text clap prints), so scripts probing the version pay only process start-up.
    let mut args = std::env::args_os().skip(1);
    if let (Some(a), None) = (args.next(), args.next()) {
        if a == "--version" || a == "-V" {
            println!("tenantctl {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let verbosity: i8 = if cli.global.quiet {
        -1
    } else {
        cli.global.verbose.min(3) as i8
    };
    let printer = Printer::new(cli.global.output, verbosity, cli.global.no_progress);
    let code = match dispatch(cli, &printer) {
        Ok(code) => code,
        Err(e) => {
            report_error(&e, &printer);
            e.kind.exit_code()
        }
    };
    // -v: what the AWS calls cost, per service (retries, throttles), after everything else.
    if printer.verbosity >= 1 {
        for s in aws::stats::process_stats().snapshot() {
            printer.detail(format!("aws {s}"));
        }
    }
    code
}

fn report_error(e: &Error, printer: &Printer) {
    let label = if printer.color {
        "\x1b[31merror\x1b[0m"
    } else {
        "error"
    };
    eprintln!("{label}: {}", e.message);
    if printer.verbosity >= 1 {
        for c in &e.causes {
            eprintln!("  caused by: {c}");
        }
    } else if !e.causes.is_empty() && e.kind == ErrorKind::Environment {
        eprintln!("  (run with -v for the underlying cause)");
    }
    if let Some(h) = &e.hint {
        eprintln!("hint: {h}");
    }
}

fn dispatch(cli: Cli, printer: &Printer) -> Result<i32, Error> {
    let settings = commands::settings(&cli.global);
    match cli.command {
        // Commands that need no AWS and no config.
        Command::Completions(a) => commands::completions::run(&a),
        Command::Man(a) => commands::completions::man(&a),
        Command::Policy(cli::PolicyCommand::Simulate(a)) => commands::policy::simulate(&a, printer),
        Command::Policy(cli::PolicyCommand::Render(a)) => {
            commands::render::run(&settings, &a, printer)
        }
        // Everything else talks to AWS: one tokio runtime for the whole command.
        other => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(4)
                .enable_all()
                .build()
                .map_err(|e| Error::env(format!("starting async runtime: {e}")))?;
            let result = rt.block_on(commands::dispatch_aws(other, &settings, printer));
            // Not `drop(rt)`, which waits for blocking tasks: a command that failed while a
            // CUR scan ran beside its failing part (`cost report`) answers now, not when
            // the scan is done. Nothing that must finish runs as a blocking task.
            rt.shutdown_background();
            result
        }
    }
}
