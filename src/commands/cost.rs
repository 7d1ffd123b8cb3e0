//! `tenantctl cost report|budget`: resolve arguments (all validated before any AWS call),
//! fetch from Cost Explorer, hand the numbers to `cost::*`, print.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::aws::ce::CeMetric;
use crate::cli::{
    AllocateShared, BudgetForecast, CostBudgetArgs, CostBy, CostGranularity, CostMetric,
    CostReconcileArgs, CostReportArgs, CostSetupArgs, CostSource, CurSource,
};
use crate::commands::mutation::{self, Mutation};
use crate::config::Config;
use crate::cost::budget::{self, ForecastMode, Inputs, Window};
use crate::cost::dates::{self, DateRange, Granularity};
use crate::cost::report::{self, Registry, Report, RowKind, Spec, CSV_COLUMNS};
use crate::cost::sources::SourceKind;
use crate::cost::{athena, chart, cur, money, setup, sources, usage, AllocationMode, View};
use crate::error::{Error, Result};
use crate::naming::{TAG_CLINIC_ID, TAG_TIER};
use crate::output::{to_json, Column, Printer, Render, Value};
use crate::platform::Platform;
use crate::settings::Settings;

/// Tenant prefixes listed at once for the storage column.
const STORAGE_CONCURRENCY: usize = 16;
/// GetCostForecast calls at once (Cost Explorer's request rate is low).
const FORECAST_CONCURRENCY: usize = 4;

fn metric(m: CostMetric) -> CeMetric {
    match m {
        CostMetric::Unblended => CeMetric::Unblended,
        CostMetric::Amortized => CeMetric::Amortized,
        CostMetric::NetUnblended => CeMetric::NetUnblended,
        CostMetric::NetAmortized => CeMetric::NetAmortized,
        CostMetric::Blended => CeMetric::Blended,
    }
}

fn view(b: CostBy) -> View {
    match b {
        CostBy::Tenant => View::Tenant,
        CostBy::Tier => View::Tier,
        CostBy::Service => View::Service,
        CostBy::TenantService => View::TenantService,
    }
}

