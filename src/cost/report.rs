//! The cost report: rows per period and owner (tenant, tier or service), with direct,
//! allocated and total columns, grand totals and the reconciliation against Cost Explorer's
//! own total for the same query.
//!
//! Rounding, so that everything reconciles to the cent:
//! 1. per period, the exact direct amounts of all rows (tagged, unknown and untagged) are
//!    apportioned so that they add up to the period total rounded to the minor unit;
//! 2. each untagged ("shared") row's rounded amount is split across tenants (or tiers) with
//!    largest-remainder rounding, and the shared row gets the same amount back as a negative
//!    allocation. The allocated column therefore sums to zero over a period, the direct column
//!    to Cost Explorer's total, and so does the total column.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::aws::ce::CeMetric;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::platform::index::TenantSummary;
use crate::record::Status;

use super::allocation::{self, Basis, Mode};
use super::dates::{iso, DateRange, Granularity};
use super::money;
use super::sources::{Costs, Line, LineRef, OwnerRef, PeriodCosts, SourceKind, Totals, View};

/// Markers in the tenant/tier columns. Parentheses cannot occur in tenant ids or tier names,
/// so a marker never collides with a real owner.
pub const UNTAGGED: &str = "(untagged)";
pub const SHARED_TIER: &str = "(shared)";
pub const UNKNOWN_TENANT: &str = "(unknown tenant)";
pub const UNKNOWN_TIER: &str = "(unknown tier)";

/// Tenants and tiers as the registry and the config declare them.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// (tenant id, tier, offboarded), sorted by tenant id.
    pub tenants: Vec<RegTenant>,
    pub tiers: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RegTenant {
    pub id: String,
    pub tier: String,
    pub offboarded: bool,
}

impl Registry {
    pub fn new(records: &[TenantSummary], cfg: &Config) -> Registry {
        let mut tenants: Vec<RegTenant> = records
            .iter()
            .map(|r| RegTenant {
                id: r.tenant.to_string(),
                tier: r.tier.to_string(),
                offboarded: r.status == Status::Offboarded,
            })
            .collect();
        tenants.sort_by(|a, b| a.id.cmp(&b.id));
        Registry {
            tenants,
            tiers: cfg.tiers.keys().map(|t| t.to_string()).collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    Tenant,
    Tier,
    Service,
    UnknownTenant,
    UnknownTier,
    /// The untagged remainder.
    Shared,
}

/// How a row's cost came to be its owner's (the `source` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSource {
    /// The resource carried the tenant (tier) tag: `ClinicId` in Cost Explorer, the resource
    /// tag in CUR 2.0.
    Tagged,
    /// Metered per request: the caller's principal tag `iamPrincipal/ClinicId` (CUR 2.0 with
    /// caller identity), for cost whose resource carries no tenant tag.
    Metered,
    /// The row holds the owner's share of the shared remainder (CUR and Athena reports; in
    /// Cost Explorer reports the share sits on the owner's `tagged` row).
    Allocated,
    /// The untagged remainder itself.
    Untagged,
    /// The service view: no attribution.
    #[serde(rename = "")]
    None,
}

impl RowSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RowSource::Tagged => "tagged",
            RowSource::Metered => "metered",
            RowSource::Allocated => "allocated",
            RowSource::Untagged => "untagged",
            RowSource::None => "",
        }
    }
}

/// One report row. Money fields are rounded to the currency's minor unit.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Shared by the period's rows (a period of a large report has ~30,000).
    pub period: Arc<str>,
    pub period_end: Arc<str>,
    /// Tenant id, an unknown tag value, `(untagged)`, or empty when the view has no tenant.
    pub tenant: String,
    pub tier: String,
    pub service: String,
    pub kind: RowKind,
    pub source: RowSource,
    pub direct: Decimal,
    pub allocated: Decimal,
    pub total: Decimal,
    pub currency: Arc<str>,
    pub estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Query {
    pub from: String,
    /// Exclusive.
    pub to: String,
    pub granularity: &'static str,
    pub metric: &'static str,
    pub by: &'static str,
    pub allocate_shared: &'static str,
    /// `cost-explorer`, `cur` or `athena`.
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct GrandTotals {
    pub direct: Decimal,
    /// Shared cost moved onto tenants (or tiers).
    pub allocated: Decimal,
    /// Untagged cost left on the `(untagged)` rows.
    pub unallocated: Decimal,
    /// Cost tagged with values that match no tenant (or tier).
    pub unknown: Decimal,
    pub total: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reconciliation {
    pub report_total: Decimal,
    /// The source's own total for the same range (the key keeps its first name: it is
    /// Cost Explorer's ungrouped total, or the CUR/Athena line items summed before grouping).
    pub cost_explorer_total: Decimal,
    pub difference: Decimal,
    pub reconciled: bool,
    /// What `cost_explorer_total` is: `Cost Explorer`, `CUR` or `Athena`.
    pub reference: &'static str,
}

/// Storage currently under one tenant's data prefix.
#[derive(Debug, Clone, Serialize)]
pub struct Usage {
    pub tenant: String,
    pub tier: String,
    pub prefix: String,
    pub bytes: u64,
    pub objects: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub query: Query,
    pub currency: String,
    pub rows: Vec<Row>,
    pub totals: GrandTotals,
    pub reconciliation: Reconciliation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Vec<Usage>>,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub dp: u32,
}

/// What was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub range: DateRange,
    pub granularity: Granularity,
    pub metric: CeMetric,
    pub view: View,
    pub mode: Mode,
    pub source: SourceKind,
}

pub fn metric_name(m: CeMetric) -> &'static str {
    match m {
        CeMetric::Unblended => "unblended",
        CeMetric::Amortized => "amortized",
        CeMetric::NetUnblended => "net-unblended",
        CeMetric::NetAmortized => "net-amortized",
        CeMetric::Blended => "blended",
    }
}

