//! Cost Explorer as a source: which query a view needs, and turning the answer into per-period
//! cost lines. Tag groups come back as `Key$Value`; `Key$` (empty value) is cost without the
//! tag, which is kept as its own line (`Owner::Untagged`) and never dropped.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::aws::ce::{CeGranularity, CeGroupBy, CeMetric, CePeriod, CeQuery};
use crate::aws::{Aws, AwsErrorKind};
use crate::error::{Error, Result};
use crate::naming::{TAG_CLINIC_ID, TAG_TIER};

use super::dates::{iso, DateRange, Granularity};

/// What a report is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Tenant,
    Tier,
    Service,
    TenantService,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Tenant => "tenant",
            View::Tier => "tier",
            View::Service => "service",
            View::TenantService => "tenant,service",
        }
    }

    /// The cost allocation tag whose values are the view's owners (none for `service`).
    pub fn tag_key(self) -> Option<&'static str> {
        match self {
            View::Tenant | View::TenantService => Some(TAG_CLINIC_ID),
            View::Tier => Some(TAG_TIER),
            View::Service => None,
        }
    }

    pub fn has_service(self) -> bool {
        matches!(self, View::Service | View::TenantService)
    }

    pub fn is_tenant(self) -> bool {
        matches!(self, View::Tenant | View::TenantService)
    }

    fn group_by(self) -> Vec<CeGroupBy> {
        let mut g = Vec::new();
        if let Some(k) = self.tag_key() {
            g.push(CeGroupBy::Tag(k.to_string()));
        }
        if self.has_service() {
            g.push(CeGroupBy::Dimension("SERVICE".to_string()));
        }
        g
    }
}

/// Whose cost a line is, per the view's tag, and how it was attributed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    /// The resource tag's value (a tenant id or tier name, or something matching neither).
    Tagged(String),
    /// The caller's principal tag (`iamPrincipal/ClinicId` in CUR 2.0): metered per request,
    /// for cost whose resource carries no tenant tag (the pool's shared model endpoint).
    Metered(String),
    /// `Key$`: cost without the tag, the shared remainder.
    Untagged,
}

impl Owner {
    /// The tenant (tier) the cost belongs to, however it was attributed.
    pub fn value(&self) -> Option<&str> {
        match self {
            Owner::Tagged(v) | Owner::Metered(v) => Some(v),
            Owner::Untagged => None,
        }
    }
}

/// Where the numbers of a report come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    CostExplorer,
    /// CUR 2.0 Parquet files read directly (a directory or `s3://bucket/prefix`).
    Cur,
    /// An Athena query over the CUR 2.0 table.
    Athena,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::CostExplorer => "cost-explorer",
            SourceKind::Cur => "cur",
            SourceKind::Athena => "athena",
        }
    }

    /// The reference total's name in the reconciliation line.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::CostExplorer => "Cost Explorer",
            SourceKind::Cur => "CUR",
            SourceKind::Athena => "Athena",
        }
    }
}

/// A line as the report builder reads it: borrowed, so that sums held as ids (CUR) become
/// lines without copying a name per line.
#[derive(Debug, Clone, Copy)]
pub struct LineRef<'l> {
    pub owner: Option<OwnerRef<'l>>,
    pub service: Option<&'l str>,
    pub amount: Decimal,
}

/// `Owner`, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum OwnerRef<'l> {
    Tagged(&'l str),
    Metered(&'l str),
    Untagged,
}

impl Line {
    pub fn as_ref(&self) -> LineRef<'_> {
        LineRef {
            owner: self.owner.as_ref().map(|o| match o {
                Owner::Tagged(v) => OwnerRef::Tagged(v),
                Owner::Metered(v) => OwnerRef::Metered(v),
                Owner::Untagged => OwnerRef::Untagged,
            }),
            service: self.service.as_deref(),
            amount: self.amount,
        }
    }
}

