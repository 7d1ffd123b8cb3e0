//! One error type for the whole tool. Its kind decides the exit code (DESIGN.md "Exit codes");
//! the message is one line naming what is wrong, the hint says what to do next.

use std::fmt;

/// What went wrong, as far as the exit code is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The check ran and found a problem (isolation breach, drift, over budget). Exit 1.
    Finding,
    /// Bad input or usage: nothing was written. Exit 2.
    Usage,
    /// AWS, permission or environment failure. Exit 3.
    Environment,
    /// Some changes were applied, others not: re-run the same command to resume. Exit 4.
    Partial,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Finding => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Environment => 3,
            ErrorKind::Partial => 4,
        }
    }
}

#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// Lower-level causes, outermost first; printed with `-v`.
    pub causes: Vec<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            causes: Vec::new(),
        }
    }
    /// Bad input: names the field and the fix. Exit 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    /// AWS / environment failure. Exit 3.
    pub fn env(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Environment, message)
    }
    pub fn finding(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Finding, message)
    }
    pub fn partial(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Partial, message)
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }
    /// Prefix the message with context ("onboarding clinic-a: ...") keeping kind and hint.
    pub fn context(mut self, ctx: impl fmt::Display) -> Self {
        self.message = format!("{ctx}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::env(format!("I/O error: {e}"))
    }
}