fn check_chart_path(p: &Path) -> Result<()> {
    if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
        return Err(Error::usage(format!(
            "--chart {}: the chart is an SVG file; name it FILE.svg",
            p.display()
        )));
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(Error::usage(format!(
            "--chart {}: directory {} does not exist",
            p.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// Today in UTC, or `TENANTCTL_TODAY=YYYY-MM-DD`: re-running a month-to-date report or budget
/// check exactly as it ran on a given day (and testing the current-month logic on any day).
fn today() -> Result<chrono::NaiveDate> {
    match std::env::var("TENANTCTL_TODAY") {
        Ok(v) if !v.is_empty() => chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
            Error::usage(format!(
                "TENANTCTL_TODAY={v:?} is not a date like 2026-10-15"
            ))
        }),
        _ => Ok(Utc::now().date_naive()),
    }
}

fn source_kind(s: CostSource) -> SourceKind {
    match s {
        CostSource::CostExplorer => SourceKind::CostExplorer,
        CostSource::Cur => SourceKind::Cur,
        CostSource::Athena => SourceKind::Athena,
    }
}

/// LOCATION goes with `--source cur`, and only with it.
fn check_location(source: SourceKind, location: Option<&str>) -> Result<()> {
    match (source, location) {
        (SourceKind::Cur, None) => Err(Error::usage(
            "--source cur needs LOCATION: the directory (or s3://bucket/prefix) of the CUR 2.0 export's Parquet files",
        )
        .with_hint("e.g. tenantctl cost report --source cur ./cur/data/BILLING_PERIOD=2026-10/ --month 2026-10")),
        (SourceKind::Cur, Some(l)) => cur::Location::parse(l).map(|_| ()),
        (_, Some(l)) => Err(Error::usage(format!(
            "LOCATION {l:?} is only for --source cur (--source {} reads no files)",
            source.as_str()
        ))),
        (_, None) => Ok(()),
    }
}

/// Everything `cost report` needs, validated. No AWS call has been made yet.
fn resolve_report(args: &CostReportArgs) -> Result<Spec> {
    let today = today()?;
    let range = DateRange::resolve(
        args.from.as_deref(),
        args.to.as_deref(),
        args.month.as_deref(),
        today,
    )?;
    let view = view(args.by);
    let mode = match args.allocate_shared {
        AllocateShared::None => AllocationMode::None,
        AllocateShared::Proportional => AllocationMode::Proportional,
        AllocateShared::Even => AllocationMode::Even,
        AllocateShared::Usage => AllocationMode::Usage,
    };
    let source = source_kind(args.source);
    check_location(source, args.location.as_deref())?;
    if mode == AllocationMode::Usage && source == SourceKind::CostExplorer {
        return Err(Error::usage(
            "--allocate-shared usage needs --source cur or --source athena: Cost Explorer does not know which caller used what",
        ));
    }
    if source != SourceKind::CostExplorer {
        cur::cost_column(metric(args.metric))?;
    }
    if view == View::Service && mode != AllocationMode::None {
        return Err(Error::usage("--allocate-shared needs a tenant or tier view: --by service has no untagged remainder to split")
            .with_hint("use --by tenant,service to see shared cost allocated per service"));
    }
    if let Some(p) = &args.chart {
        check_chart_path(p)?;
    }
    let granularity = match args.granularity {
        CostGranularity::Daily => Granularity::Daily,
        CostGranularity::Monthly => Granularity::Monthly,
    };
    Ok(Spec {
        range,
        granularity,
        metric: metric(args.metric),
        view,
        mode,
        source,
    })
}

pub async fn report(settings: &Settings, args: &CostReportArgs, printer: &Printer) -> Result<i32> {
    let cfg = Config::load(&settings.config_path)?;
    let spec = resolve_report(args)?;
    let p = Platform::open_with(settings, cfg).await?;
    // The fleet (the registry index when it is built: 256 parallel reads at any N) is read
    // while the costs are: a CUR scan takes seconds, and the report needs both only now.
    let t0 = std::time::Instant::now();
    let fleet = async {
        let warnings = sources::check_tags(&p.aws, &[TAG_CLINIC_ID, TAG_TIER]).await;
        let records = p.tenant_summaries().await?;
        Ok::<_, Error>((warnings, records, t0.elapsed()))
    };
    let mut cost_warnings = Vec::new();
    let costs = async {
        let fetched = fetch_report_costs(&p, &spec, args, &mut cost_warnings).await?;
        Ok::<_, Error>((fetched, t0.elapsed()))
    };
    let ((mut warnings, records, fleet_time), ((fetched, totals), cost_time)) =
        tokio::try_join!(fleet, costs)?;
    if records.is_empty() {
        warnings.push(format!(
            "the registry ({}) has no tenants: all tagged cost shows as unknown (is --config the right platform?)",
            p.names.ssm_tenants_root()
        ));
    }
    warnings.append(&mut cost_warnings);
    let reg = Registry::new(&records, &p.cfg);
    let (num_lines, num_periods) = fetched.counts();
    printer.detail(format!(
        "{}: {num_lines} line(s) over {num_periods} period(s) read in {} ms; the fleet ({} tenants) read meanwhile, in {} ms",
        spec.source.label(),
        cost_time.as_millis(),
        records.len(),
        fleet_time.as_millis()
    ));
    let (mut rep, ranker) = build_report(&spec, &reg, fetched, &totals, &p.cfg, printer)?;
    warnings.append(&mut rep.warnings);
    rep.warnings = warnings;

    // Storage is shown in the table and JSON (CSV columns are fixed), for tenant views.
    if spec.view.is_tenant() && !args.no_storage && !printer.fixed_columns() {
        match usage::storage(&p.aws, &p.names, &records, STORAGE_CONCURRENCY).await {
            Ok(u) => rep.usage = Some(u),
            Err(e) => rep
                .warnings
                .push(format!("storage usage unavailable: {}", e.message)),
        }
    }

    for w in &rep.warnings {
        printer.warn(w);
    }
    let top = if printer.is_csv() {
        ranker.top(args.top as usize)
    } else {
        report::ranked(&rep, spec.view, args.top as usize)
    };
    if !printer.is_csv() {
        printer.print(&ReportOut {
            rep: &rep,
            view: spec.view,
            top: &top,
        })?;
    }
    print_reconciliation(&rep, printer);
    if let Some(path) = &args.chart {
        write_chart(path, &top, spec.view, &rep, printer)?;
    }
    Ok(0)
}

/// The report's input and the reference totals. CUR: the sums stay per period, read as
/// borrowed lines when the report builds that period, so no period's lines are ever copied.
async fn fetch_report_costs(
    p: &Platform,
    spec: &Spec,
    args: &CostReportArgs,
    warnings: &mut Vec<String>,
) -> Result<(Fetched, sources::Totals)> {
    Ok(match (spec.source, args.location.as_deref()) {
        (SourceKind::Cur, Some(location)) => {
            let (c, t, mut w) = cur::scan_sums(&p.aws, location, scan_spec(spec)).await?;
            warnings.append(&mut w);
            (Fetched::Cur(c), t)
        }
        _ => {
            let (c, t) = fetch_costs(p, spec, args.location.as_deref(), warnings).await?;
            (Fetched::All(c), t)
        }
    })
}

/// Builds the report period by period. CSV is written period by period, and each period's
/// lines and rows dropped once written: a month by day for 10,000 tenants stays small.
fn build_report(
    spec: &Spec,
    reg: &Registry,
    mut fetched: Fetched,
    totals: &sources::Totals,
    cfg: &Config,
    printer: &Printer,
) -> Result<(Report, report::Ranker)> {
    let t1 = std::time::Instant::now();
    let (units, usage) = match &mut fetched {
        Fetched::All(c) => (std::mem::take(&mut c.units), std::mem::take(&mut c.usage)),
        Fetched::Cur(c) => (std::mem::take(&mut c.units), std::mem::take(&mut c.usage)),
    };
    let (names, inputs) = fetched.into_inputs();
    let names = names.as_ref();
    let usage = &usage;
    let mut builder = report::Builder::new(spec, reg, &units, totals, &cfg.cost.currency)?;
    let dp = builder.dp();
    let (shape, tally) = builder.split();
    let mut rows = Vec::new();
    let mut ranker = report::Ranker::default();
    if printer.is_csv() {
        let mut stream = printer.csv_stream(&CSV_COLUMNS)?;
        // The periods are built on `workers` threads (period i on worker i mod workers), and
        // absorbed and written in order on this one. Each worker hands over one period at a
        // time, so memory stays a few periods' rows.
        let num_periods = inputs.len();
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4)
            .min(num_periods.max(1));
        let mut queues: Vec<Vec<PeriodInput>> = (0..workers).map(|_| Vec::new()).collect();
        for (i, input) in inputs.into_iter().enumerate() {
            queues[i % workers].push(input);
        }
        std::thread::scope(|scope| -> Result<()> {
            let mut outs = Vec::new();
            for queue in queues {
                let (tx, rx) = std::sync::mpsc::sync_channel(1);
                outs.push(rx);
                scope.spawn(move || {
                    for input in queue {
                        // The period's sums are freed here, off the writing thread.
                        if tx.send(period_rows(shape, names, usage, input)).is_err() {
                            break; // the writer stopped (an error): so does this worker
                        }
                    }
                });
            }
            let mut money = Default::default();
            for i in 0..num_periods {
                let Ok(out) = outs[i % workers].recv() else {
                    break; // the worker panicked: the scope reports it
                };
                for row in tally.absorb(shape, out) {
                    ranker.add(&row, spec.view);
                    stream.row(row.csv_cells(dp, &mut money))?;
                }
            }
            Ok(())
        })?;
        stream.finish()?;
    } else {
        for input in inputs {
            rows.extend(tally.absorb(shape, period_rows(shape, names, usage, input)));
        }
    }
    let rep = builder.finish(totals, rows);
    if printer.is_csv() {
        printer.detail(format!(
            "report built and written in {} ms",
            t1.elapsed().as_millis()
        ));
    }
    Ok((rep, ranker))
}

/// One period of a report's input: its lines (Cost Explorer, Athena), or the CUR's sums,
/// which become borrowed lines of `cur::CurNames` as the period is built.
enum PeriodInput {
    Lines(sources::PeriodCosts),
    Sums(report::PeriodHead, cur::PeriodSums),
}

/// The rows of one period (consumes its input).
fn period_rows(
    shape: &report::Shape,
    names: Option<&cur::CurNames>,
    usage: &BTreeMap<NaiveDate, BTreeMap<String, Decimal>>,
    input: PeriodInput,
) -> report::PeriodRows {
    match input {
        PeriodInput::Lines(p) => {
            let lines = p.lines.iter().map(sources::Line::as_ref);
            shape.rows_of(report::PeriodHead::of(&p), lines, usage.get(&p.start))
        }
        PeriodInput::Sums(head, sums) => {
            let names = names.expect("CUR sums come with their names");
            let lines = sums.iter().map(|&(k, v)| names.line(k, v));
            shape.rows_of(head, lines, usage.get(&head.start))
        }
    }
}

/// The closing line: the report's total against the source's own; a warning when they differ.
fn print_reconciliation(rep: &Report, printer: &Printer) {
    let rec = &rep.reconciliation;
    let line = format!(
        "reconciliation: report total {} {cur} {} {} total {} {cur} for {}..{} (end exclusive), difference {}",
        money::plain(rec.report_total, rep.dp),
        if rec.reconciled { "=" } else { "≠" },
        rec.reference,
        money::plain(rec.cost_explorer_total, rep.dp),
        rep.query.from,
        rep.query.to,
        money::plain(rec.difference, rep.dp),
        cur = rep.currency,
    );
    if !rec.reconciled {
        printer.warn(format!("{line}: the report does not reconcile; re-run, and check for late-arriving Cost Explorer data"));
    } else {
        printer.closing_line(line);
    }
}

/// `--chart`: the top entries as an SVG bar chart.
fn write_chart(
    path: &Path,
    top: &[report::Ranked],
    view: View,
    rep: &Report,
    printer: &Printer,
) -> Result<()> {
    let title = format!(
        "Top {} by {} cost, {}..{} (end exclusive), {}",
        top.len(),
        view.as_str(),
        rep.query.from,
        rep.query.to,
        rep.currency
    );
    std::fs::write(path, chart::svg(top, &title, &rep.currency, rep.dp))
        .map_err(|e| Error::env(format!("writing --chart {}: {e}", path.display())))?;
    printer.status(format!("chart written to {}", path.display()));
    Ok(())
}

/// A report's input: every period's lines, or the CUR's sums per period.
enum Fetched {
    All(sources::Costs),
    Cur(cur::CurCosts),
}

impl Fetched {
    /// (lines, periods) read.
    fn counts(&self) -> (usize, usize) {
        match self {
            Fetched::All(c) => (
                c.periods.iter().map(|p| p.lines.len()).sum::<usize>(),
                c.periods.len(),
            ),
            Fetched::Cur(c) => (c.num_lines(), c.num_periods()),
        }
    }

    /// The periods in order, and the names CUR sums refer to.
    fn into_inputs(self) -> (Option<cur::CurNames>, Vec<PeriodInput>) {
        match self {
            Fetched::All(c) => (
                None,
                c.periods.into_iter().map(PeriodInput::Lines).collect(),
            ),
            Fetched::Cur(c) => {
                let (names, periods) = c.into_parts();
                let inputs = periods
                    .into_iter()
                    .map(|((start, end), sums)| {
                        let head = report::PeriodHead {
                            start,
                            end,
                            estimated: false,
                        };
                        PeriodInput::Sums(head, sums)
                    })
                    .collect();
                (Some(names), inputs)
            }
        }
    }
}

/// The grouped costs and the reference totals of the report's source.
async fn fetch_costs(
    p: &Platform,
    spec: &Spec,
    location: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<(sources::Costs, sources::Totals)> {
    match spec.source {
        SourceKind::CostExplorer => {
            let grouped = sources::fetch(
                &p.aws,
                &sources::query(spec.range, spec.granularity, spec.metric, spec.view),
            )
            .await?;
            let costs = sources::parse_grouped(spec.view, spec.range, spec.granularity, &grouped)?;
            drop(grouped);
            let total = sources::fetch(
                &p.aws,
                &sources::total_query(spec.range, spec.granularity, spec.metric),
            )
            .await?;
            Ok((costs, sources::parse_totals(&total)?))
        }
        SourceKind::Cur => {
            let location = location.expect("checked in resolve_report");
            let (costs, totals, mut w) = cur::scan(&p.aws, location, scan_spec(spec)).await?;
            warnings.append(&mut w);
            Ok((costs, totals))
        }
        SourceKind::Athena => {
            let cfg = p.cfg.cost.athena.as_ref().ok_or_else(|| {
                Error::usage(format!(
                    "--source athena needs [cost.athena] in {} (database, table of the CUR 2.0 export)",
                    p.cfg.path.display()
                ))
                .with_hint("see docs/configuration.md ([cost.athena])")
            })?;
            athena::fetch(&p.aws, cfg, &scan_spec(spec)).await
        }
    }
}

fn scan_spec(spec: &Spec) -> cur::ScanSpec {
    cur::ScanSpec {
        range: spec.range,
        granularity: spec.granularity,
        view: spec.view,
        metric: spec.metric,
        usage: spec.mode == AllocationMode::Usage,
        service_names: false,
    }
}

fn report_table(rep: &Report, view: View, printer: &Printer) -> String {
    let dp = rep.dp;
    let storage: BTreeMap<&str, String> = rep
        .usage
        .iter()
        .flatten()
        .map(|u| {
            (
                u.tenant.as_str(),
                format!("{} / {} obj", usage::human_bytes(u.bytes), u.objects),
            )
        })
        .collect();
    let show_storage = view == View::Tenant && rep.usage.is_some();
    let mut header: Vec<&str> = vec!["period"];
    match view {
        View::Tenant => header.extend(["tenant", "tier"]),
        View::TenantService => header.extend(["tenant", "tier", "service"]),
        View::Tier => header.push("tier"),
        View::Service => header.push("service"),
    }
    let show_source = rep.query.source != SourceKind::CostExplorer.as_str();
    if show_source {
        header.push("source");
    }
    header.extend(["direct", "allocated", "total", "est."]);
    if show_storage {
        header.push("storage");
    }
    let mut t = printer.table(&header);
    for r in &rep.rows {
        let mut cells = vec![r.period.to_string()];
        match view {
            View::Tenant => cells.extend([r.tenant.clone(), r.tier.clone()]),
            View::TenantService => {
                cells.extend([r.tenant.clone(), r.tier.clone(), r.service.clone()])
            }
            View::Tier => cells.push(match r.kind {
                RowKind::Shared => r.tenant.clone(),
                RowKind::UnknownTier => format!("{} {}", r.tier, report::UNKNOWN_TIER),
                _ => r.tier.clone(),
            }),
            View::Service => cells.push(r.service.clone()),
        }
        if show_source {
            cells.push(r.source.as_str().to_string());
        }
        cells.extend([
            money::grouped(r.direct, dp),
            money::grouped(r.allocated, dp),
            money::grouped(r.total, dp),
            if r.estimated {
                "yes".into()
            } else {
                String::new()
            },
        ]);
        if show_storage {
            cells.push(storage.get(r.tenant.as_str()).cloned().unwrap_or_default());
        }
        t.add_row(cells);
    }
    let mut total = vec!["total".to_string()];
    total.extend(std::iter::repeat_n(
        String::new(),
        header.len() - 5 - usize::from(show_storage),
    ));
    // Column sums: allocations net out against the (untagged) rows they came from.
    let allocated_sum: Decimal = rep.rows.iter().map(|r| r.allocated).sum();
    total.extend([
        money::grouped(rep.totals.direct, dp),
        money::grouped(allocated_sum, dp),
        money::grouped(rep.totals.total, dp),
        String::new(),
    ]);
    if show_storage {
        total.push(String::new());
    }
    t.add_row(total);
    let mut text = t.to_string();
    let mut notes = Vec::new();
    if !rep.totals.allocated.is_zero() {
        notes.push(format!(
            "shared cost allocated ({}): {} {}",
            rep.query.allocate_shared,
            money::grouped(rep.totals.allocated, dp),
            rep.currency
        ));
    }
    if !rep.totals.unallocated.is_zero() {
        notes.push(format!(
            "untagged (shared) cost not allocated: {} {}",
            money::grouped(rep.totals.unallocated, dp),
            rep.currency
        ));
    }
    if !rep.totals.unknown.is_zero() {
        notes.push(format!(
            "cost tagged with unknown tenants/tiers: {} {}",
            money::grouped(rep.totals.unknown, dp),
            rep.currency
        ));
    }
    for n in notes {
        text.push('\n');
        text.push_str(&n);
    }
    text
}

/// `cost setup`: observe, plan, print; with --apply make the changes in order.
pub async fn setup(settings: &Settings, args: &CostSetupArgs, printer: &Printer) -> Result<i32> {
    let cfg = Config::load(&settings.config_path)?;
    let p = Platform::open_with(settings, cfg).await?;
    let export = p.cfg.cost.export.clone();
    let namespace = p.cfg.namespace.to_string();
    let target = setup::Target {
        export: export.as_ref(),
        namespace: &namespace,
        account: &p.caller.account,
        partition: &p.names.partition,
        region: &p.cfg.region,
    };
    let keys = setup::tag_keys();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let why = |e: crate::aws::AwsError| format!("{} failed: {}", e.op, e.code);
    let tags = p.aws.ce_cost_allocation_tags(&key_refs).await.map_err(why);
    let bucket = match &export {
        Some(e) => Some(
            async {
                let st = p.aws.s3_bucket_state(&e.bucket).await?;
                let policy = if st.exists {
                    p.aws.s3_bucket_policy(&e.bucket).await?
                } else {
                    None
                };
                Ok(setup::BucketState {
                    exists: st.exists,
                    policy,
                })
            }
            .await
            .map_err(why),
        ),
        None => None,
    };
    let found = match target.export_name() {
        Some(name) => Some(p.aws.bcm_find_export(&name).await.map_err(why)),
        None => None,
    };
    let plan = setup::plan(
        &target,
        &setup::Observed {
            tags,
            bucket,
            export: found,
        },
    );
    for n in &plan.notes {
        printer.warn(n);
    }
    let changes = setup::changes(&plan);
    crate::lifecycle::print_plan(printer, "cost setup", &changes, !args.apply)?;
    if !args.apply || plan.steps.is_empty() {
        return Ok(0);
    }
    // Billing set-up is a platform mutation: one operator at a time (the platform's lease, as
    // `init` takes it), and an audit record of what was applied.
    let m = Mutation::platform("cost setup", false);
    mutation::guarded(&p, settings, printer, m, apply_setup(&p, printer, &plan)).await
}

/// `cost setup --apply`: the planned steps in order; a failure after the first is partial.
async fn apply_setup(p: &Platform, printer: &Printer, plan: &setup::SetupPlan) -> Result<i32> {
    let mut done = 0usize;
    for step in &plan.steps {
        let res = match step {
            setup::Step::CreateBucket { bucket } => {
                p.aws.s3_create_bucket(bucket, &p.cfg.region).await
            }
            setup::Step::PutBucketPolicy { bucket, policy } => {
                p.aws.s3_put_bucket_policy(bucket, policy).await
            }
            setup::Step::ActivateTags { keys } => {
                p.aws.ce_activate_tags(keys).await.map(|failed| {
                    for (k, m) in failed {
                        printer.warn(format!(
                            "tag `{k}` was not activated ({m}): a key can be activated only after AWS has seen it on cost; run `tenantctl cost setup --apply` again after a day of usage"
                        ));
                    }
                })
            }
            setup::Step::CreateExport(spec) => p.aws.bcm_create_export(spec).await.map(|arn| {
                printer.status(format!(
                    "export {} created ({arn}); the first delivery arrives within 24 hours",
                    spec.name
                ))
            }),
        };
        if let Err(e) = res {
            let err = Error::from(e);
            return Err(if done > 0 {
                Error::partial(format!(
                    "cost setup stopped after {done} of {} change(s): {}",
                    plan.steps.len(),
                    err.message
                ))
                .with_hint(
                    "run `tenantctl cost setup --apply` again: done steps are not planned again",
                )
            } else {
                err
            });
        }
        done += 1;
    }
    printer.status(format!("cost setup: {done} change(s) applied"));
    Ok(0)
}

/// One service in `cost reconcile`.
#[derive(Debug, Clone, serde::Serialize)]
struct ServiceDiff {
    service: String,
    cost_explorer: Decimal,
    cur: Decimal,
    difference: Decimal,
    status: &'static str,
}

#[derive(Debug, Clone, serde::Serialize)]
struct Reconciled {
    month: String,
    source: &'static str,
    tolerance: Decimal,
    currency: String,
    services: Vec<ServiceDiff>,
    differing: Vec<String>,
    #[serde(skip)]
    dp: u32,
}

/// `cost reconcile`: Cost Explorer by SERVICE against the CUR by product name.
pub async fn reconcile(
    settings: &Settings,
    args: &CostReconcileArgs,
    printer: &Printer,
) -> Result<i32> {
    let cfg = Config::load(&settings.config_path)?;
    let today = today()?;
    let range = DateRange::resolve(None, None, args.month.as_deref(), today)?;
    let tolerance = parse_tolerance(&args.tolerance)?;
    let metric = metric(args.metric);
    cur::cost_column(metric)?;
    let source = match args.source {
        CurSource::Cur => SourceKind::Cur,
        CurSource::Athena => SourceKind::Athena,
    };
    check_location(source, args.location.as_deref())?;
    let p = Platform::open_with(settings, cfg).await?;
    let pages = sources::fetch(
        &p.aws,
        &sources::query(range, Granularity::Monthly, metric, View::Service),
    )
    .await?;
    let ce = sources::parse_grouped(View::Service, range, Granularity::Monthly, &pages)?;
    let spec = cur::ScanSpec {
        range,
        granularity: Granularity::Monthly,
        view: View::Service,
        metric,
        usage: false,
        service_names: true,
    };
    let (cur_costs, warnings) = fetch_cur_by_service(&p, source, args, spec).await?;
    let currency = ce
        .units
        .iter()
        .chain(cur_costs.units.iter())
        .next()
        .cloned()
        .unwrap_or_else(|| p.cfg.cost.currency.clone());
    let dp = money::minor_units(&currency);
    let (services, differing) = service_diffs(&ce, &cur_costs, dp, tolerance);
    for w in &warnings {
        printer.warn(w);
    }
    let r = Reconciled {
        month: iso_month(range.from),
        source: source.as_str(),
        tolerance,
        currency,
        services,
        differing,
        dp,
    };
    printer.print(&ReconcileOut(&r))?;
    Ok(print_reconcile_verdict(&r, source, printer))
}

fn parse_tolerance(tolerance: &str) -> Result<Decimal> {
    money::parse_amount(tolerance)
        .filter(|t| !t.is_sign_negative())
        .ok_or_else(|| {
            Error::usage(format!(
                "--tolerance {tolerance:?} is not an amount like 0.01 (0 or more, in the currency)"
            ))
        })
}

/// The month by service from the CUR (files or Athena), and the scan's warnings.
async fn fetch_cur_by_service(
    p: &Platform,
    source: SourceKind,
    args: &CostReconcileArgs,
    spec: cur::ScanSpec,
) -> Result<(sources::Costs, Vec<String>)> {
    match source {
        SourceKind::Athena => {
            let cfg = p.cfg.cost.athena.as_ref().ok_or_else(|| {
                Error::usage(format!(
                    "--source athena needs [cost.athena] in {}",
                    p.cfg.path.display()
                ))
            })?;
            Ok((athena::fetch(&p.aws, cfg, &spec).await?.0, Vec::new()))
        }
        _ => {
            let (c, _, w) =
                cur::scan(&p.aws, args.location.as_deref().unwrap_or_default(), spec).await?;
            Ok((c, w))
        }
    }
}

/// Each service's amounts on both sides, rounded, and the services differing by more than
/// `tolerance`.
fn service_diffs(
    ce: &sources::Costs,
    cur_costs: &sources::Costs,
    dp: u32,
    tolerance: Decimal,
) -> (Vec<ServiceDiff>, Vec<String>) {
    let sum = |c: &sources::Costs| {
        let mut m: BTreeMap<String, Decimal> = BTreeMap::new();
        for l in c.periods.iter().flat_map(|p| &p.lines) {
            *m.entry(l.service.clone().unwrap_or_default()).or_default() += l.amount;
        }
        m
    };
    let (a, b) = (sum(ce), sum(cur_costs));
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let mut services = Vec::new();
    let mut differing = Vec::new();
    for n in names {
        let x = money::round(a.get(n).copied().unwrap_or_default(), dp);
        let y = money::round(b.get(n).copied().unwrap_or_default(), dp);
        let diff = y - x;
        let bad = diff.abs() > tolerance;
        if bad {
            differing.push(n.clone());
        }
        services.push(ServiceDiff {
            service: n.clone(),
            cost_explorer: x,
            cur: y,
            difference: diff,
            status: if bad { "differs" } else { "ok" },
        });
    }
    (services, differing)
}

/// The closing line; the exit code (1 when a service differs).
fn print_reconcile_verdict(r: &Reconciled, source: SourceKind, printer: &Printer) -> i32 {
    let label = source.label();
    if r.differing.is_empty() {
        printer.status(format!(
            "reconcile {}: Cost Explorer and {label} agree within {} {} for all {} service(s)",
            r.month,
            money::plain(r.tolerance, r.dp),
            r.currency,
            r.services.len()
        ));
        0
    } else {
        printer.warn(format!(
            "reconcile {}: Cost Explorer and {label} differ by more than {} {} for: {}",
            r.month,
            money::plain(r.tolerance, r.dp),
            r.currency,
            r.differing.join(", ")
        ));
        1
    }
}

fn iso_month(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

struct ReconcileOut<'a>(&'a Reconciled);

const RECONCILE_COLUMNS: [&str; 5] = ["service", "cost_explorer", "cur", "difference", "status"];

impl Render for ReconcileOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self.0)
    }
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let dp = self.0.dp;
        let rows = self
            .0
            .services
            .iter()
            .map(|s| {
                vec![
                    s.service.clone(),
                    money::plain(s.cost_explorer, dp),
                    money::plain(s.cur, dp),
                    money::plain(s.difference, dp),
                    s.status.to_string(),
                ]
                .into_iter()
                .map(Value::from)
                .collect()
            })
            .collect();
        (RECONCILE_COLUMNS.map(Column::new).to_vec(), rows)
    }
    fn table(&self, printer: &Printer) -> Result<String> {
        let dp = self.0.dp;
        let mut t = printer.table(&["service", "Cost Explorer", "CUR", "difference", "status"]);
        for s in &self.0.services {
            t.add_row(vec![
                s.service.clone(),
                money::grouped(s.cost_explorer, dp),
                money::grouped(s.cur, dp),
                money::grouped(s.difference, dp),
                s.status.to_string(),
            ]);
        }
        Ok(t.to_string())
    }
}