/// A row's identity within a period. The labels borrow from the period's lines, the
/// registry or the markers: a period of ~30,000 lines allocates no string until its rows
/// are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key<'k> {
    kind: RowKind,
    label: &'k str,
    service: &'k str,
    source: RowSource,
}

#[derive(Debug, Clone, Copy, Default)]
struct Acc<'k> {
    tier: &'k str,
    exact: Decimal,
    direct: Decimal,
    allocated: Decimal,
}

type Accs<'k> = BTreeMap<Key<'k>, Acc<'k>>;

/// Pick the one currency of the answer; several cannot be added up.
fn currency(
    units: &BTreeSet<String>,
    totals: &Totals,
    configured: &str,
    warnings: &mut Vec<String>,
) -> Result<String> {
    let units: BTreeSet<&String> = units.iter().chain(totals.units.iter()).collect();
    match units.len() {
        0 => Ok(configured.to_string()),
        1 => {
            let u = units.into_iter().next().expect("one").clone();
            if u != configured {
                warnings.push(format!("Cost Explorer reports in {u}, the config says cost.currency = {configured:?}; figures are in {u}"));
            }
            Ok(u)
        }
        _ => Err(Error::env(format!(
            "Cost Explorer returned amounts in several currencies ({}); they cannot be added up",
            units.into_iter().cloned().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Build the report from the parsed answers and the registry.
pub fn build(
    spec: &Spec,
    reg: &Registry,
    costs: &Costs,
    totals: &Totals,
    configured_currency: &str,
) -> Result<Report> {
    let mut b = Builder::new(spec, reg, &costs.units, totals, configured_currency)?;
    let mut rows = Vec::new();
    for p in &costs.periods {
        rows.extend(b.period(p, costs.usage.get(&p.start)));
    }
    Ok(b.finish(totals, rows))
}

/// A period's dates, as its rows show them.
#[derive(Debug, Clone, Copy)]
pub struct PeriodHead {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub estimated: bool,
}

impl PeriodHead {
    pub fn of(p: &PeriodCosts) -> PeriodHead {
        PeriodHead {
            start: p.start,
            end: p.end,
            estimated: p.estimated,
        }
    }
}

/// One period's rows and what they add to the report's totals (`Builder::absorb`).
pub struct PeriodRows {
    rows: Vec<Row>,
    total: Decimal,
    /// The fallbacks of the shared cost's split in this period (`note_fallback`).
    fallbacks: Vec<&'static str>,
    start: NaiveDate,
}

/// The report one period at a time: `period` returns the period's rows (a caller may write
/// them out and drop them: constant memory for large CSV reports), `finish` the totals,
/// reconciliation and warnings over every period seen. The work of a period is in
/// `Shape::rows_of`, which reads only the shape: periods can be built on several threads
/// (`split`) and absorbed in order.
pub struct Builder<'a> {
    shape: Shape<'a>,
    tally: Tally,
}

/// What every period's rows are made from: the spec, the registry, the currency.
pub struct Shape<'a> {
    spec: &'a Spec,
    reg: &'a Registry,
    currency: Arc<str>,
    dp: u32,
    tenant_tier: HashMap<&'a str, &'a RegTenant>,
    tiers: BTreeSet<&'a str>,
    tier_tenants: BTreeMap<&'a str, Decimal>,
    zero_source: RowSource,
    share_source: RowSource,
}

/// What the periods seen so far add up to.
#[derive(Default)]
pub struct Tally {
    fallbacks: BTreeMap<&'static str, Vec<String>>,
    report_total: Decimal,
    /// Running sums of the rounded rows (`GrandTotals` before `fix`).
    sums: GrandTotals,
    /// Unknown tenant (tier) values seen.
    unknown: BTreeSet<String>,
    warnings: Vec<String>,
}

impl<'a> Builder<'a> {
    pub fn new(
        spec: &'a Spec,
        reg: &'a Registry,
        units: &BTreeSet<String>,
        totals: &Totals,
        configured_currency: &str,
    ) -> Result<Builder<'a>> {
        let mut warnings = Vec::new();
        let currency = currency(units, totals, configured_currency, &mut warnings)?;
        let dp = money::minor_units(&currency);
        let tenant_tier: HashMap<&str, &RegTenant> =
            reg.tenants.iter().map(|t| (t.id.as_str(), t)).collect();
        let tiers: BTreeSet<&str> = reg.tiers.iter().map(String::as_str).collect();
        // Even split weights for tiers: their live tenants, so each tenant carries the same share.
        let mut tier_tenants: BTreeMap<&str, Decimal> = reg
            .tiers
            .iter()
            .map(|t| (t.as_str(), Decimal::ZERO))
            .collect();
        for t in reg.tenants.iter().filter(|t| !t.offboarded) {
            if let Some(n) = tier_tenants.get_mut(t.tier.as_str()) {
                *n += Decimal::ONE;
            }
        }
        // Cost Explorer knows one attribution (the resource tag): a tenant has one row per
        // period (and service), which also carries its allocated share. CUR and Athena know
        // two, so a tenant's share of shared cost gets a row of its own (`allocated`), beside
        // its `tagged` and `metered` rows; a tenant without cost shows one zero `metered` row.
        let (zero_source, share_source) = match spec.source {
            SourceKind::CostExplorer => (RowSource::Tagged, RowSource::Tagged),
            SourceKind::Cur | SourceKind::Athena => (RowSource::Metered, RowSource::Allocated),
        };
        Ok(Builder {
            shape: Shape {
                spec,
                reg,
                currency: currency.into(),
                dp,
                tenant_tier,
                tiers,
                tier_tenants,
                zero_source,
                share_source,
            },
            tally: Tally {
                warnings,
                ..Tally::default()
            },
        })
    }

    /// The currency's minor unit (decimals).
    pub fn dp(&self) -> u32 {
        self.shape.dp
    }

    /// The shape, to build periods with on other threads, and the tally to absorb them into.
    pub fn split(&mut self) -> (&Shape<'a>, &mut Tally) {
        (&self.shape, &mut self.tally)
    }

    /// The rows of one period. `usage`: the period's metered usage per owner value.
    pub fn period(
        &mut self,
        p: &PeriodCosts,
        usage: Option<&BTreeMap<String, Decimal>>,
    ) -> Vec<Row> {
        let out = self
            .shape
            .rows_of(PeriodHead::of(p), p.lines.iter().map(Line::as_ref), usage);
        self.tally.absorb(&self.shape, out)
    }

    /// Totals, reconciliation and warnings; `rows` are the rows kept (all of them, or none
    /// when they were written out period by period).
    pub fn finish(self, totals: &Totals, rows: Vec<Row>) -> Report {
        let Builder {
            shape: Shape {
                spec, currency, dp, ..
            },
            tally:
                Tally {
                    fallbacks,
                    report_total,
                    sums: t,
                    unknown,
                    mut warnings,
                },
        } = self;
        let currency = currency.to_string();
        if let Some(ps) = fallbacks.get("even") {
            warnings.push(format!(
                "no tenant had direct cost in {}: the shared cost there was split evenly instead",
                ps.join(", ")
            ));
        }
        if let Some(ps) = fallbacks.get("even-usage") {
            warnings.push(format!(
                "no tenant had metered usage in {}: the shared cost there was split evenly instead",
                ps.join(", ")
            ));
        }
        if let Some(ps) = fallbacks.get("unallocated") {
            warnings.push(format!("nothing to allocate shared cost to in {} (no tenants in the registry): it stays on the {UNTAGGED} rows", ps.join(", ")));
        }

        let ce_total: Decimal = totals
            .by_period
            .values()
            .map(|v| money::round(*v, dp))
            .sum();
        let reconciliation = Reconciliation {
            report_total: fix(report_total, dp),
            cost_explorer_total: fix(ce_total, dp),
            difference: fix(report_total - ce_total, dp),
            reconciled: report_total == ce_total,
            reference: spec.source.label(),
        };
        let totals = GrandTotals {
            direct: fix(t.direct, dp),
            allocated: fix(t.allocated, dp),
            unallocated: fix(t.unallocated, dp),
            unknown: fix(t.unknown, dp),
            total: fix(t.total, dp),
        };
        if !totals.unknown.is_zero() {
            let what = if spec.view == View::Tier {
                "tier"
            } else {
                "tenant"
            };
            let values = unknown;
            warnings.push(format!(
                "{} {currency} is tagged with {what} values that match no {what} in the registry: {}",
                money::plain(totals.unknown, dp),
                values.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        Report {
            query: Query {
                from: iso(spec.range.from),
                to: iso(spec.range.to),
                granularity: spec.granularity.as_str(),
                metric: metric_name(spec.metric),
                by: spec.view.as_str(),
                allocate_shared: spec.mode.as_str(),
                source: spec.source.as_str(),
            },
            currency,
            rows,
            totals,
            reconciliation,
            usage: None,
            warnings,
            dp,
        }
    }
}

impl Tally {
    /// Adds a period's rows to the running totals, noting unknown owners and fallbacks;
    /// returns the rows. Periods are absorbed in order (the warnings list them so).
    pub fn absorb(&mut self, shape: &Shape, out: PeriodRows) -> Vec<Row> {
        self.report_total += out.total;
        for f in out.fallbacks {
            self.fallbacks.entry(f).or_default().push(iso(out.start));
        }
        for r in &out.rows {
            self.sums.direct += r.direct;
            self.sums.total += r.total;
            match r.kind {
                RowKind::Shared => self.sums.unallocated += r.total,
                RowKind::UnknownTenant | RowKind::UnknownTier => {
                    self.sums.unknown += r.total;
                    let value = if shape.spec.view == View::Tier {
                        &r.tier
                    } else {
                        &r.tenant
                    };
                    if !self.unknown.contains(value) {
                        self.unknown.insert(value.clone());
                    }
                }
                _ => self.sums.allocated += r.allocated,
            }
        }
        out.rows
    }
}

impl<'a> Shape<'a> {
    /// One period's rows from its lines. `usage`: the period's metered usage per owner value.
    pub fn rows_of<'l>(
        &self,
        head: PeriodHead,
        lines: impl Iterator<Item = LineRef<'l>>,
        usage: Option<&BTreeMap<String, Decimal>>,
    ) -> PeriodRows
    where
        'a: 'l,
    {
        // 1. The lines summed per row: sorted once, then built into the map in bulk
        //    (cheaper than one ordered insertion per line).
        let mut entries: Vec<(Key<'l>, Acc<'l>)> = lines
            .map(|l| {
                let (key, tier) = self.line_key(l);
                (
                    key,
                    Acc {
                        tier,
                        exact: l.amount,
                        ..Acc::default()
                    },
                )
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                earlier.1.exact += later.1.exact;
            }
            same
        });
        let mut acc: Accs<'l> = entries.into_iter().collect();
        self.seed_zero_rows(&mut acc);
        let total = apportion_direct(&mut acc, self.dp);

        // 2. Shared rows split onto tenants (tiers).
        let mut fallbacks = Vec::new();
        if self.spec.mode != Mode::None && self.spec.view.tag_key().is_some() {
            self.allocate_shared(&mut acc, usage, &mut fallbacks);
        }

        // A tenant with no line at all in the tenant,service view still gets its zero row.
        if self.spec.view == View::TenantService {
            self.add_missing_tenant_rows(&mut acc);
        }
        drop_superseded_zero_rows(&mut acc, self.zero_source);
        PeriodRows {
            rows: self.rows(acc, head),
            total,
            fallbacks,
            start: head.start,
        }
    }

    /// Every live tenant (or tier) appears, with zero when it had no cost.
    fn seed_zero_rows<'l>(&self, acc: &mut Accs<'l>)
    where
        'a: 'l,
    {
        let reg: &'a Registry = self.reg;
        match self.spec.view {
            View::Tenant => {
                for t in reg.tenants.iter().filter(|t| !t.offboarded) {
                    zero_row(acc, t, self.zero_source);
                }
            }
            View::Tier => {
                for t in &reg.tiers {
                    acc.entry(Key {
                        kind: RowKind::Tier,
                        label: t,
                        service: "",
                        source: self.zero_source,
                    })
                    .or_insert(Acc {
                        tier: t,
                        ..Acc::default()
                    });
                }
            }
            View::Service | View::TenantService => {}
        }
    }

    /// The row a cost line adds to, and the tier shown for it.
    fn line_key<'l>(&self, l: LineRef<'l>) -> (Key<'l>, &'l str)
    where
        'a: 'l,
    {
        let service = l.service.unwrap_or_default();
        match (l.owner, self.spec.view) {
            (None, _) => (
                Key {
                    kind: RowKind::Service,
                    label: service,
                    service,
                    source: RowSource::None,
                },
                "",
            ),
            (Some(OwnerRef::Untagged), _) => (
                Key {
                    kind: RowKind::Shared,
                    label: UNTAGGED,
                    service,
                    source: RowSource::Untagged,
                },
                SHARED_TIER,
            ),
            (Some(o @ (OwnerRef::Tagged(v) | OwnerRef::Metered(v))), view) => {
                let source = match o {
                    OwnerRef::Metered(_) => RowSource::Metered,
                    _ => RowSource::Tagged,
                };
                let (kind, tier): (RowKind, &'l str) = if view == View::Tier {
                    match self.tiers.contains(v) {
                        true => (RowKind::Tier, v),
                        false => (RowKind::UnknownTier, UNKNOWN_TIER),
                    }
                } else {
                    match self.tenant_tier.get(v) {
                        Some(t) => (RowKind::Tenant, t.tier.as_str()),
                        None => (RowKind::UnknownTenant, UNKNOWN_TENANT),
                    }
                };
                (
                    Key {
                        kind,
                        label: v,
                        service,
                        source,
                    },
                    tier,
                )
            }
        }
    }

    /// Splits the period's shared rows onto the tenants (tiers) by the spec's mode; notes in
    /// `fallbacks` when a split fell back from the asked basis.
    fn allocate_shared<'l>(
        &self,
        acc: &mut Accs<'l>,
        usage: Option<&BTreeMap<String, Decimal>>,
        fallbacks: &mut Vec<&'static str>,
    ) where
        'a: 'l,
    {
        let spec = self.spec;
        let dp = self.dp;
        let unit_kind = if spec.view == View::Tier {
            RowKind::Tier
        } else {
            RowKind::Tenant
        };
        let units = self.allocation_units(acc, unit_kind);
        let names: Vec<&'l str> = units.keys().copied().collect();
        let direct: Vec<Decimal> = if spec.mode == Mode::Usage {
            // Metered usage of the period instead of direct cost.
            names
                .iter()
                .map(|n| usage.and_then(|u| u.get(*n)).copied().unwrap_or_default())
                .collect()
        } else {
            units.values().map(|u| u.1).collect()
        };
        let even: Vec<Decimal> = units.values().map(|u| u.2).collect();
        let shared: Vec<(Key<'l>, Decimal)> = acc
            .iter()
            .filter(|(k, _)| k.kind == RowKind::Shared)
            .map(|(k, a)| (*k, a.direct))
            .collect();
        let mut adds: Vec<(Key<'l>, &'l str, Decimal)> = Vec::new();
        for (skey, amount) in shared {
            if amount.is_zero() {
                continue;
            }
            let (shares, basis) = allocation::split(spec.mode, amount, &direct, &even, dp);
            if !self.note_fallback(basis, fallbacks) {
                continue;
            }
            for (i, s) in shares.into_iter().enumerate() {
                if !s.is_zero() {
                    let key = Key {
                        kind: unit_kind,
                        label: names[i],
                        service: skey.service,
                        source: self.share_source,
                    };
                    adds.push((key, units[names[i]].0, s));
                }
            }
            acc.get_mut(&skey).expect("shared row").allocated -= amount;
        }
        for (key, tier, s) in adds {
            acc.entry(key)
                .or_insert_with(|| Acc {
                    tier,
                    ..Acc::default()
                })
                .allocated += s;
        }
    }

    /// The units shared cost is split onto, each with (tier, direct cost, even weight):
    /// every live tenant (tier), plus offboarded tenants that still had cost.
    #[allow(clippy::type_complexity)]
    fn allocation_units<'l>(
        &self,
        acc: &Accs<'l>,
        unit_kind: RowKind,
    ) -> BTreeMap<&'l str, (&'l str, Decimal, Decimal)>
    where
        'a: 'l,
    {
        let reg: &'a Registry = self.reg;
        let mut units: BTreeMap<&'l str, (&'l str, Decimal, Decimal)> = BTreeMap::new();
        if self.spec.view == View::Tier {
            for t in &reg.tiers {
                units.insert(t, (t, Decimal::ZERO, self.tier_tenants[t.as_str()]));
            }
        } else {
            for t in reg.tenants.iter().filter(|t| !t.offboarded) {
                units.insert(&t.id, (&t.tier, Decimal::ZERO, Decimal::ONE));
            }
        }
        for (k, a) in acc.iter().filter(|(k, _)| k.kind == unit_kind) {
            let u = units
                .entry(k.label)
                .or_insert((a.tier, Decimal::ZERO, Decimal::ONE));
            u.1 += a.exact;
        }
        units
    }

    /// Notes when the split fell back from the asked basis (warned about in `finish`);
    /// false when the shared cost could not be allocated at all.
    fn note_fallback(&self, basis: Basis, fallbacks: &mut Vec<&'static str>) -> bool {
        let mode = self.spec.mode;
        match basis {
            Basis::Unallocated => {
                fallbacks.push("unallocated");
                return false;
            }
            Basis::Even if mode == Mode::Proportional => fallbacks.push("even"),
            Basis::Even if mode == Mode::Usage => fallbacks.push("even-usage"),
            _ => {}
        }
        true
    }

    /// Zero rows for the live tenants that had no line at all.
    fn add_missing_tenant_rows<'l>(&self, acc: &mut Accs<'l>)
    where
        'a: 'l,
    {
        let reg: &'a Registry = self.reg;
        let seen: HashSet<&str> = acc
            .keys()
            .filter(|k| k.kind == RowKind::Tenant)
            .map(|k| k.label)
            .collect();
        let missing: Vec<&'a RegTenant> = reg
            .tenants
            .iter()
            .filter(|t| !t.offboarded && !seen.contains(t.id.as_str()))
            .collect();
        for t in missing {
            zero_row(acc, t, self.zero_source);
        }
    }

    /// The period's accumulated amounts as report rows.
    fn rows(&self, acc: Accs<'_>, head: PeriodHead) -> Vec<Row> {
        let dp = self.dp;
        let period: Arc<str> = iso(head.start).into();
        let period_end: Arc<str> = iso(head.end).into();
        let mut rows = Vec::with_capacity(acc.len());
        for (k, a) in acc {
            let (tenant, tier, service) = match self.spec.view {
                View::Tenant | View::TenantService => (k.label, a.tier, k.service),
                View::Tier => match k.kind {
                    RowKind::Shared => (k.label, SHARED_TIER, k.service),
                    RowKind::UnknownTier => (UNKNOWN_TIER, k.label, k.service),
                    _ => ("", k.label, k.service),
                },
                View::Service => ("", "", k.service),
            };
            rows.push(Row {
                period: period.clone(),
                period_end: period_end.clone(),
                tenant: tenant.to_string(),
                tier: tier.to_string(),
                service: service.to_string(),
                kind: k.kind,
                source: k.source,
                direct: fix(a.direct, dp),
                allocated: fix(a.allocated, dp),
                total: fix(a.direct + a.allocated, dp),
                currency: self.currency.clone(),
                estimated: head.estimated,
            });
        }
        rows
    }
}

