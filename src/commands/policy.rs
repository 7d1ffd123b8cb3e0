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
use crate::policy::request::{SetCache, Simulation};
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
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

/// A request that could not be evaluated (batch mode).
#[derive(Serialize)]
struct Failure<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    line: usize,
    error: &'a str,
}

fn open(path: &str) -> Result<Box<dyn Read + Send>> {
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
        warnings: &warnings,
    };
    printer.print_doc(&out, || {
        for w in out.warnings {
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
///
/// Lines are evaluated on every core: a reader thread cuts the input into chunks (up to
/// `CHUNK` lines, fewer whenever the next read could block, so that a co-process writing one
/// request at a time gets each answer at once), workers evaluate chunks, and this thread
/// writes their results back in input order, flushing whenever it has written everything read.
fn batch(path: &str) -> Result<i32> {
    let input = BufReader::with_capacity(1 << 16, open(path)?);
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (lines, failed) = batch_parallel(input, &mut out, path, workers)?;
    if failed > 0 {
        return Err(Error::usage(format!(
            "{failed} of {lines} lines of {path} were malformed (see the error lines)"
        )));
    }
    Ok(0)
}

/// Most lines one chunk carries (enough to amortise the hand-offs, few enough to keep every
/// core busy on a short input).
const CHUNK: usize = 256;

/// Input lines (line number, text) and their results.
type Lines = Vec<(usize, String)>;

struct Evaluated {
    /// The result lines, newline-terminated, in order.
    bytes: Vec<u8>,
    /// Error messages for stderr, one per malformed line.
    errors: Vec<String>,
}

/// Evaluate one chunk: the same result (or error) line per input line as one at a time.
/// `cache`: the worker's compiled policy sets (`SetCache`: it never changes an answer).
fn evaluate_chunk(
    lines: &Lines,
    path: &str,
    cache: &mut SetCache,
) -> std::result::Result<Evaluated, Error> {
    let mut bytes = Vec::with_capacity(lines.len() * 512);
    let mut errors = Vec::new();
    for (lineno, text) in lines {
        match cache.prepare(text) {
            Ok(p) => {
                let eval = evaluate_with(&p.compiled.set, &p.request, p.options);
                serde_json::to_writer(
                    &mut bytes,
                    &Output {
                        id: p.id.as_ref(),
                        eval: &eval,
                        warnings: &p.compiled.warnings,
                    },
                )
            }
            Err((id, msg)) => {
                errors.push(format!("error: {path}: line {lineno}: {msg}"));
                serde_json::to_writer(
                    &mut bytes,
                    &Failure {
                        id: id.as_ref(),
                        line: *lineno,
                        error: &msg,
                    },
                )
            }
        }
        .map_err(|e| Error::env(format!("serialising result: {e}")))?;
        bytes.push(b'\n');
    }
    Ok(Evaluated { bytes, errors })
}

/// Read, evaluate on `workers` threads, write in order. Returns (lines read, malformed lines).
fn batch_parallel(
    mut input: BufReader<impl Read + Send>,
    out: &mut impl Write,
    path: &str,
    workers: usize,
) -> Result<(usize, usize)> {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{mpsc, Mutex};

    let werr = |e: io::Error| Error::env(format!("writing results: {e}"));
    // Chunks handed to the workers so far (the writer flushes when it has written them all).
    let dispatched = AtomicU64::new(0);
    let (job_tx, job_rx) = mpsc::sync_channel::<(u64, Lines)>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    let (res_tx, res_rx) = mpsc::channel::<(u64, std::result::Result<Evaluated, Error>)>();
    std::thread::scope(|scope| -> Result<(usize, usize)> {
        let reader = scope.spawn(|| -> Result<usize> {
            let mut lineno = 0usize;
            let mut seq = 0u64;
            let mut chunk: Lines = Vec::with_capacity(CHUNK);
            loop {
                let mut line = String::new();
                let n = input.read_line(&mut line).map_err(|e| {
                    Error::usage(format!("{path}: line {}: cannot read: {e}", lineno + 1))
                })?;
                if n > 0 {
                    lineno += 1;
                    // Trimmed in place: the line's own buffer goes to the worker.
                    let end = line.trim_end().len();
                    line.truncate(end);
                    let start = line.len() - line.trim_start().len();
                    if !line.is_empty() {
                        line.drain(..start);
                        chunk.push((lineno, line));
                    }
                }
                // Hand the chunk over when it is full, at the end, or whenever the next read
                // could block (nothing buffered): a co-process waits for this answer.
                if !chunk.is_empty()
                    && (n == 0 || chunk.len() == CHUNK || input.buffer().is_empty())
                {
                    dispatched.fetch_add(1, Ordering::SeqCst);
                    if job_tx.send((seq, std::mem::take(&mut chunk))).is_err() {
                        break;
                    }
                    seq += 1;
                }
                if n == 0 {
                    break;
                }
            }
            drop(job_tx);
            Ok(lineno)
        });
        for _ in 0..workers.max(1) {
            let (job_rx, res_tx) = (&job_rx, res_tx.clone());
            scope.spawn(move || {
                let mut cache = SetCache::default();
                loop {
                    let job = job_rx.lock().expect("job queue").recv();
                    let Ok((seq, lines)) = job else { break };
                    if res_tx
                        .send((seq, evaluate_chunk(&lines, path, &mut cache)))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(res_tx);
        // Write in input order, holding chunks that finished early.
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut failed = 0usize;
        let mut first_error: Option<Error> = None;
        for (seq, res) in res_rx.iter() {
            pending.insert(seq, res);
            while let Some(res) = pending.remove(&next) {
                next += 1;
                match res {
                    Ok(ev) => {
                        for e in &ev.errors {
                            eprintln!("{e}");
                        }
                        failed += ev.errors.len();
                        if first_error.is_none() {
                            if let Err(e) = out.write_all(&ev.bytes).map_err(werr) {
                                first_error = Some(e);
                            }
                        }
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            if first_error.is_none() && next == dispatched.load(Ordering::SeqCst) {
                if let Err(e) = out.flush().map_err(werr) {
                    first_error = Some(e);
                }
            }
        }
        let lines = reader.join().expect("batch reader thread")?;
        if let Some(e) = first_error {
            return Err(e);
        }
        out.flush().map_err(werr)?;
        Ok((lines, failed))
    })
}