impl LineRef<'_> {
    /// The owned line (`Line::as_ref` the other way).
    pub fn to_line(&self) -> Line {
        Line {
            owner: self.owner.map(|o| match o {
                OwnerRef::Tagged(v) => Owner::Tagged(v.to_string()),
                OwnerRef::Metered(v) => Owner::Metered(v.to_string()),
                OwnerRef::Untagged => Owner::Untagged,
            }),
            service: self.service.map(str::to_string),
            amount: self.amount,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `None` for the service view (no tag grouping).
    pub owner: Option<Owner>,
    /// `None` unless the view groups by service.
    pub service: Option<String>,
    /// Exact, as Cost Explorer sent it.
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCosts {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub estimated: bool,
    pub lines: Vec<Line>,
}

/// Parsed grouped costs plus the currency units seen.
#[derive(Debug, Clone, Default)]
pub struct Costs {
    pub periods: Vec<PeriodCosts>,
    pub units: BTreeSet<String>,
    /// Metered usage per period start and owner value (tenant id or tier name): the basis
    /// of `--allocate-shared usage` (CUR and Athena only; Cost Explorer has no caller).
    pub usage: BTreeMap<NaiveDate, BTreeMap<String, Decimal>>,
}

/// Per-period totals from the ungrouped query (the reconciliation reference).
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub by_period: BTreeMap<NaiveDate, Decimal>,
    pub units: BTreeSet<String>,
}

pub fn ce_granularity(g: Granularity) -> CeGranularity {
    match g {
        Granularity::Daily => CeGranularity::Daily,
        Granularity::Monthly => CeGranularity::Monthly,
    }
}

/// The grouped query of a view.
pub fn query(range: DateRange, g: Granularity, metric: CeMetric, view: View) -> CeQuery {
    CeQuery {
        start: iso(range.from),
        end: iso(range.to),
        granularity: ce_granularity(g),
        metric,
        group_by: view.group_by(),
    }
}

/// The same query without grouping: Cost Explorer's own total for the reconciliation line.
pub fn total_query(range: DateRange, g: Granularity, metric: CeMetric) -> CeQuery {
    CeQuery {
        start: iso(range.from),
        end: iso(range.to),
        granularity: ce_granularity(g),
        metric,
        group_by: Vec::new(),
    }
}

/// `ClinicId$clinic-a` → Tagged("clinic-a"); `ClinicId$` → Untagged. Tag keys cannot contain
/// `$`, so the first `$` separates key and value (values may contain `$`).
pub fn parse_tag_group(raw: &str, key: &str) -> std::result::Result<Owner, String> {
    match raw.split_once('$') {
        Some((k, v)) if k == key => Ok(if v.is_empty() {
            Owner::Untagged
        } else {
            Owner::Tagged(v.to_string())
        }),
        Some((k, _)) => Err(format!("group {raw:?} is for tag {k:?}, expected {key:?}")),
        None => Err(format!("group {raw:?} is not of the form {key}$value")),
    }
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        Error::env(format!(
            "Cost Explorer returned a period starting {s:?}, not a YYYY-MM-DD date"
        ))
    })
}

fn parse_amount(s: &str) -> Result<Decimal> {
    super::money::parse_amount(s).ok_or_else(|| {
        Error::env(format!(
            "Cost Explorer returned amount {s:?}, not a decimal number"
        ))
    })
}

/// A period being merged: (end, estimated, amount per (owner, service)).
type Merging = (
    NaiveDate,
    bool,
    BTreeMap<(Option<Owner>, Option<String>), Decimal>,
);

