//! `tenantctl policy managed-snapshot`: read AWS managed policies from the account into a
//! snapshot file (policy::managed), to use instead of the one shipped with tenantctl.
//! It writes only that local file, so there is no --dry-run; an existing file needs --force.
//!
//! It needs no platform config: IAM is global, so the region (--region, else AWS_REGION /
//! AWS_DEFAULT_REGION, else us-east-1) only picks the partition's endpoint. That is why it
//! connects with `Settings::connect` instead of `Platform::open`, which requires tenantctl.toml.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use futures::{StreamExt, TryStreamExt};

use crate::aws::iam::PolicyVersionRef;
use crate::aws::{self, Aws, AwsError, AwsErrorKind};
use crate::cli::ManagedSnapshotArgs;
use crate::error::{Error, Result};
use crate::output::Printer;
use crate::platform::caller;
use crate::policy::managed::{is_aws_managed, ManagedPolicy, Snapshot};
use crate::settings::Settings;

pub async fn run(
    settings: &Settings,
    args: &ManagedSnapshotArgs,
    printer: &Printer,
) -> Result<i32> {
    // Input errors first (exit 2), before any AWS call.
    refuse_overwrite(&args.out, args.force)?;
    let requested = requested_arns(&args.arns)?;
    let aws = aws::connect(&settings.connect(settings.region_without_config())).await?;
    let account = caller(&aws).await?.account;
    let concurrency = usize::from(args.concurrency);
    let refs = match requested {
        Some(arns) => default_versions(&aws, arns, concurrency).await?,
        None => listed(&aws).await?,
    };
    let policies = documents(&aws, refs, concurrency, printer).await?;
    let snapshot = Snapshot::new(
        chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        format!("account {account} via iam:GetPolicyVersion"),
        policies,
    );
    write(&args.out, &snapshot.to_jsonl(), args.force)?;
    printer.status(format!(
        "{} AWS managed {} written to {}",
        snapshot.len(),
        if snapshot.len() == 1 {
            "policy"
        } else {
            "policies"
        },
        args.out.display()
    ));
    Ok(0)
}

/// A snapshot may be the reviewed input of CI; replacing one must be deliberate.
fn refuse_overwrite(out: &Path, force: bool) -> Result<()> {
    if !force && out.exists() {
        return Err(
            Error::usage(format!("{} exists; nothing was written", out.display()))
                .with_hint("pass --force to replace it, or choose another --out"),
        );
    }
    Ok(())
}

/// The `--arn` values, deduplicated; None for "every AWS managed policy".
fn requested_arns(arns: &[String]) -> Result<Option<BTreeSet<String>>> {
    if arns.is_empty() {
        return Ok(None);
    }
    if let Some(bad) = arns.iter().find(|a| !is_aws_managed(a)) {
        return Err(Error::usage(format!(
            "--arn {bad:?} is not an AWS managed policy ARN"
        ))
        .with_hint("AWS managed policies look like arn:aws:iam::aws:policy/ReadOnlyAccess (some have a path: .../policy/service-role/NAME)"));
    }
    Ok(Some(arns.iter().cloned().collect()))
}

/// Every AWS managed policy the account sees. None at all means the endpoint is not a real
/// IAM (an emulator without them): an empty snapshot would make every policy unknown.
async fn listed(aws: &Aws) -> Result<Vec<PolicyVersionRef>> {
    let refs = aws.iam_list_aws_managed_policies().await?;
    if refs.is_empty() {
        return Err(Error::env(
            "iam:ListPolicies Scope=AWS returned no policies; nothing was written",
        )
        .with_hint("against moto, start it with MOTO_IAM_LOAD_MANAGED_POLICIES=true"));
    }
    Ok(refs)
}

/// GetPolicy for each requested ARN: its default version. A policy that does not exist is
/// bad input (exit 2), like any other wrong argument.
async fn default_versions(
    aws: &Aws,
    arns: BTreeSet<String>,
    concurrency: usize,
) -> Result<Vec<PolicyVersionRef>> {
    futures::stream::iter(arns)
        .map(|arn| async move {
            aws.iam_policy_default_version(&arn)
                .await
                .map_err(|e| not_found_is_usage(&arn, e))
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await
}

fn not_found_is_usage(arn: &str, e: AwsError) -> Error {
    if e.kind == AwsErrorKind::NotFound {
        Error::usage(format!("no AWS managed policy {arn}; nothing was written"))
            .caused_by(&e)
            .with_hint("check the name and path (e.g. .../policy/service-role/NAME); `aws iam list-policies --scope AWS` lists them")
    } else {
        Error::from(e)
    }
}

/// GetPolicyVersion for each policy, `concurrency` at a time (IAM's request rate is the
/// limit: adaptive retry slows down when it throttles).
async fn documents(
    aws: &Aws,
    refs: Vec<PolicyVersionRef>,
    concurrency: usize,
    printer: &Printer,
) -> Result<Vec<ManagedPolicy>> {
    let pb = printer.progress_bar(refs.len() as u64, "reading policies");
    let policies = futures::stream::iter(refs)
        .map(|r| {
            let pb = pb.clone();
            async move {
                let p = document(aws, r).await;
                pb.inc(1);
                p
            }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await;
    pb.finish_and_clear();
    policies
}

async fn document(aws: &Aws, r: PolicyVersionRef) -> Result<ManagedPolicy> {
    let text = aws.iam_policy_version_document(&r.arn, &r.version).await?;
    let document = serde_json::from_str(&text).map_err(|e| {
        Error::env(format!(
            "iam:GetPolicyVersion {} {}: the document is not JSON: {e}",
            r.arn, r.version
        ))
    })?;
    Ok(ManagedPolicy {
        arn: r.arn,
        version: r.version,
        updated: r.updated,
        document,
    })
}

/// Write through a temporary file in the same directory and rename it into place, so that a
/// failed write never leaves half a snapshot (or destroys the one --force replaces).
fn write(out: &Path, text: &str, force: bool) -> Result<()> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()));
    let cannot = |e: std::io::Error| Error::env(format!("cannot write {}: {e}", out.display()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(cannot(e));
    }
    // Checked again here: another process may have created the file while we read IAM.
    // (A hard link fails if the target exists, unlike a rename.)
    let placed = if force {
        std::fs::rename(&tmp, out)
    } else {
        std::fs::hard_link(&tmp, out)
    };
    let _ = std::fs::remove_file(&tmp);
    match placed {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => refuse_overwrite(out, false),
        Err(e) => Err(cannot(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_checked_and_deduplicated() {
        assert_eq!(requested_arns(&[]).unwrap(), None);
        let a = "arn:aws:iam::aws:policy/ReadOnlyAccess".to_string();
        let got = requested_arns(&[a.clone(), a.clone()]).unwrap().unwrap();
        assert_eq!(got.into_iter().collect::<Vec<_>>(), vec![a]);
        let e = requested_arns(&["arn:aws:iam::123456789012:policy/Mine".into()]).unwrap_err();
        assert_eq!(e.kind.exit_code(), 2);
        assert!(
            e.message.contains("not an AWS managed policy ARN"),
            "{}",
            e.message
        );
    }

    #[test]
    fn write_refuses_an_existing_file_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.jsonl");
        write(&out, "one\n", false).unwrap();
        let e = write(&out, "two\n", false).unwrap_err();
        assert_eq!(e.kind.exit_code(), 2);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "one\n");
        write(&out, "three\n", true).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "three\n");
        // No temporary file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
