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