/// Merge the pages of a grouped answer into one entry per period (a period's groups may
/// continue on the next page), with one line per (owner, service).
pub fn parse_grouped(
    view: View,
    range: DateRange,
    g: Granularity,
    pages: &[CePeriod],
) -> Result<Costs> {
    let mut by_start: BTreeMap<NaiveDate, Merging> = range
        .periods(g)
        .into_iter()
        .map(|(s, e)| (s, (e, false, BTreeMap::new())))
        .collect();
    let mut units = BTreeSet::new();
    for p in pages {
        let start = parse_date(&p.start)?;
        let end = if p.end.is_empty() {
            start
        } else {
            parse_date(&p.end)?
        };
        let entry = by_start
            .entry(start)
            .or_insert_with(|| (end, false, BTreeMap::new()));
        entry.1 |= p.estimated;
        for grp in &p.groups {
            let expected = view.group_by().len();
            if grp.keys.len() != expected {
                return Err(Error::env(format!(
                    "Cost Explorer returned a group with {} key(s) ({:?}) for a query grouped by {} key(s)",
                    grp.keys.len(),
                    grp.keys,
                    expected
                )));
            }
            let mut keys = grp.keys.iter();
            let owner = match view.tag_key() {
                Some(tag) => Some(
                    parse_tag_group(keys.next().expect("length checked"), tag).map_err(|why| {
                        Error::env(format!("unexpected Cost Explorer answer: {why}"))
                    })?,
                ),
                None => None,
            };
            let service = if view.has_service() {
                keys.next().cloned()
            } else {
                None
            };
            let Some(amount) = &grp.amount else { continue };
            if !amount.unit.is_empty() {
                units.insert(amount.unit.clone());
            }
            *entry.2.entry((owner, service)).or_default() += parse_amount(&amount.amount)?;
        }
    }
    let periods = by_start
        .into_iter()
        .map(|(start, (end, estimated, lines))| PeriodCosts {
            start,
            end,
            estimated,
            lines: lines
                .into_iter()
                .map(|((owner, service), amount)| Line {
                    owner,
                    service,
                    amount,
                })
                .collect(),
        })
        .collect();
    Ok(Costs {
        periods,
        units,
        usage: BTreeMap::new(),
    })
}

pub fn parse_totals(pages: &[CePeriod]) -> Result<Totals> {
    let mut t = Totals::default();
    for p in pages {
        let start = parse_date(&p.start)?;
        let amount = match &p.total {
            Some(a) => {
                if !a.unit.is_empty() {
                    t.units.insert(a.unit.clone());
                }
                parse_amount(&a.amount)?
            }
            None => Decimal::ZERO,
        };
        *t.by_period.entry(start).or_default() += amount;
    }
    Ok(t)
}

/// Run a Cost Explorer query, turning its failures into errors that say what to do.
pub async fn fetch(aws: &Aws, q: &CeQuery) -> Result<Vec<CePeriod>> {
    aws.ce_cost_and_usage(q).await.map_err(|e| {
        let hint = match (e.kind, e.code.as_str()) {
            (AwsErrorKind::AccessDenied, _) => Some("the caller needs ce:GetCostAndUsage (Cost Explorer must also be enabled for the account)"),
            (_, "BillExpirationException") => Some("Cost Explorer keeps 13 months of data (38 with multi-year data enabled); ask for a later --from"),
            (_, "DataUnavailableException") => Some("Cost Explorer has no data for this period yet (new accounts take up to 24 hours)"),
            (_, "RequestChangedException") => Some("the data changed while paging; run the same command again"),
            _ => None,
        };
        let err = Error::from(e);
        match hint {
            Some(h) => err.with_hint(h),
            None => err,
        }
    })
}

