//! `tenantctl policy simulate`: evaluate one request (`--input`) or a JSON Lines stream of
//! requests (`--batch`) with the local policy engine. Format: docs/policy-simulate.md.
//! Exit 0 when every request was evaluated (whatever the decision), 2 for malformed input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use serde::Serialize;
use serde_json::Value;

use crate::cli::SimulateArgs;
use crate::error::{Error, Result};
use crate::output::Printer;
use crate::policy::request::{peek_id, Simulation};
use crate::policy::{evaluate_with, keys, Evaluation};

/// One result: the request's `id` (if any) followed by the evaluation.
#[derive(Serialize)]
struct Output<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(flatten)]
    eval: &'a Evaluation,
    /// Conditions whose operator does not suit a known key's type (`keys::lint`): AWS
    /// accepts them, so they only warn.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

/// A request that could not be evaluated (batch mode).
#[derive(Serialize)]
struct Failure<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    line: usize,
    error: &'a str,
}

fn open(path: &str) -> Result<Box<dyn Read>> {
    if path == "-" {
        return Ok(Box::new(io::stdin()));
    }
    crate::input::require_regular_file(std::path::Path::new(path), "file")?;
    let f = File::open(path).map_err(|e| Error::usage(format!("cannot read {path}: {e}")))?;
    Ok(Box::new(f))
}

pub fn simulate(args: &SimulateArgs, printer: &Printer) -> Result<i32> {
    if let Some(path) = &args.batch {
        return batch(path);
    }
    let path = args
        .input
        .as_deref()
        .ok_or_else(|| Error::usage("policy simulate needs --input FILE|- or --batch FILE|-"))?;
    let mut text = String::new();
    open(path)?
        .read_to_string(&mut text)
        .map_err(|e| Error::usage(format!("cannot read {path}: {e}")))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!("{path}: invalid JSON: {e}"))
            .with_hint("the request format is in docs/policy-simulate.md")
    })?;
    let sim = Simulation::from_value(v).map_err(|e| {
        Error::usage(format!("{path}: {e}"))
            .with_hint("the request format is in docs/policy-simulate.md")
    })?;
    let eval = evaluate_with(&sim.set, &sim.request, sim.options);
    let warnings = keys::lint_set(&sim.set);
    let out = Output {
        id: sim.id.as_ref(),
        eval: &eval,
        warnings,
    };
    printer.print_doc(&out, || {
        for w in &out.warnings {
            printer.warn(w);
        }
        let r = &sim.request;
        let mut s = String::new();
        if let Some(id) = &sim.id {
            s.push_str(&format!("request {id}\n"));
        }
        s.push_str(&format!("{} {} on {}\n", r.principal, r.action, r.resource));
        s.push_str(&eval.explain());
        s.trim_end().to_string()
    })?;
    Ok(0)
}

/// JSON Lines in, JSON Lines out, streaming: one result line per non-blank input line, in
/// order. A malformed line gets an error line and the run exits 2 after the last line.
fn batch(path: &str) -> Result<i32> {
    let mut input = BufReader::with_capacity(1 << 16, open(path)?);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::new();
    let mut lineno = 0usize;
    let mut failed = 0usize;
    let werr = |e: io::Error| Error::env(format!("writing results: {e}"));
    loop {
        line.clear();
        let n = input
            .read_line(&mut line)
            .map_err(|e| Error::usage(format!("{path}: line {}: cannot read: {e}", lineno + 1)))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let result = serde_json::from_str::<Value>(text)
            .map_err(|e| (None, format!("invalid JSON: {e}")))
            .and_then(|v| {
                let id = peek_id(&v);
                Simulation::from_value(v).map_err(|e| (id, e))
            });
        match result {
            Ok(sim) => {
                let eval = evaluate_with(&sim.set, &sim.request, sim.options);
                serde_json::to_writer(
                    &mut out,
                    &Output {
                        id: sim.id.as_ref(),
                        eval: &eval,
                        warnings: keys::lint_set(&sim.set),
                    },
                )
                .map_err(|e| Error::env(format!("serialising result: {e}")))?;
            }
            Err((id, msg)) => {
                failed += 1;
                serde_json::to_writer(
                    &mut out,
                    &Failure {
                        id: id.as_ref(),
                        line: lineno,
                        error: &msg,
                    },
                )
                .map_err(|e| Error::env(format!("serialising result: {e}")))?;
                eprintln!("error: {path}: line {lineno}: {msg}");
            }
        }
        out.write_all(b"\n").map_err(werr)?;
        // Flush whenever the next read could block, so a co-process sees every answer.
        if input.buffer().is_empty() {
            out.flush().map_err(werr)?;
        }
    }
    out.flush().map_err(werr)?;
    if failed > 0 {
        return Err(Error::usage(format!(
            "{failed} of {lineno} lines of {path} were malformed (see the error lines)"
        )));
    }
    Ok(0)
}