const BUDGET_COLUMNS: [&str; 10] = [
    "tenant",
    "tier",
    "budget",
    "actual",
    "actual_pct",
    "forecast",
    "forecast_pct",
    "forecast_source",
    "status",
    "currency",
];

pub async fn budget(settings: &Settings, args: &CostBudgetArgs, printer: &Printer) -> Result<i32> {
    let cfg = Config::load(&settings.config_path)?;
    let today = today()?;
    let month = match &args.month {
        Some(m) => dates::parse_month("--month", m)?,
        None => dates::month_start(today),
    };
    let window = Window::new(month, today)?;
    let threshold = Decimal::from(args.threshold);
    let mode = match args.forecast {
        BudgetForecast::CostExplorer => ForecastMode::CostExplorer,
        BudgetForecast::RunRate => ForecastMode::RunRate,
        BudgetForecast::None => ForecastMode::None,
    };
    let metric = metric(args.metric);
    let source = source_kind(args.source);
    check_location(source, args.location.as_deref())?;
    if source != SourceKind::CostExplorer {
        cur::cost_column(metric)?;
    }

    let p = Platform::open_with(settings, cfg).await?;
    let mut warnings = sources::check_tags(&p.aws, &[TAG_CLINIC_ID, TAG_TIER]).await;
    // Cost Explorer's forecast is per resource tag; with CUR/Athena (metered cost too) the
    // month end is projected from the run rate.
    let mode = if source != SourceKind::CostExplorer && mode == ForecastMode::CostExplorer {
        warnings.push(format!(
            "--source {}: projecting the month end from the run rate (Cost Explorer's forecast does not see metered cost)",
            source.as_str()
        ));
        ForecastMode::RunRate
    } else {
        mode
    };
    let records = p.tenant_summaries().await?;
    let reg = Registry::new(&records, &p.cfg);
    let budgets: BTreeMap<String, Decimal> = p
        .cfg
        .tiers
        .iter()
        .map(|(k, t)| (k.to_string(), t.monthly_budget))
        .collect();

    let costs = month_to_date_costs(&p, &window, source, metric, args, &mut warnings).await?;
    let currency = budget_currency(&costs, &p.cfg.cost.currency, &mut warnings)?;
    let actual = budget::actual_by_owner(&costs);

    let ce_forecast = if mode == ForecastMode::CostExplorer && !window.complete() {
        forecasts(&p, &reg, &actual, &window, metric, printer, &mut warnings).await
    } else {
        BTreeMap::new()
    };

    let mut b = budget::evaluate(
        &reg,
        &Inputs {
            window,
            budgets: &budgets,
            actual: &actual,
            mode,
            ce_forecast: &ce_forecast,
            threshold_pct: threshold,
            currency,
        },
    );
    b.warnings = warnings;
    print_budget(b, args.all, threshold, printer)
}

