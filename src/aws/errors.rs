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
        "NoSuchEntity" | "ParameterNotFound" | "NoSuchKey" | "NoSuchBucket" | "NotFound" | "UserNotFoundException"
        | "ResourceNotFoundException" | "NoSuchBucketPolicy" | "ServerSideEncryptionConfigurationNotFoundError"
        | "NoSuchPublicAccessBlockConfiguration" | "ParameterVersionNotFound" | "404" => NotFound,
        "EntityAlreadyExists" | "ParameterAlreadyExists" | "UsernameExistsException" | "BucketAlreadyOwnedByYou"
        | "BucketAlreadyExists" | "AliasExistsException" => AlreadyExists,
        "Throttling" | "ThrottlingException" | "TooManyRequestsException" | "SlowDown" | "RequestLimitExceeded"
        | "ThrottledException" | "LimitExceededException" | "RequestThrottled" | "ProvisionedThroughputExceededException" => {
            Throttled
        }
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "UnrecognizedClientException"
        | "InvalidClientTokenId" | "ExpiredToken" | "ExpiredTokenException" | "SignatureDoesNotMatch" | "403" => AccessDenied,
        "InternalError" | "InternalFailure" | "InternalServerError" | "InternalErrorException" | "ServiceUnavailable"
        | "ServiceUnavailableException" | "503" | "500" => Transient,
        c if c.starts_with("Invalid") || c.starts_with("Malformed") || c.ends_with("ValidationException") || c == "ValidationError" => {
            Invalid
        }
        _ => Other,
    }
}

/// Classify an SDK error from operation `op` (e.g. "ssm:GetParameter /ns/x").
pub fn classify<E, R>(op: impl Into<String>, err: SdkError<E, R>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: fmt::Debug,
{
    let op = op.into();
    match &err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let code = e.code().unwrap_or("Unknown").to_string();
            let message = e.message().unwrap_or("").to_string();
            let mut kind = kind_for_code(&code);
            if kind == AwsErrorKind::Other {
                // Some S3 HEAD responses carry no body: fall back on the status.
                let raw = format!("{:?}", se.raw());
                if raw.contains("StatusCode(404)") || raw.contains("status: 404") {
                    kind = AwsErrorKind::NotFound;
                }
            }
            AwsError { kind, op, code, message }
        }
        SdkError::TimeoutError(_) => AwsError { kind: AwsErrorKind::Transient, op, code: "Timeout".into(), message: String::new() },
        SdkError::DispatchFailure(d) => AwsError {
            kind: if d.is_io() || d.is_timeout() { AwsErrorKind::Transient } else { AwsErrorKind::Other },
            op,
            code: "DispatchFailure".into(),
            message: describe_chain(&err),
        },
        SdkError::ResponseError(_) => {
            AwsError { kind: AwsErrorKind::Transient, op, code: "ResponseError".into(), message: describe_chain(&err) }
        }
        _ => AwsError { kind: AwsErrorKind::Other, op, code: "ConstructionFailure".into(), message: describe_chain(&err) },
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
            AwsErrorKind::AccessDenied => Some("check the credentials (--profile, AWS_PROFILE) and that they may call this API"),
            AwsErrorKind::Throttled => Some("AWS is throttling; re-run the same command to resume"),
            AwsErrorKind::Transient => Some("a network or service fault; re-run the same command to resume"),
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