/// 1. Direct amounts, apportioned to the rounded period total: first per owner (and
///    service), then each owner's rounded amount over its attribution rows (`tagged`,
///    `metered`), so an owner's total does not depend on how its cost was attributed.
///    Returns the rounded period total.
fn apportion_direct(acc: &mut Accs<'_>, dp: u32) -> Decimal {
    let period_total = money::round(acc.values().map(|a| a.exact).sum(), dp);
    // The keys are ordered (kind, label, service, source): an owner's (and service's)
    // attribution rows are adjacent, so its group is a run of consecutive entries.
    let exact: Vec<Decimal> = acc.values().map(|a| a.exact).collect();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<&Key> = None;
    for (i, k) in acc.keys().enumerate() {
        match prev {
            Some(q) if q.kind == k.kind && q.label == k.label && q.service == k.service => {
                groups.last_mut().expect("a group").1 = i + 1
            }
            _ => groups.push((i, i + 1)),
        }
        prev = Some(k);
    }
    let owner_exact: Vec<Decimal> = groups
        .iter()
        .map(|&(a, b)| exact[a..b].iter().sum())
        .collect();
    let mut direct = vec![Decimal::ZERO; exact.len()];
    for (&(a, b), rounded) in
        groups
            .iter()
            .zip(allocation::apportion(period_total, &owner_exact, dp))
    {
        if b - a == 1 {
            // One row: it is the owner's rounded amount.
            direct[a] = rounded;
            continue;
        }
        for (i, d) in (a..b).zip(allocation::apportion(rounded, &exact[a..b], dp)) {
            direct[i] = d;
        }
    }
    for (a, d) in acc.values_mut().zip(direct) {
        a.direct = d;
    }
    period_total
}