/// The month's cost so far by tenant, from the chosen source (nothing before the month starts).
async fn month_to_date_costs(
    p: &Platform,
    window: &Window,
    source: SourceKind,
    metric: CeMetric,
    args: &CostBudgetArgs,
    warnings: &mut Vec<String>,
) -> Result<sources::Costs> {
    Ok(match window.actual_range() {
        Some(range) if source == SourceKind::CostExplorer => {
            let pages = sources::fetch(
                &p.aws,
                &sources::query(range, Granularity::Monthly, metric, View::Tenant),
            )
            .await?;
            sources::parse_grouped(View::Tenant, range, Granularity::Monthly, &pages)?
        }
        Some(range) => {
            let spec = Spec {
                range,
                granularity: Granularity::Monthly,
                metric,
                view: View::Tenant,
                mode: AllocationMode::None,
                source,
            };
            fetch_costs(p, &spec, args.location.as_deref(), warnings)
                .await?
                .0
        }
        None => sources::Costs::default(),
    })
}

/// The one currency of the costs (the configured one when there are none); several cannot
/// be compared with one budget.
fn budget_currency(
    costs: &sources::Costs,
    configured: &str,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let currency = match costs.units.len() {
        0 => configured.to_string(),
        1 => costs.units.iter().next().expect("one").clone(),
        _ => {
            return Err(Error::env(format!(
                "Cost Explorer returned amounts in several currencies ({}); they cannot be compared with one budget",
                costs.units.iter().cloned().collect::<Vec<_>>().join(", ")
            )))
        }
    };
    if currency != configured {
        warnings.push(format!(
            "Cost Explorer reports in {currency} but budgets are in cost.currency = {configured:?}"
        ));
    }
    Ok(currency)
}