/// Warnings for tag keys that are not active cost allocation tags: costs carrying an inactive
/// tag are reported as untagged, so the shared remainder silently grows.
pub async fn check_tags(aws: &Aws, keys: &[&str]) -> Vec<String> {
    match aws.ce_cost_allocation_tags(keys).await {
        Ok(statuses) => statuses
            .into_iter()
            .filter(|s| !s.active)
            .map(|s| {
                format!(
                    "tag `{}` is not an active cost allocation tag: its cost shows up as untagged. Activate it in Billing \
                     → Cost allocation tags (or `aws ce update-cost-allocation-tags-status`); activation is not retroactive",
                    s.key
                )
            })
            .collect(),
        // The code alone: the message may be a whole HTML error page.
        Err(e) => vec![format!(
            "could not check whether tags {} are active cost allocation tags ({} failed: {}); if they are not, their cost shows up as untagged",
            keys.join(", "),
            e.op,
            e.code
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ce::{CeAmount, CeGroup};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn grp(keys: &[&str], amount: &str) -> CeGroup {
        CeGroup {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            amount: Some(CeAmount {
                amount: amount.into(),
                unit: "USD".into(),
            }),
        }
    }

    #[test]
    fn tag_groups() {
        assert_eq!(
            parse_tag_group("ClinicId$clinic-a", "ClinicId"),
            Ok(Owner::Tagged("clinic-a".into()))
        );
        assert_eq!(
            parse_tag_group("ClinicId$", "ClinicId"),
            Ok(Owner::Untagged)
        );
        assert_eq!(
            parse_tag_group("ClinicId$a$b", "ClinicId"),
            Ok(Owner::Tagged("a$b".into()))
        );
        assert!(parse_tag_group("Tier$basic", "ClinicId").is_err());
        assert!(parse_tag_group("Amazon S3", "ClinicId").is_err());
    }

    #[test]
    fn merges_pages_and_keeps_untagged() {
        let range = DateRange {
            from: d("2026-09-01"),
            to: d("2026-11-01"),
        };
        let pages = vec![
            CePeriod {
                start: "2026-09-01".into(),
                end: "2026-10-01".into(),
                estimated: false,
                total: None,
                groups: vec![
                    grp(&["ClinicId$clinic-a", "Amazon S3"], "1.25"),
                    grp(&["ClinicId$", "Amazon S3"], "0.10"),
                ],
            },
            // The same period continues on the next page.
            CePeriod {
                start: "2026-09-01".into(),
                end: "2026-10-01".into(),
                estimated: true,
                total: None,
                groups: vec![grp(&["ClinicId$clinic-a", "Amazon S3"], "0.75")],
            },
        ];
        let c = parse_grouped(View::TenantService, range, Granularity::Monthly, &pages).unwrap();
        assert_eq!(
            c.periods.len(),
            2,
            "October is present even though Cost Explorer sent nothing for it"
        );
        let sep = &c.periods[0];
        assert!(sep.estimated);
        assert_eq!(sep.lines.len(), 2);
        let a = sep
            .lines
            .iter()
            .find(|l| l.owner == Some(Owner::Tagged("clinic-a".into())))
            .unwrap();
        assert_eq!(a.amount, "2.00".parse().unwrap());
        assert!(
            sep.lines
                .iter()
                .any(|l| l.owner == Some(Owner::Untagged)
                    && l.service.as_deref() == Some("Amazon S3"))
        );
        assert!(c.periods[1].lines.is_empty());
        assert_eq!(c.units.iter().collect::<Vec<_>>(), vec!["USD"]);
    }

    #[test]
    fn rejects_malformed_answers() {
        let range = DateRange {
            from: d("2026-09-01"),
            to: d("2026-10-01"),
        };
        let page = |g: CeGroup| CePeriod {
            start: "2026-09-01".into(),
            end: "2026-10-01".into(),
            estimated: false,
            total: None,
            groups: vec![g],
        };
        assert!(parse_grouped(
            View::Tenant,
            range,
            Granularity::Monthly,
            &[page(grp(&["Tier$basic"], "1"))]
        )
        .is_err());
        assert!(parse_grouped(
            View::Tenant,
            range,
            Granularity::Monthly,
            &[page(grp(&["ClinicId$a", "x"], "1"))]
        )
        .is_err());
        assert!(parse_grouped(
            View::Tenant,
            range,
            Granularity::Monthly,
            &[page(grp(&["ClinicId$a"], "1,5"))]
        )
        .is_err());
    }

    #[test]
    fn queries() {
        let range = DateRange {
            from: d("2026-10-01"),
            to: d("2026-11-01"),
        };
        let q = query(
            range,
            Granularity::Daily,
            CeMetric::Amortized,
            View::TenantService,
        );
        assert_eq!(
            q.group_by,
            vec![
                CeGroupBy::Tag("ClinicId".into()),
                CeGroupBy::Dimension("SERVICE".into())
            ]
        );
        assert_eq!(
            (q.start.as_str(), q.end.as_str()),
            ("2026-10-01", "2026-11-01")
        );
        assert!(total_query(range, Granularity::Daily, CeMetric::Amortized)
            .group_by
            .is_empty());
        assert_eq!(
            query(range, Granularity::Monthly, CeMetric::Blended, View::Tier).group_by,
            vec![CeGroupBy::Tag("Tier".into())]
        );
    }
}
