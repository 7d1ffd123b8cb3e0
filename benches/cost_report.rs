//! Cost report at scale: 10,000 tenants × 12 months of synthetic Cost Explorer answers
//! (paginated, with unknown tenants and an untagged remainder) through the same path as
//! `tenantctl cost report`: page merge/parse → allocation → report → CSV.
//! `cargo bench --bench cost_report` (release profile), or bench/cost/run.sh, which also
//! measures peak memory with /usr/bin/time -v and the end-to-end command on the emulator.
//! Prints timings and this process's peak RSS; asserts the report reconciles.

use std::time::Instant;

use chrono::NaiveDate;
use tenantctl::aws::ce::{CeAmount, CeGroup, CeMetric, CePeriod};
use tenantctl::cost::dates::{DateRange, Granularity};
use tenantctl::cost::report::{self, RegTenant, Registry, Spec};
use tenantctl::cost::{sources, AllocationMode, View};

const TENANTS: usize = 10_000;
const MONTHS: u32 = 12;
const UNKNOWN: usize = 25;
/// Groups per page: periods continue across pages, as Cost Explorer does.
const PAGE: usize = 4_000;

/// Deterministic amounts with Cost Explorer's 10 decimal places (xorshift, no float).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn amount(&mut self) -> String {
        let v = self.next() % 2_000_000_000_000; // up to 200.0000000000
        format!("{}.{:010}", v / 10_000_000_000, v % 10_000_000_000)
    }
}

fn synthetic(range: DateRange) -> (Vec<CePeriod>, Registry) {
    let tiers = ["basic", "premium", "enterprise"];
    let reg = Registry {
        tenants: (0..TENANTS)
            .map(|i| RegTenant {
                id: format!("clinic-{i:05}"),
                tier: tiers[i % 3].to_string(),
                offboarded: i % 97 == 0,
            })
            .collect(),
        tiers: tiers.iter().map(|t| t.to_string()).collect(),
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut pages = Vec::new();
    for (start, end) in range.periods(Granularity::Monthly) {
        let mut groups: Vec<CeGroup> = Vec::with_capacity(TENANTS + UNKNOWN + 1);
        // Every 10th tenant has no cost that month (a zero row must still appear).
        for i in (0..TENANTS).filter(|i| i % 10 != 3) {
            groups.push(group(format!("ClinicId$clinic-{i:05}"), rng.amount()));
        }
        for u in 0..UNKNOWN {
            groups.push(group(format!("ClinicId$legacy-{u}"), rng.amount()));
        }
        // The untagged remainder: the shared runtime, tens of thousands a month.
        let untagged = format!(
            "{}.{:010}",
            rng.next() % 50_000,
            rng.next() % 10_000_000_000
        );
        groups.push(group("ClinicId$".to_string(), untagged));
        for chunk in groups.chunks(PAGE) {
            pages.push(CePeriod {
                start: start.to_string(),
                end: end.to_string(),
                estimated: false,
                total: None,
                groups: chunk.to_vec(),
            });
        }
    }
    (pages, reg)
}

fn group(key: String, amount: String) -> CeGroup {
    CeGroup {
        keys: vec![key],
        amount: Some(CeAmount {
            amount,
            unit: "USD".into(),
        }),
    }
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let from = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(
        DateRange { from, to }.periods(Granularity::Monthly).len(),
        MONTHS as usize
    );
    let range = DateRange { from, to };
    let t0 = Instant::now();
    let (pages, reg) = synthetic(range);
    let gen = t0.elapsed();
    let groups: usize = pages.iter().map(|p| p.groups.len()).sum();

    // The reconciliation reference: the exact per-period sums, as Cost Explorer's total.
    let mut totals = sources::Totals::default();
    totals.units.insert("USD".into());
    for p in &pages {
        let start = NaiveDate::parse_from_str(&p.start, "%Y-%m-%d").unwrap();
        let sum: rust_decimal::Decimal = p
            .groups
            .iter()
            .map(|g| {
                g.amount
                    .as_ref()
                    .unwrap()
                    .amount
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum();
        *totals.by_period.entry(start).or_default() += sum;
    }

    for mode in [
        AllocationMode::None,
        AllocationMode::Proportional,
        AllocationMode::Even,
    ] {
        let spec = Spec {
            range,
            granularity: Granularity::Monthly,
            metric: CeMetric::Unblended,
            view: View::Tenant,
            mode,
            source: sources::SourceKind::CostExplorer,
        };
        let t = Instant::now();
        let costs =
            sources::parse_grouped(View::Tenant, range, Granularity::Monthly, &pages).unwrap();
        let parsed = t.elapsed();
        let t = Instant::now();
        let rep = report::build(&spec, &reg, &costs, &totals, "USD").unwrap();
        let built = t.elapsed();
        let t = Instant::now();
        let rows: Vec<Vec<String>> = rep.rows.iter().map(|r| r.csv(rep.dp)).collect();
        let csv = tenantctl::output::csv_string(&report::CSV_COLUMNS, &rows).unwrap();
        let rendered = t.elapsed();
        assert!(rep.reconciliation.reconciled, "{:?}", rep.reconciliation);
        println!(
            "cost_report mode={:<12} tenants={TENANTS} months={MONTHS} groups={groups} pages={} rows={} csv_bytes={} \
             parse={:.0}ms allocate+report={:.0}ms csv={:.0}ms total={:.0}ms",
            mode.as_str(),
            pages.len(),
            rep.rows.len(),
            csv.len(),
            parsed.as_secs_f64() * 1e3,
            built.as_secs_f64() * 1e3,
            rendered.as_secs_f64() * 1e3,
            (parsed + built + rendered).as_secs_f64() * 1e3,
        );
    }
    println!(
        "cost_report synthetic input generated in {:.0}ms; peak RSS {} MiB",
        gen.as_secs_f64() * 1e3,
        peak_rss_kib()
            .map(|k| (k / 1024).to_string())
            .unwrap_or_else(|| "?".into())
    );
}
