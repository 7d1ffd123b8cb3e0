//! SDK errors → a few domain errors. Codes are matched by name because the same condition
//! has a different code per service (NoSuchEntity, ParameterNotFound, NoSuchKey, ...).

use std::fmt;

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsErrorKind {
    NotFound,
    AlreadyExists,
    Throttled,
    AccessDenied,
    Invalid,
    /// Network, timeout, 5xx: worth a retry later.
    Transient,
    /// The endpoint cannot be reached at all (connection refused, host name does not resolve,
    /// TLS handshake fails): not retried, and not a credentials problem.
    Unreachable,
    Other,
}

#[derive(Debug, Clone)]
pub struct AwsError {
    pub kind: AwsErrorKind,
    pub op: String,
    pub code: String,
    pub message: String,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.op, self.code)?;
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for AwsError {}

pub type AwsResult<T> = std::result::Result<T, AwsError>;

fn kind_for_code(code: &str) -> AwsErrorKind {
    use AwsErrorKind::*;
    match code {
        "NoSuchEntity"
        | "ParameterNotFound"
        | "NoSuchKey"
        | "NoSuchBucket"
        | "NotFound"
        | "UserNotFoundException"
        | "ResourceNotFoundException"
        | "NoSuchBucketPolicy"
        | "ServerSideEncryptionConfigurationNotFoundError"
        | "NoSuchPublicAccessBlockConfiguration"
        | "ParameterVersionNotFound"
        | "404" => NotFound,
        "EntityAlreadyExists"
        | "ParameterAlreadyExists"
        | "UsernameExistsException"
        | "BucketAlreadyOwnedByYou"
        | "BucketAlreadyExists"
        | "AliasExistsException" => AlreadyExists,
        "Throttling"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "SlowDown"
        | "RequestLimitExceeded"
        | "ThrottledException"
        | "LimitExceededException"
        | "RequestThrottled"
        | "ProvisionedThroughputExceededException" => Throttled,
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "SignatureDoesNotMatch"
        | "403" => AccessDenied,
        "InternalError"
        | "InternalFailure"
        | "InternalServerError"
        | "InternalErrorException"
        | "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "503"
        | "500" => Transient,
        c if c.starts_with("Invalid")
            || c.starts_with("Malformed")
            || c.ends_with("ValidationException")
            || c == "ValidationError" =>
        {
            Invalid
        }
        _ => Other,
    }
}

/// The kind of an error with this code and HTTP status: by code, else (some responses, like
/// S3 HEAD, carry no body) by status.
pub(crate) fn kind_for(code: &str, status: u16) -> AwsErrorKind {
    match kind_for_code(code) {
        AwsErrorKind::Other => match status {
            404 => AwsErrorKind::NotFound,
            403 => AwsErrorKind::AccessDenied,
            429 => AwsErrorKind::Throttled,
            500..=599 => AwsErrorKind::Transient,
            _ => AwsErrorKind::Other,
        },
        kind => kind,
    }
}

/// Classify an SDK error from operation `op` (e.g. "ssm:GetParameter /ns/x").
pub fn classify<E, R>(op: impl Into<String>, err: SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug + HttpStatus,
{
    let op = op.into();
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let status = se.raw().status_code();
            let code = e
                .code()
                .map(str::to_string)
                .unwrap_or_else(|| format!("HTTP {status}"));
            let mut message = e.message().unwrap_or("").to_string();
            if message.is_empty() {
                message = describe_chain(e);
            }
            let kind = kind_for(&code, status);
            AwsError {
                kind,
                op,
                code,
                message,
            }
        }
        SdkError::TimeoutError(_) => AwsError {
            kind: AwsErrorKind::Transient,
            op,
            code: "Timeout".into(),
            message: String::new(),
        },
        SdkError::DispatchFailure(d) if dispatch_unreachable(d).is_some() => AwsError {
            kind: AwsErrorKind::Unreachable,
            op,
            code: dispatch_unreachable(d).map_or("", |u| u.code()).into(),
            message: describe_chain(&err),
        },
        SdkError::DispatchFailure(d) => AwsError {
            kind: if d.is_io() || d.is_timeout() {
                AwsErrorKind::Transient
            } else {
                AwsErrorKind::Other
            },
            op,
            code: "DispatchFailure".into(),
            message: describe_chain(&err),
        },
        SdkError::ResponseError(_) => AwsError {
            kind: AwsErrorKind::Transient,
            op,
            code: "ResponseError".into(),
            message: describe_chain(&err),
        },
        _ => AwsError {
            kind: AwsErrorKind::Other,
            op,
            code: "ConstructionFailure".into(),
            message: describe_chain(&err),
        },
    }
}

/// Why an endpoint cannot be reached at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    Refused,
    Dns,
    Tls,
}

impl Unreachable {
    pub fn code(self) -> &'static str {
        match self {
            Unreachable::Refused => "ConnectionRefused",
            Unreachable::Dns => "DnsFailure",
            Unreachable::Tls => "TlsFailure",
        }
    }
}

