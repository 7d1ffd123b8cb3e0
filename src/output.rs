//! The one place that decides where and how results are shown (STYLE.md: uv's `Printer`).
//! Commands hand it rows or serialisable values; it picks table, JSON or CSV, and decides
//! whether progress bars and colour are allowed. Machine output goes to stdout; human
//! chatter (status lines, warnings, progress) goes to stderr.

use std::io::{IsTerminal, Write};

use comfy_table::{presets, ContentArrangement, Table};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    /// -1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
    pub progress: bool,
    pub color: bool,
}

impl Printer {
    pub fn new(format: OutputFormat, verbosity: i8, no_progress: bool) -> Self {
        let stderr_tty = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Printer {
            format,
            verbosity,
            progress: stderr_tty && !no_progress && verbosity >= 0,
            color: stderr_tty && !no_color,
        }
    }

    /// A printer for tests and internal use: no terminal niceties.
    pub fn plain(format: OutputFormat) -> Self {
        Printer {
            format,
            verbosity: 0,
            progress: false,
            color: false,
        }
    }

    /// Status line for humans, on stderr. Suppressed by -q.
    pub fn status(&self, msg: impl AsRef<str>) {
        if self.verbosity >= 0 {
            let _ = writeln!(std::io::stderr(), "{}", msg.as_ref());
        }
    }

    /// Detail shown only with -v.
    pub fn detail(&self, msg: impl AsRef<str>) {
        if self.verbosity >= 1 {
            let _ = writeln!(std::io::stderr(), "{}", msg.as_ref());
        }
    }

    pub fn warn(&self, msg: impl AsRef<str>) {
        let label = if self.color {
            "\x1b[33mwarning\x1b[0m"
        } else {
            "warning"
        };
        let _ = writeln!(std::io::stderr(), "{label}: {}", msg.as_ref());
    }

    /// Primary output (tables, plans, reports): stdout.
    pub fn out(&self, text: impl AsRef<str>) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", text.as_ref());
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        let s = serde_json::to_string_pretty(value)
            .map_err(|e| Error::env(format!("serialising output: {e}")))?;
        self.out(s);
        Ok(())
    }

    /// A comfy table with the house style. `NO_COLOR`/non-tty: plain ASCII borders.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        if self.color {
            t.load_preset(presets::UTF8_FULL_CONDENSED);
        } else {
            t.load_preset(presets::ASCII_MARKDOWN);
        }
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(header.iter().copied());
        t
    }

    /// Emit rows in the selected format. JSON gets an array of objects keyed by `header`,
    /// CSV one header row then the rows, table a comfy table.
    pub fn rows(&self, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
        match self.format {
            OutputFormat::Table => {
                let mut t = self.table(header);
                for r in rows {
                    t.add_row(r.iter().map(String::as_str));
                }
                self.out(t.to_string());
            }
            OutputFormat::Csv => self.out(csv_string(header, rows)?),
            OutputFormat::Json => {
                let arr: Vec<serde_json::Map<String, serde_json::Value>> = rows
                    .iter()
                    .map(|r| {
                        header
                            .iter()
                            .zip(r)
                            .map(|(h, v)| (h.to_string(), serde_json::Value::String(v.clone())))
                            .collect()
                    })
                    .collect();
                self.json(&arr)?;
            }
        }
        Ok(())
    }

    /// A progress bar on stderr, or a hidden one when stderr is not a terminal.
    pub fn progress_bar(&self, len: u64, what: &str) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        pb.set_message(what.to_string());
        pb
    }
}

pub fn csv_string(header: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)
        .map_err(|e| Error::env(format!("writing CSV: {e}")))?;
    for r in rows {
        w.write_record(r)
            .map_err(|e| Error::env(format!("writing CSV: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::env(format!("writing CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_string())
}

/// Escape text for XML attributes and content (JUnit, SVG). Control characters other than
/// newline and tab are dropped: XML 1.0 cannot carry them at all.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' | '\t' => o.push(c),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}