/// Cost Explorer's month-end forecasts, for live tenants with cost so far only: the others
/// project to 0 and each request is billed.
async fn forecasts(
    p: &Platform,
    reg: &Registry,
    actual: &BTreeMap<sources::Owner, Decimal>,
    window: &Window,
    metric: CeMetric,
    printer: &Printer,
    warnings: &mut Vec<String>,
) -> BTreeMap<String, Decimal> {
    let with_cost: Vec<(String, Decimal)> = reg
        .tenants
        .iter()
        .filter(|t| !t.offboarded)
        .filter_map(|t| {
            actual
                .get(&sources::Owner::Tagged(t.id.clone()))
                .filter(|a| !a.is_zero())
                .map(|a| (t.id.clone(), *a))
        })
        .collect();
    if with_cost.is_empty() {
        return BTreeMap::new();
    }
    printer.detail(format!(
        "requesting {} Cost Explorer forecast(s)",
        with_cost.len()
    ));
    let (f, warning) =
        budget::ce_forecasts(&p.aws, window, metric, &with_cost, FORECAST_CONCURRENCY).await;
    warnings.extend(warning);
    f
}

/// Prints the check (only flagged tenants unless `all`) and its summary; exit 1 when a
/// tenant is flagged.
fn print_budget(
    mut b: budget::Budget,
    all: bool,
    threshold: Decimal,
    printer: &Printer,
) -> Result<i32> {
    let dp = money::minor_units(&b.currency);
    let checked = b.tenants.len();
    let flagged = b.tenants.iter().filter(|l| l.status.flagged()).count();
    let over = b
        .tenants
        .iter()
        .filter(|l| l.status == budget::Status::OverBudget)
        .count();
    if !all {
        b.tenants.retain(|l| l.status.flagged());
    }
    if !b.unknown.is_empty() {
        let list: Vec<String> = b
            .unknown
            .iter()
            .map(|u| format!("{} ({})", u.tenant, money::plain(u.amount, dp)))
            .collect();
        b.warnings.push(format!(
            "cost tagged with ids that match no tenant (not checked against any budget): {}",
            list.join(", ")
        ));
    }
    for w in &b.warnings {
        printer.warn(w);
    }

    printer.print(&BudgetOut { b: &b, dp })?;
    let mtd = &b.month_to_date;
    printer.status(format!(
        "budget {}: {flagged} of {checked} tenant(s) at/over {threshold}% of their tier budget ({over} over budget); \
         month to date {}..{} (end exclusive{}), untagged {} {}",
        b.month,
        mtd.from,
        mtd.to,
        if mtd.complete { ", final" } else { "" },
        money::plain(b.untagged, dp),
        b.currency,
    ));
    Ok(if flagged > 0 { 1 } else { 0 })
}

