//! The one place that decides where and how results are shown (STYLE.md: uv's `Printer`).
//! Commands hand it typed rows (`Column`s and `Value`s: a boolean stays a boolean in JSON) or
//! a `Render` (a document with its own JSON, CSV and table forms); it alone looks at the
//! format and picks table, JSON or CSV, and decides whether progress bars and colour are
//! allowed. Machine output goes to stdout; human chatter (status lines, warnings, progress)
//! goes to stderr.

use crate::plan::PlanLog;
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
    /// Box-drawing table borders: the table goes to stdout, so they follow stdout's terminal
    /// (and `NO_COLOR`), not stderr's.
    pub fancy_tables: bool,
    /// The plans this command printed, for its audit record.
    pub plan_log: PlanLog,
}

/// One typed cell. JSON keeps the type (a boolean is `true`, a number is a number); CSV shows
/// its text (`true`/`false`), the human table reads `yes`/`no` for a boolean.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Int(i64),
    Decimal(rust_decimal::Decimal),
}

impl Value {
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Decimal(d) => d.to_string(),
        }
    }

    /// The human table's text: as CSV, but a boolean reads `yes`/`no`.
    pub fn table_text(&self) -> String {
        match self {
            Value::Bool(true) => "yes".into(),
            Value::Bool(false) => "no".into(),
            other => other.text(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(n) => serde_json::Value::from(*n),
            Value::Decimal(d) => d
                .to_string()
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or_else(|_| serde_json::Value::String(d.to_string())),
        }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<rust_decimal::Decimal> for Value {
    fn from(d: rust_decimal::Decimal) -> Self {
        Value::Decimal(d)
    }
}

/// One column of typed rows: `key` names it in JSON and the CSV header (the machine-output
/// contract, docs/output-formats.md); `title` is its heading in the table, `None` when the
/// table leaves it out to fit a terminal.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub title: Option<&'static str>,
}

impl Column {
    /// Shown everywhere, headed by its key.
    pub const fn new(key: &'static str) -> Self {
        Column {
            key,
            title: Some(key),
        }
    }
    /// Shown everywhere, with its own table heading.
    pub const fn titled(key: &'static str, title: &'static str) -> Self {
        Column {
            key,
            title: Some(title),
        }
    }
    /// JSON and CSV only.
    pub const fn machine(key: &'static str) -> Self {
        Column { key, title: None }
    }
}

/// Something a command shows that is more than one list of rows: each format has its own
/// shape (e.g. `tenant show`: the record as JSON, its users as CSV, a field/value table).
/// The printer picks the one to print; commands never look at the format.
pub trait Render {
    /// The JSON document.
    fn json(&self) -> Result<serde_json::Value>;
    /// The CSV header and rows.
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>);
    /// The text for humans (tables built with `Printer::table` and `Printer::table_of`);
    /// nothing is printed when it is empty.
    fn table(&self, printer: &Printer) -> Result<String>;
    /// True when there is nothing to list: the table and CSV then print nothing at all (JSON
    /// still prints its document).
    fn is_empty(&self) -> bool {
        false
    }
    /// Warnings for whoever reads the CSV (stderr, after it).
    fn csv_warnings(&self) -> Vec<String> {
        Vec::new()
    }
    /// Lines for people after the table (status and warnings, on stderr).
    fn after_table(&self, _printer: &Printer) {}
}

/// JSON for `Render::json` from any serialisable value.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::env(format!("serialising output: {e}")))
}

impl Printer {
    pub fn new(format: OutputFormat, verbosity: i8, no_progress: bool) -> Self {
        let stderr_tty = std::io::stderr().is_terminal();
        let stdout_tty = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Printer {
            format,
            verbosity,
            progress: stderr_tty && !no_progress && verbosity >= 0,
            color: stderr_tty && !no_color,
            fancy_tables: stdout_tty && !no_color,
            plan_log: PlanLog::default(),
        }
    }

    /// A printer for tests and internal use: no terminal niceties.
    pub fn plain(format: OutputFormat) -> Self {
        Printer {
            format,
            verbosity: 0,
            progress: false,
            color: false,
            fancy_tables: false,
            plan_log: PlanLog::default(),
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

    /// A comfy table with the house style. `NO_COLOR`/stdout not a terminal: plain ASCII
    /// borders.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        if self.fancy_tables {
            t.load_preset(presets::UTF8_FULL_CONDENSED);
        } else {
            t.load_preset(presets::ASCII_MARKDOWN);
        }
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_header(header.iter().copied());
        t
    }

    /// Typed rows in the selected format: JSON an array of objects keyed by the columns' keys
    /// (values keep their type), CSV every column under its key, the table the columns that
    /// have a title.
    pub fn print_rows(&self, columns: &[Column], rows: &[Vec<Value>]) -> Result<()> {
        match self.format {
            OutputFormat::Table => self.out(self.table_of(columns, rows).to_string()),
            OutputFormat::Csv => self.out(csv_of(columns, rows)?),
            OutputFormat::Json => self.json(&json_of(columns, rows))?,
        }
        Ok(())
    }