/// A zero row placed up front is dropped when its owner got another row after all.
fn drop_superseded_zero_rows(acc: &mut Accs<'_>, zero_source: RowSource) {
    let with_rows: HashSet<(RowKind, &str)> = acc
        .iter()
        .filter(|(k, a)| k.source != zero_source || !a.exact.is_zero() || !a.allocated.is_zero())
        .map(|(k, _)| (k.kind, k.label))
        .collect();
    acc.retain(|k, a| {
        !(matches!(k.kind, RowKind::Tenant | RowKind::Tier)
            && k.source == zero_source
            && k.service.is_empty()
            && a.exact.is_zero()
            && a.allocated.is_zero()
            && with_rows.contains(&(k.kind, k.label)))
    });
}

/// A tenant's row with no cost (yet): every live tenant appears in every period. A line of
/// the same row (added first) keeps its amount.
fn zero_row<'l>(acc: &mut Accs<'l>, t: &'l RegTenant, source: RowSource) {
    acc.entry(Key {
        kind: RowKind::Tenant,
        label: &t.id,
        service: "",
        source,
    })
    .or_insert(Acc {
        tier: &t.tier,
        ..Acc::default()
    });
}

fn fix(v: Decimal, dp: u32) -> Decimal {
    let mut r = money::round(v, dp);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// One bar of the chart: an owner's totals over the whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub label: String,
    pub direct: Decimal,
    pub allocated: Decimal,
    pub total: Decimal,
}