/// `cost report`: JSON the report; CSV its rows in the fixed columns; the table and, for the
/// top entries, a bar chart.
struct ReportOut<'a> {
    rep: &'a Report,
    view: View,
    top: &'a [report::Ranked],
}

impl Render for ReportOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self.rep)
    }
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let rows = self
            .rep
            .rows
            .iter()
            .map(|r| r.csv(self.rep.dp).into_iter().map(Value::from).collect())
            .collect();
        (CSV_COLUMNS.map(Column::new).to_vec(), rows)
    }
    fn table(&self, printer: &Printer) -> Result<String> {
        let rep = self.rep;
        let mut text = report_table(rep, self.view, printer);
        if !self.top.is_empty() {
            // The chart goes to stdout: colour only when that is a terminal too (and the
            // printer allows colour: stderr is a terminal, NO_COLOR unset).
            let bar_color = printer.color && printer.fancy_tables;
            text.push_str(&format!(
                "\n\nTop {} by total ({}, █ direct, ░ allocated shared):\n",
                self.top.len(),
                rep.currency
            ));
            text.push_str(&chart::bars(self.top, 40, bar_color, rep.dp));
        }
        Ok(text)
    }
}

/// `cost budget`: JSON the check; CSV one row per tenant in the fixed columns (plain numbers);
/// the table grouped numbers and percentages, nothing when no tenant is listed.
struct BudgetOut<'a> {
    b: &'a budget::Budget,
    dp: u32,
}

