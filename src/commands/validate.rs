//! `tenantctl validate isolation|drift`.

use crate::cli::{DriftArgs, IsolationArgs, ReportFiles};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::isolation::{self, assess, drift, online, report};
use crate::output::{to_json, Column, Printer, Render, Value};
use crate::platform::index::TenantSummary;
use crate::platform::Platform;
use crate::settings::Settings;

fn write_reports(
    files: &ReportFiles,
    rules: &[report::RuleMeta],
    items: &[report::ResultItem],
    suite: &str,
    counts: &dyn Fn(&str) -> u64,
) -> Result<()> {
    if let Some(p) = &files.junit {
        report::write_file(p, &report::junit(suite, rules, items, counts))?;
    }
    if let Some(p) = &files.sarif {
        let text = serde_json::to_string_pretty(&report::sarif(rules, items, counts))
            .expect("SARIF serialises");
        report::write_file(p, &text)?;
    }
    Ok(())
}

/// Check before any work that the report files can be created (bad path = exit 2, not after a long run).
fn check_writable(files: &ReportFiles) -> Result<()> {
    for p in [&files.junit, &files.sarif].into_iter().flatten() {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        if !dir.is_dir() {
            return Err(Error::usage(format!(
                "cannot write {}: directory {} does not exist",
                p.display(),
                dir.display()
            )));
        }
    }
    Ok(())
}

/// The partition of a region (templates resolve `AWS::Partition` from it).
fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

pub async fn isolation(
    settings: &Settings,
    args: &IsolationArgs,
    printer: &Printer,
) -> Result<i32> {
    check_writable(&args.files)?;
    let focus = args
        .tenant
        .as_deref()
        .map(TenantId::parse)
        .transpose()?
        .map(|t| t.to_string());
    let inputs = if args.offline {
        let cfg = Config::load(&settings.config_path)?;
        let tenants = match (&args.tenants, &args.tenants_file) {
            (Some(t), _) => online::parse_tenants_flag(t)?,
            (None, Some(f)) => {
                crate::input::require_regular_file(f, "tenants file")?;
                let text = std::fs::read_to_string(f).map_err(|e| {
                    Error::usage(format!("cannot read tenants file {}: {e}", f.display()))
                })?;
                online::parse_tenants_file(&text, &f.display().to_string())?
            }
            (None, None) => Vec::new(),
        };
        if args.account.len() != 12 || !args.account.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::usage(format!(
                "--account {:?} is not a 12-digit account id",
                args.account
            )));
        }
        let region = settings.region_or(&cfg.region);
        if args.cloudformation.is_empty() {
            let offline = online::OfflineArgs {
                policies: args.policy.clone(),
                trust_policy: args.trust_policy.clone(),
                runtime_policies: args.runtime_policy.clone(),
                bucket_policy: args.bucket_policy.clone(),
                tenants,
                account: args.account.clone(),
                partition: "aws".into(),
            };
            vec![online::from_files(
                &cfg,
                &region,
                &offline,
                focus,
                !args.no_adversarial,
            )?]
        } else {
            let t = assess::TemplateArgs {
                templates: args.cloudformation.clone(),
                stack_name: args.stack_name.clone(),
                parameters: args.parameter.clone(),
                managed_policies: args.managed_policies.clone(),
                tenants,
                account: args.account.clone(),
                partition: partition_of(&region).into(),
            };
            assess::from_templates(&cfg, &region, &t, focus, !args.no_adversarial)?
        }
    } else {
        let p = Platform::open(settings).await?;
        // The proof CI trusts reads the fleet from the source of truth, not the index.
        let fleet: Vec<TenantSummary> = p
            .load_all_records()
            .await?
            .iter()
            .map(TenantSummary::of)
            .collect();
        let mut input =
            online::from_account(&p, &fleet, focus.clone(), !args.no_adversarial).await?;
        let identity = online::identity_findings(&p, focus.as_deref(), &mut input.notes).await?;
        input.preflight.extend(identity);
        let authorizers = isolation::authorizers::authorizer_findings(&p, &mut input.notes).await?;
        input.preflight.extend(authorizers);
        if args.live {
            let probes = isolation::live::probe(&p, &input, printer).await?;
            let mut input = input;
            input.preflight.extend(probes);
            vec![input]
        } else {
            vec![input]
        }
    };
    let rep = isolation::validate_all(&inputs, args.max_findings_per_rule);
    report::print_isolation(printer, &rep)?;
    let items = report::isolation_items(&rep);
    let counts = |id: &str| {
        rep.summary
            .findings_by_rule
            .iter()
            .filter(|(k, _)| k.starts_with(id))
            .map(|(_, n)| *n)
            .sum()
    };
    write_reports(
        &args.files,
        &report::isolation_rules(),
        &items,
        "tenant isolation",
        &counts,
    )?;
    Ok(if rep.isolated { 0 } else { 1 })
}

pub async fn drift(settings: &Settings, args: &DriftArgs, printer: &Printer) -> Result<i32> {
    check_writable(&args.files)?;
    let p = Platform::open(settings).await?;
    let rep = drift::run(&p).await?;
    printer.print(&DriftOut(&rep))?;
    for n in &rep.notes {
        printer.note(n);
    }
    printer.table_footer(format!(
        "{} tenants, {} users, {} objects, {} parameters checked: {}",
        rep.tenants,
        rep.users,
        rep.objects,
        rep.parameters,
        match (rep.clean, rep.findings.len()) {
            (true, 0) => "no drift".to_string(),
            (true, n) => format!("no drift, {n} warning(s)"),
            (false, n) => format!("{n} finding(s)"),
        }
    ));
    let rules: Vec<_> = drift::DriftRule::ALL.iter().map(|r| r.meta()).collect();
    let items = rep.items();
    let counts = |id: &str| items.iter().filter(|i| i.rule_id == id).count() as u64;
    write_reports(&args.files, &rules, &items, "registry drift", &counts)?;
    Ok(if rep.clean { 0 } else { 1 })
}

/// `validate drift`: JSON the report; CSV and the table one row per finding (the table
/// nothing when there is none).
struct DriftOut<'a>(&'a drift::DriftReport);

impl Render for DriftOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self.0)
    }
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let columns = ["rule", "name", "subject", "message"].map(Column::new);
        let rows = self
            .0
            .findings
            .iter()
            .map(|f| {
                vec![
                    f.rule.meta().id.into(),
                    f.rule_name.to_string().into(),
                    f.subject.as_str().into(),
                    f.message.as_str().into(),
                ]
            })
            .collect();
        (columns.to_vec(), rows)
    }
    fn table(&self, printer: &Printer) -> Result<String> {
        let (columns, rows) = self.csv();
        if rows.is_empty() {
            return Ok(String::new());
        }
        Ok(printer.table_of(&columns, &rows).to_string())
    }
}