/// Owners (tenants, tiers or services, per view) ranked by total over all periods, top `n`.
/// Tenant views rank tenants (summing their services); the untagged line ranks too when left
/// unallocated, because it is real cost nobody carries.
pub fn ranked(report: &Report, view: View, n: usize) -> Vec<Ranked> {
    let mut r = Ranker::default();
    for row in &report.rows {
        r.add(row, view);
    }
    r.top(n)
}

/// `ranked` row by row, for rows that are written out and dropped.
#[derive(Debug, Default)]
pub struct Ranker {
    by: BTreeMap<String, Ranked>,
}

impl Ranker {
    pub fn add(&mut self, r: &Row, view: View) {
        let label = match view {
            View::Tenant | View::TenantService => &r.tenant,
            View::Tier => {
                if r.kind == RowKind::Shared {
                    &r.tenant
                } else {
                    &r.tier
                }
            }
            View::Service => &r.service,
        };
        let e = match self.by.get_mut(label) {
            Some(e) => e,
            None => self.by.entry(label.clone()).or_insert(Ranked {
                label: label.clone(),
                direct: Decimal::ZERO,
                allocated: Decimal::ZERO,
                total: Decimal::ZERO,
            }),
        };
        e.direct += r.direct;
        e.allocated += r.allocated;
        e.total += r.total;
    }