/// Whether `e` (or any of its causes) says the endpoint cannot be reached: a refused
/// connection, a host name that does not resolve, a failed TLS handshake. Matched on the
/// `io::Error` kind where there is one, else on the wording hyper and rustls use.
pub fn unreachable_cause(e: &(dyn std::error::Error + 'static)) -> Option<Unreachable> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cur {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return Some(Unreachable::Refused);
            }
        }
        let s = c.to_string().to_ascii_lowercase();
        if s.contains("connection refused") {
            return Some(Unreachable::Refused);
        }
        if s.starts_with("dns error")
            || s.contains("failed to lookup address")
            || s.contains("name or service not known")
            || s.contains("nodename nor servname")
            || s.contains("no such host")
        {
            return Some(Unreachable::Dns);
        }
        if s.contains("invalid peer certificate")
            || s.contains("received corrupt message")
            || s.contains("tls handshake")
            || s.contains("peer is incompatible")
            || s.contains("peer misbehaved")
            || s.contains("unknownissuer")
        {
            return Some(Unreachable::Tls);
        }
        cur = c.source();
    }
    None
}

fn dispatch_unreachable(
    d: &aws_smithy_runtime_api::client::result::DispatchFailure,
) -> Option<Unreachable> {
    d.as_connector_error().and_then(|c| unreachable_cause(c))
}

/// `e` and its causes, joined.
pub fn describe_chain_of(e: &(dyn std::error::Error + 'static)) -> String {
    let rest = describe_chain(e);
    if rest.is_empty() {
        e.to_string()
    } else {
        format!("{e}: {rest}")
    }
}

fn describe_chain(e: &dyn std::error::Error) -> String {
    let mut parts = Vec::new();
    let mut cur = e.source();
    while let Some(c) = cur {
        parts.push(c.to_string());
        cur = c.source();
    }
    parts.join(": ")
}

impl From<AwsError> for Error {
    fn from(e: AwsError) -> Self {
        if e.kind == AwsErrorKind::Unreachable {
            return unreachable_error(e);
        }
        let hint = match e.kind {
            AwsErrorKind::AccessDenied => Some(
                "check the credentials (--profile, AWS_PROFILE) and that they may call this API",
            ),
            AwsErrorKind::Throttled => Some("AWS is throttling; re-run the same command to resume"),
            AwsErrorKind::Transient => {
                Some("a network or service fault; re-run the same command to resume")
            }
            _ => None,
        };
        let mut err = Error::env(format!("AWS {}: {}", e.op, e.code));
        if !e.message.is_empty() {
            err = err.caused_by(&e.message);
        }
        if let Some(h) = hint {
            err = err.with_hint(h);
        }
        err
    }
}

/// One line for an endpoint that cannot be reached, with the hint for that cause; the
/// low-level chain stays a cause (shown with -v).
fn unreachable_error(e: AwsError) -> Error {
    let (what, hint) = match e.code.as_str() {
        "ConnectionRefused" => (
            "connection refused: nothing is listening at the endpoint",
            "check --endpoint-url / AWS_ENDPOINT_URL (is the emulator or proxy running?); nothing was retried",
        ),
        "DnsFailure" => (
            "the endpoint's host name does not resolve (DNS)",
            "check --endpoint-url / AWS_ENDPOINT_URL, --region and this machine's DNS; nothing was retried",
        ),
        _ => (
            "the TLS handshake with the endpoint failed",
            "check that the endpoint URL's scheme (http:// or https://) matches the server and that its certificate is trusted; nothing was retried",
        ),
    };
    let mut err = Error::env(format!("cannot reach AWS ({}): {what}", e.op)).with_hint(hint);
    if !e.message.is_empty() {
        err = err.caused_by(&e.message);
    }
    err
}

/// `Ok(None)` for NotFound, the value otherwise.
pub trait OptionalExt<T> {
    fn optional(self) -> AwsResult<Option<T>>;
}

impl<T> OptionalExt<T> for AwsResult<T> {
    fn optional(self) -> AwsResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind == AwsErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The HTTP status of a raw response, whatever the SDK's response type.
pub trait HttpStatus {
    fn status_code(&self) -> u16;
}

impl HttpStatus for aws_smithy_runtime_api::client::orchestrator::HttpResponse {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error with a cause, as hyper and rustls nest them.
    #[derive(Debug)]
    struct Outer(std::io::Error);
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("client error (Connect)")
        }
    }
    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn refused_dns_and_tls_failures_are_recognised_through_the_cause_chain() {
        let io = |k, m: &str| Outer(std::io::Error::new(k, m.to_string()));
        use std::io::ErrorKind as K;
        assert_eq!(
            unreachable_cause(&io(K::ConnectionRefused, "tcp connect error")),
            Some(Unreachable::Refused)
        );
        assert_eq!(
            unreachable_cause(&io(
                K::Other,
                "dns error: failed to lookup address information: Name or service not known"
            )),
            Some(Unreachable::Dns)
        );
        assert_eq!(
            unreachable_cause(&io(
                K::InvalidData,
                "invalid peer certificate: UnknownIssuer"
            )),
            Some(Unreachable::Tls)
        );
        // A reset or a timeout is worth a retry: not "unreachable".
        assert_eq!(
            unreachable_cause(&io(K::ConnectionReset, "connection reset by peer")),
            None
        );
        assert_eq!(
            unreachable_cause(&io(K::TimedOut, "operation timed out")),
            None
        );
        let e = Error::from(AwsError {
            kind: AwsErrorKind::Unreachable,
            op: "sts:GetCallerIdentity".into(),
            code: "DnsFailure".into(),
            message: "dns error".into(),
        });
        assert_eq!(e.kind.exit_code(), 3);
        assert!(e.message.contains("does not resolve"), "{}", e.message);
        assert!(e.hint.unwrap().contains("DNS"));
    }
}