impl Render for BudgetOut<'_> {
    fn json(&self) -> Result<serde_json::Value> {
        to_json(self.b)
    }
    fn csv(&self) -> (Vec<Column>, Vec<Vec<Value>>) {
        let dp = self.dp;
        let opt = |v: Option<Decimal>| v.map(|f| money::plain(f, dp)).unwrap_or_default();
        let rows = self
            .b
            .tenants
            .iter()
            .map(|l| {
                vec![
                    l.tenant.clone(),
                    l.tier.clone(),
                    money::plain(l.budget, dp),
                    money::plain(l.actual, dp),
                    l.actual_pct.map(|p| p.to_string()).unwrap_or_default(),
                    opt(l.forecast),
                    l.forecast_pct.map(|p| p.to_string()).unwrap_or_default(),
                    l.forecast_source.as_str().into(),
                    l.status.as_str().into(),
                    l.currency.clone(),
                ]
                .into_iter()
                .map(Value::from)
                .collect()
            })
            .collect();
        (BUDGET_COLUMNS.map(Column::new).to_vec(), rows)
    }
    fn table(&self, printer: &Printer) -> Result<String> {
        let dp = self.dp;
        if self.b.tenants.is_empty() {
            return Ok(String::new());
        }
        let pct = |v: Option<Decimal>| v.map(|p| format!("{p}%")).unwrap_or_else(|| "-".into());
        let mut t = printer.table(&[
            "tenant",
            "tier",
            "budget",
            "month to date",
            "used",
            "projected",
            "proj. used",
            "projection",
            "status",
        ]);
        for l in &self.b.tenants {
            t.add_row(vec![
                l.tenant.clone(),
                l.tier.clone(),
                money::grouped(l.budget, dp),
                money::grouped(l.actual, dp),
                pct(l.actual_pct),
                l.forecast
                    .map(|f| money::grouped(f, dp))
                    .unwrap_or_else(|| "-".into()),
                pct(l.forecast_pct),
                l.forecast_source.as_str().into(),
                l.status.as_str().into(),
            ]);
        }
        Ok(t.to_string())
    }
}