    pub fn top(self, n: usize) -> Vec<Ranked> {
        let mut v: Vec<Ranked> = self
            .by
            .into_values()
            .filter(|r| r.total > Decimal::ZERO)
            .collect();
        v.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.label.cmp(&b.label)));
        v.truncate(n);
        v
    }
}

/// CSV columns, in order: the contract finance imports (docs/cost.md).
pub const CSV_COLUMNS: [&str; 10] = [
    "period",
    "tenant",
    "tier",
    "service",
    "direct",
    "allocated",
    "total",
    "currency",
    "estimated",
    "source",
];

impl Row {
    /// The CSV cells without copying the labels (the streamed report writes ~10^6 rows);
    /// the amounts are formatted into `money`, which the caller reuses row after row.
    pub fn csv_cells<'r>(&'r self, dp: u32, money: &'r mut [String; 3]) -> [&'r str; 10] {
        for (buf, v) in money
            .iter_mut()
            .zip([self.direct, self.allocated, self.total])
        {
            buf.clear();
            money::write_plain(buf, v, dp);
        }
        let [direct, allocated, total] = money;
        [
            &self.period,
            &self.tenant,
            &self.tier,
            &self.service,
            direct,
            allocated,
            total,
            &self.currency,
            if self.estimated { "true" } else { "false" },
            self.source.as_str(),
        ]
    }

    pub fn csv(&self, dp: u32) -> Vec<String> {
        vec![
            self.period.to_string(),
            self.tenant.clone(),
            self.tier.clone(),
            self.service.clone(),
            money::plain(self.direct, dp),
            money::plain(self.allocated, dp),
            money::plain(self.total, dp),
            self.currency.to_string(),
            self.estimated.to_string(),
            self.source.as_str().to_string(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::sources::{Line, Owner, PeriodCosts};
    use chrono::NaiveDate;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn reg() -> Registry {
        Registry {
            tenants: vec![
                RegTenant {
                    id: "clinic-a".into(),
                    tier: "basic".into(),
                    offboarded: false,
                },
                RegTenant {
                    id: "clinic-b".into(),
                    tier: "basic".into(),
                    offboarded: false,
                },
                RegTenant {
                    id: "clinic-e".into(),
                    tier: "premium".into(),
                    offboarded: false,
                },
                RegTenant {
                    id: "clinic-z".into(),
                    tier: "basic".into(),
                    offboarded: true,
                },
            ],
            tiers: vec!["basic".into(), "premium".into()],
        }
    }

    fn line(owner: Option<&str>, amount: &str) -> Line {
        Line {
            owner: Some(match owner {
                Some(v) => Owner::Tagged(v.into()),
                None => Owner::Untagged,
            }),
            service: None,
            amount: d(amount),
        }
    }

    fn costs(lines: Vec<Line>) -> (Costs, Totals) {
        let total: Decimal = lines.iter().map(|l| l.amount).sum();
        let mut units = BTreeSet::new();
        units.insert("USD".to_string());
        let costs = Costs {
            periods: vec![PeriodCosts {
                start: day("2026-10-01"),
                end: day("2026-11-01"),
                estimated: false,
                lines,
            }],
            units: units.clone(),
            usage: BTreeMap::new(),
        };
        let mut by_period = BTreeMap::new();
        by_period.insert(day("2026-10-01"), total);
        (costs, Totals { by_period, units })
    }

    fn spec(view: View, mode: Mode) -> Spec {
        Spec {
            range: DateRange {
                from: day("2026-10-01"),
                to: day("2026-11-01"),
            },
            granularity: Granularity::Monthly,
            metric: CeMetric::Unblended,
            view,
            mode,
            source: SourceKind::CostExplorer,
        }
    }

    fn find<'a>(r: &'a Report, tenant: &str) -> &'a Row {
        r.rows
            .iter()
            .find(|x| x.tenant == tenant)
            .unwrap_or_else(|| panic!("no row for {tenant}: {:?}", r.rows))
    }

    #[test]
    fn none_keeps_untagged_unknown_and_zero_rows() {
        let (c, t) = costs(vec![
            line(Some("clinic-a"), "10.004"),
            line(Some("ghost"), "1.00"),
            line(None, "5.003"),
        ]);
        let r = build(&spec(View::Tenant, Mode::None), &reg(), &c, &t, "USD").unwrap();
        assert_eq!(
            find(&r, "clinic-b").total,
            d("0.00"),
            "zero-cost tenant present"
        );
        assert!(
            r.rows.iter().all(|x| x.tenant != "clinic-z"),
            "offboarded tenant without cost is left out"
        );
        assert_eq!(find(&r, "ghost").tier, UNKNOWN_TENANT);
        assert_eq!(find(&r, UNTAGGED).total, d("5.00"));
        assert_eq!(r.totals.total, d("16.01"));
        assert!(r.reconciliation.reconciled, "{:?}", r.reconciliation);
        assert!(r.warnings.iter().any(|w| w.contains("ghost")));
    }

    #[test]
    fn proportional_and_even_reconcile_to_the_cent() {
        for mode in [Mode::Proportional, Mode::Even] {
            let (c, t) = costs(vec![
                line(Some("clinic-a"), "200"),
                line(Some("clinic-e"), "100"),
                line(None, "100.01"),
            ]);
            let r = build(&spec(View::Tenant, mode), &reg(), &c, &t, "USD").unwrap();
            let alloc: Decimal = r
                .rows
                .iter()
                .filter(|x| x.kind == RowKind::Tenant)
                .map(|x| x.allocated)
                .sum();
            assert_eq!(alloc, d("100.01"), "{mode:?}");
            assert_eq!(find(&r, UNTAGGED).total, d("0.00"));
            assert_eq!(r.totals.total, d("400.01"));
            assert!(r.reconciliation.reconciled);
            if mode == Mode::Proportional {
                assert_eq!(find(&r, "clinic-a").allocated, d("66.67"));
                assert_eq!(find(&r, "clinic-e").allocated, d("33.34"));
                assert_eq!(find(&r, "clinic-b").allocated, d("0.00"));
            } else {
                assert_eq!(
                    find(&r, "clinic-a").allocated
                        + find(&r, "clinic-b").allocated
                        + find(&r, "clinic-e").allocated,
                    d("100.01")
                );
                // Equal remainders: the lowest tenant ids get the extra cents.
                assert_eq!(
                    (
                        find(&r, "clinic-b").allocated,
                        find(&r, "clinic-e").allocated
                    ),
                    (d("33.34"), d("33.33"))
                );
            }
        }
    }

    #[test]
    fn reconciliation_reports_a_difference() {
        let (c, mut t) = costs(vec![line(Some("clinic-a"), "1.00")]);
        *t.by_period.values_mut().next().unwrap() = d("1.50");
        let r = build(&spec(View::Tenant, Mode::None), &reg(), &c, &t, "USD").unwrap();
        assert!(!r.reconciliation.reconciled);
        assert_eq!(r.reconciliation.difference, d("-0.50"));
    }

    #[test]
    fn mixed_currencies_are_refused() {
        let (c, mut t) = costs(vec![line(Some("clinic-a"), "1.00")]);
        t.units.insert("EUR".into());
        assert!(build(&spec(View::Tenant, Mode::None), &reg(), &c, &t, "USD").is_err());
    }

    #[test]
    fn tier_view_even_weights_by_tenant_count() {
        let (c, t) = costs(vec![line(Some("basic"), "1"), line(None, "3.00")]);
        let r = build(&spec(View::Tier, Mode::Even), &reg(), &c, &t, "USD").unwrap();
        let basic = r.rows.iter().find(|x| x.tier == "basic").unwrap();
        let premium = r.rows.iter().find(|x| x.tier == "premium").unwrap();
        assert_eq!((basic.allocated, premium.allocated), (d("2.00"), d("1.00")));
    }

    #[test]
    fn tenant_service_allocates_per_service() {
        let mut lines = vec![
            line(Some("clinic-a"), "3"),
            line(Some("clinic-e"), "1"),
            line(None, "2"),
        ];
        lines[0].service = Some("Amazon Bedrock".into());
        lines[1].service = Some("Amazon S3".into());
        lines[2].service = Some("AWS Lambda".into());
        let (c, t) = costs(lines);
        let r = build(
            &spec(View::TenantService, Mode::Proportional),
            &reg(),
            &c,
            &t,
            "USD",
        )
        .unwrap();
        let lambda_a = r
            .rows
            .iter()
            .find(|x| x.tenant == "clinic-a" && x.service == "AWS Lambda")
            .unwrap();
        assert_eq!(lambda_a.allocated, d("1.50"));
        assert!(
            r.rows
                .iter()
                .any(|x| x.tenant == "clinic-b" && x.service.is_empty()),
            "zero row for a tenant without cost"
        );
        assert_eq!(r.totals.total, d("6.00"));
        assert!(r.reconciliation.reconciled);
    }
}