    /// The table of typed rows (the columns that have a title), for `Render::table`.
    pub fn table_of(&self, columns: &[Column], rows: &[Vec<Value>]) -> Table {
        let shown: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].title.is_some())
            .collect();
        let header: Vec<&str> = shown.iter().filter_map(|&i| columns[i].title).collect();
        let mut t = self.table(&header);
        for r in rows {
            t.add_row(
                shown
                    .iter()
                    .map(|&i| r.get(i).map(Value::table_text).unwrap_or_default()),
            );
        }
        t
    }

    /// Print what `r` renders, in the selected format.
    pub fn print(&self, r: &impl Render) -> Result<()> {
        match self.format {
            OutputFormat::Json => self.json(&r.json()?),
            _ if r.is_empty() => Ok(()),
            OutputFormat::Csv => {
                let (columns, rows) = r.csv();
                self.out(csv_of(&columns, &rows)?);
                for w in r.csv_warnings() {
                    self.warn(w);
                }
                Ok(())
            }
            OutputFormat::Table => {
                let text = r.table(self)?;
                if !text.is_empty() {
                    self.out(text);
                }
                r.after_table(self);
                Ok(())
            }
        }
    }

    /// A document with no tabular form: JSON prints `value`; the table and CSV print the text
    /// `human` builds (called only then).
    pub fn print_doc<T: Serialize + ?Sized>(
        &self,
        value: &T,
        human: impl FnOnce() -> String,
    ) -> Result<()> {
        match self.format {
            OutputFormat::Json => self.json(value),
            OutputFormat::Table | OutputFormat::Csv => {
                self.out(human());
                Ok(())
            }
        }
    }

    /// True when the output is CSV, whose columns are fixed: data that has no column there
    /// need not be gathered.
    pub fn fixed_columns(&self) -> bool {
        self.format == OutputFormat::Csv
    }

    /// A line that closes a result: under the table on stdout, on stderr with machine output.
    pub fn closing_line(&self, line: impl AsRef<str>) {
        if self.format == OutputFormat::Table {
            self.out(format!("\n{}", line.as_ref()));
        } else {
            self.status(line);
        }
    }

    /// A warning for people reading a table or CSV; with JSON it is left out (the JSON
    /// document carries it).
    pub fn note(&self, msg: impl AsRef<str>) {
        if self.format != OutputFormat::Json {
            self.warn(msg);
        }
    }

    /// A line for humans that closes a table (`3 tenant(s)`): on stderr, and only under a
    /// table, never with machine output.
    pub fn table_footer(&self, msg: impl AsRef<str>) {
        if self.format == OutputFormat::Table {
            self.status(msg);
        }
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

fn json_of(columns: &[Column], rows: &[Vec<Value>]) -> serde_json::Value {
    rows.iter()
        .map(|r| {
            columns
                .iter()
                .zip(r)
                .map(|(c, v)| (c.key.to_string(), v.json()))
                .collect::<serde_json::Map<_, _>>()
        })
        .map(serde_json::Value::Object)
        .collect()
}

fn csv_of(columns: &[Column], rows: &[Vec<Value>]) -> Result<String> {
    let header: Vec<&str> = columns.iter().map(|c| c.key).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(Value::text).collect())
        .collect();
    csv_string(&header, &cells)
}

/// CSV written to stdout as it is produced, for machine output too large to hold (the CUR
/// report by day): the same bytes as `Printer::print` of the same rows.
pub struct CsvStream {
    w: csv::Writer<std::io::BufWriter<std::io::Stdout>>,
}

impl Printer {
    pub fn csv_stream(&self, header: &[&str]) -> Result<CsvStream> {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        ));
        w.write_record(header)
            .map_err(|e| Error::env(format!("writing CSV: {e}")))?;
        Ok(CsvStream { w })
    }

    pub fn is_csv(&self) -> bool {
        self.format == OutputFormat::Csv
    }
}

impl CsvStream {
    pub fn row<I, T>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w
            .write_record(cells)
            .map_err(|e| Error::env(format!("writing CSV: {e}")))
    }

    pub fn finish(mut self) -> Result<()> {
        self.w
            .flush()
            .map_err(|e| Error::env(format!("writing CSV: {e}")))
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

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 3] = [
        Column::new("name"),
        Column::machine("enabled"),
        Column::titled("count", "n"),
    ];

    fn rows() -> Vec<Vec<Value>> {
        vec![vec!["a,b".into(), true.into(), 3usize.into()]]
    }

    #[test]
    fn typed_rows_keep_their_types_in_json_and_their_text_in_csv() {
        let json = serde_json::to_string(&json_of(&COLUMNS, &rows())).unwrap();
        assert_eq!(json, r#"[{"name":"a,b","enabled":true,"count":3}]"#);
        assert_eq!(
            csv_of(&COLUMNS, &rows()).unwrap(),
            "name,enabled,count\n\"a,b\",true,3"
        );
    }

    #[test]
    fn the_table_shows_only_titled_columns_under_their_titles() {
        let t = Printer::plain(OutputFormat::Table)
            .table_of(&COLUMNS, &rows())
            .to_string();
        assert!(
            t.contains("name") && t.contains(" n ") && !t.contains("enabled"),
            "{t}"
        );
        assert!(
            t.contains("a,b") && t.contains('3') && !t.contains("true"),
            "{t}"
        );
    }
}
