//! Athena over the CUR 2.0 table as a cost source (`cost report --source athena`): the
//! fleet-scale engine. One query groups the line items exactly as the Parquet reader
//! (`cur.rs`) does — same attribution, same columns, same 10-decimal rounding — and returns
//! the period totals in the same scan (GROUPING SETS) as the reconciliation reference.
//!
//! The SQL is built from validated config names (`[cost.athena]`, Glue identifiers only) and
//! dates the command parsed; no other text reaches it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use crate::aws::athena::{AthenaResult, AthenaTarget};
use crate::aws::Aws;
use crate::config::AthenaConfig;
use crate::error::{Error, Result};

use super::cur::{self, ScanSpec, TagKeys, COL_CURRENCY, COL_PRODUCT, COL_START, COL_TAGS};
use super::dates::{iso, month_start, Granularity};
use super::sources::{Costs, Line, Owner, PeriodCosts, Totals};

/// How long a report waits for its query.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(900);

/// Output columns of the query, in order.
pub const COLUMNS: [&str; 8] = [
    "period",
    "is_total",
    "attribution",
    "owner",
    "service",
    "currency",
    "cost",
    "usage",
];

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The query for a report. Periods come back as their first day (a day, or a month start
/// that the range may clip); `is_total` is 1 on the per-period total rows.
pub fn sql(cfg: &AthenaConfig, spec: &ScanSpec) -> Result<String> {
    let cost = cur::cost_column(spec.metric)?;
    let keys = TagKeys::for_view(spec.view);
    let (inner, dims) = inner_columns(spec, keys.as_ref(), cost);
    let filter = filters(cfg, spec);
    let attribution = if keys.is_some() {
        "CASE WHEN rt IS NOT NULL THEN 'tagged' WHEN pt IS NOT NULL THEN 'metered' ELSE 'untagged' END"
    } else {
        "''"
    };
    let owner = if keys.is_some() {
        "coalesce(rt, pt, '')"
    } else {
        "''"
    };
    let usage = usage_column(spec);
    let detail: Vec<&str> = dims
        .iter()
        .copied()
        .chain(std::iter::once("currency"))
        .collect();
    let grouped_dims: Vec<&str> = dims[1..].to_vec();
    let service_col = if spec.view.has_service() {
        "service"
    } else {
        "''"
    };
    Ok(format!(
        "-- tenantctl cost report --source athena (by {by}, {gran}, {metric})
SELECT period,
  grouping({grouped}) AS is_total,
  attribution,
  owner,
  {service_col} AS service,
  currency,
  CAST(sum(cost) AS VARCHAR) AS cost,
  {usage} AS usage
FROM (
  SELECT *,
    {attribution} AS attribution,
    {owner} AS owner
  FROM (
    SELECT {inner}
    FROM \"{table}\"
    WHERE {filter}
  )
)
GROUP BY GROUPING SETS (({detail}), (period, currency))
ORDER BY period, is_total, attribution, owner, service",
        by = spec.view.as_str(),
        gran = spec.granularity.as_str(),
        metric = cost,
        grouped = grouped_dims.join(", "),
        inner = inner.join(",\n      "),
        table = cfg.table,
        filter = filter.join("\n      AND "),
        detail = detail.join(", "),
    ))
}

/// The innermost SELECT's columns, and the dimensions the report groups by.
fn inner_columns(
    spec: &ScanSpec,
    keys: Option<&TagKeys>,
    cost: &str,
) -> (Vec<String>, Vec<&'static str>) {
    let period = match spec.granularity {
        Granularity::Daily => format!("date_format({COL_START}, '%Y-%m-%d')"),
        Granularity::Monthly => {
            format!("date_format(date_trunc('month', {COL_START}), '%Y-%m-%d')")
        }
    };
    let mut inner = vec![
        format!("{period} AS period"),
        format!("{COL_CURRENCY} AS currency"),
        format!("CAST({cost} AS DECIMAL(38,10)) AS cost"),
    ];
    let mut dims = vec!["period"];
    if let Some(k) = keys {
        let resource: Vec<String> = k
            .resource
            .iter()
            .map(|r| format!("nullif(element_at({COL_TAGS}, {}), '')", quote(r)))
            .collect();
        inner.push(format!("coalesce({}) AS rt", resource.join(", ")));
        inner.push(format!(
            "nullif(element_at({COL_TAGS}, {}), '') AS pt",
            quote(&k.principal)
        ));
        dims.extend(["attribution", "owner"]);
    }
    if spec.view.has_service() {
        dims.push("service");
    }
    if spec.service_names {
        inner.push(format!(
            "coalesce(nullif(element_at({}, {}), ''), {COL_PRODUCT}) AS service",
            cur::COL_PRODUCT_MAP,
            quote(cur::PRODUCT_NAME_KEY)
        ));
    } else {
        inner.push(format!("{COL_PRODUCT} AS service"));
    }
    if spec.usage {
        inner.push(format!(
            "line_item_usage_type AS usage_type, {} AS usage_amount",
            cur::COL_USAGE_AMOUNT
        ));
    }
    (inner, dims)
}

/// The WHERE conditions: the range, and the billing-period partitions it spans (Athena bills
/// by data scanned).
fn filters(cfg: &AthenaConfig, spec: &ScanSpec) -> Vec<String> {
    let mut filter = vec![
        format!(
            "{COL_START} >= TIMESTAMP '{} 00:00:00'",
            iso(spec.range.from)
        ),
        format!("{COL_START} < TIMESTAMP '{} 00:00:00'", iso(spec.range.to)),
    ];
    if let Some(col) = &cfg.billing_period_column {
        let mut months = Vec::new();
        let mut m = month_start(spec.range.from);
        while m < spec.range.to {
            months.push(quote(&m.format("%Y-%m").to_string()));
            m = m + Months::new(1);
        }
        filter.push(format!("{col} IN ({})", months.join(", ")));
    }
    filter
}

/// The metered usage column (`''` when usage is not asked for).
fn usage_column(spec: &ScanSpec) -> String {
    if spec.usage {
        format!(
            "CAST(sum(CASE WHEN rt IS NULL AND pt IS NOT NULL AND service = {} AND lower(usage_type) LIKE '%{}%' THEN usage_amount ELSE 0 END) AS VARCHAR)",
            quote(cur::USAGE_PRODUCT),
            cur::USAGE_TYPE_MARK
        )
    } else {
        "''".to_string()
    }
}

/// One period's amounts per (owner, service).
type PeriodLines = BTreeMap<(Option<Owner>, Option<String>), Decimal>;

fn bad(why: impl std::fmt::Display) -> Error {
    Error::env(format!("unexpected Athena result: {why}"))
}

/// Turn the query's rows into the report's input.
pub fn parse(spec: &ScanSpec, res: &AthenaResult) -> Result<(Costs, Totals)> {
    let col = |name: &str| {
        res.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| bad(format!("no column `{name}` (got {:?})", res.columns)))
    };
    let idx: Vec<usize> = COLUMNS.iter().map(|c| col(c)).collect::<Result<_>>()?;
    let periods = spec.range.periods(spec.granularity);
    // The period a returned day (or month start) belongs to: the one containing it, or the
    // first when a month start precedes a clipped range.
    let period_of = |d: NaiveDate| -> Option<usize> {
        let d = d.max(spec.range.from);
        periods.iter().position(|(s, e)| *s <= d && d < *e)
    };
    let mut lines: Vec<PeriodLines> = vec![BTreeMap::new(); periods.len()];
    let mut totals = Totals::default();
    let mut units = BTreeSet::new();
    let mut usage: BTreeMap<NaiveDate, BTreeMap<String, Decimal>> = BTreeMap::new();
    for r in &res.rows {
        let cell = |i: usize| r.get(idx[i]).cloned().flatten().unwrap_or_default();
        let day = NaiveDate::parse_from_str(&cell(0), "%Y-%m-%d")
            .map_err(|_| bad(format!("period {:?} is not YYYY-MM-DD", cell(0))))?;
        let Some(p) = period_of(day) else {
            return Err(bad(format!(
                "period {day} is outside {}..{}",
                iso(spec.range.from),
                iso(spec.range.to)
            )));
        };
        let amount = super::money::parse_amount(&cell(6))
            .ok_or_else(|| bad(format!("cost {:?} is not a decimal", cell(6))))?;
        let currency = cell(5);
        if !currency.is_empty() {
            units.insert(currency.clone());
        }
        if cell(1) != "0" {
            *totals.by_period.entry(periods[p].0).or_default() += amount;
            if !currency.is_empty() {
                totals.units.insert(currency);
            }
            continue;
        }
        let owner = if spec.view.tag_key().is_none() {
            None
        } else {
            Some(match (cell(2).as_str(), cell(3)) {
                ("tagged", v) if !v.is_empty() => Owner::Tagged(v),
                ("metered", v) if !v.is_empty() => Owner::Metered(v),
                ("untagged", _) => Owner::Untagged,
                (a, v) => return Err(bad(format!("attribution {a:?} with owner {v:?}"))),
            })
        };
        let service = spec.view.has_service().then(|| cell(4));
        if spec.usage {
            if let (Some(Owner::Metered(v)), Some(u)) =
                (&owner, super::money::parse_amount(&cell(7)))
            {
                if !u.is_zero() {
                    *usage
                        .entry(periods[p].0)
                        .or_default()
                        .entry(v.clone())
                        .or_default() += u;
                }
            }
        }
        *lines[p].entry((owner, service)).or_default() += amount;
    }
    for (s, _) in &periods {
        totals.by_period.entry(*s).or_default();
    }
    let periods = periods
        .into_iter()
        .zip(lines)
        .map(|((start, end), m)| PeriodCosts {
            start,
            end,
            estimated: false,
            lines: m
                .into_iter()
                .map(|((owner, service), amount)| Line {
                    owner,
                    service,
                    amount,
                })
                .collect(),
        })
        .collect();
    Ok((
        Costs {
            periods,
            units,
            usage,
        },
        totals,
    ))
}

/// Run the report's query and parse it. An empty answer is a usage error (exit 2): the
/// range has no line items in the table.
pub async fn fetch(aws: &Aws, cfg: &AthenaConfig, spec: &ScanSpec) -> Result<(Costs, Totals)> {
    let sql = sql(cfg, spec)?;
    let target = AthenaTarget {
        database: cfg.database.clone(),
        catalog: cfg.catalog.clone(),
        workgroup: cfg.workgroup.clone(),
        output_location: cfg.output_location.clone(),
    };
    let res = aws
        .athena_query(&sql, &target, QUERY_TIMEOUT)
        .await
        .map_err(|e| {
            let hint = match e.kind {
                crate::aws::AwsErrorKind::AccessDenied => Some("the caller needs athena:StartQueryExecution/GetQueryExecution/GetQueryResults on the workgroup, glue:GetTable on the CUR table, s3:GetObject on the export and s3:PutObject on the results location"),
                crate::aws::AwsErrorKind::Invalid => Some("check [cost.athena] in tenantctl.toml: database, table (a CUR 2.0 table with the tags column) and billing_period_column"),
                _ => None,
            };
            let err = Error::from(e);
            match hint {
                Some(h) => err.with_hint(h),
                None => err,
            }
        })?;
    if res.rows.is_empty() {
        return Err(Error::usage(format!(
            "Athena table {}.{} has no CUR line items between {} and {} (end exclusive)",
            cfg.database,
            cfg.table,
            iso(spec.range.from),
            iso(spec.range.to)
        ))
        .with_hint("choose --month/--from/--to inside the export's billing periods"));
    }
    parse(spec, &res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ce::CeMetric;
    use crate::cost::dates::DateRange;
    use crate::cost::sources::View;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cfg() -> AthenaConfig {
        AthenaConfig {
            database: "cur".into(),
            table: "cost_and_usage".into(),
            workgroup: "primary".into(),
            output_location: None,
            catalog: None,
            billing_period_column: Some("billing_period".into()),
        }
    }

    fn spec(view: View, g: Granularity, usage: bool) -> ScanSpec {
        ScanSpec {
            range: DateRange {
                from: d("2026-09-15"),
                to: d("2026-11-01"),
            },
            granularity: g,
            view,
            metric: CeMetric::Unblended,
            usage,
            service_names: false,
        }
    }

    /// The SQL sent, as text: reviewed when it changes.
    #[test]
    fn tenant_service_daily_with_usage() {
        let q = sql(&cfg(), &spec(View::TenantService, Granularity::Daily, true)).unwrap();
        let expected = r#"-- tenantctl cost report --source athena (by tenant,service, daily, line_item_unblended_cost)
SELECT period,
  grouping(attribution, owner, service) AS is_total,
  attribution,
  owner,
  service AS service,
  currency,
  CAST(sum(cost) AS VARCHAR) AS cost,
  CAST(sum(CASE WHEN rt IS NULL AND pt IS NOT NULL AND service = 'AmazonBedrock' AND lower(usage_type) LIKE '%token%' THEN usage_amount ELSE 0 END) AS VARCHAR) AS usage
FROM (
  SELECT *,
    CASE WHEN rt IS NOT NULL THEN 'tagged' WHEN pt IS NOT NULL THEN 'metered' ELSE 'untagged' END AS attribution,
    coalesce(rt, pt, '') AS owner
  FROM (
    SELECT date_format(line_item_usage_start_date, '%Y-%m-%d') AS period,
      line_item_currency_code AS currency,
      CAST(line_item_unblended_cost AS DECIMAL(38,10)) AS cost,
      coalesce(nullif(element_at(tags, 'resourceTags/ClinicId'), ''), nullif(element_at(tags, 'ClinicId'), '')) AS rt,
      nullif(element_at(tags, 'iamPrincipal/ClinicId'), '') AS pt,
      line_item_product_code AS service,
      line_item_usage_type AS usage_type, line_item_usage_amount AS usage_amount
    FROM "cost_and_usage"
    WHERE line_item_usage_start_date >= TIMESTAMP '2026-09-15 00:00:00'
      AND line_item_usage_start_date < TIMESTAMP '2026-11-01 00:00:00'
      AND billing_period IN ('2026-09', '2026-10')
  )
)
GROUP BY GROUPING SETS ((period, attribution, owner, service, currency), (period, currency))
ORDER BY period, is_total, attribution, owner, service"#;
        assert_eq!(q, expected, "\n{q}");
    }

    #[test]
    fn tier_and_service_views() {
        let q = sql(&cfg(), &spec(View::Tier, Granularity::Monthly, false)).unwrap();
        assert!(q.contains("element_at(tags, 'resourceTags/Tier')"), "{q}");
        assert!(q.contains("element_at(tags, 'iamPrincipal/Tier')"), "{q}");
        assert!(q.contains("date_trunc('month', line_item_usage_start_date)"));
        assert!(
            q.contains("grouping(attribution, owner) AS is_total"),
            "{q}"
        );
        assert!(q.contains("'' AS usage"), "{q}");
        let q = sql(&cfg(), &spec(View::Service, Granularity::Monthly, false)).unwrap();
        assert!(!q.contains("element_at"), "{q}");
        assert!(q.contains("grouping(service) AS is_total"), "{q}");
        let mut c = cfg();
        c.billing_period_column = None;
        assert!(!sql(&c, &spec(View::Tenant, Granularity::Monthly, false))
            .unwrap()
            .contains("billing_period"));
        assert!(sql(&c, &{
            let mut s = spec(View::Tenant, Granularity::Monthly, false);
            s.metric = CeMetric::Amortized;
            s
        })
        .is_err());
    }

    fn res(rows: &[[&str; 8]]) -> AthenaResult {
        AthenaResult {
            id: "q".into(),
            columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| Some(c.to_string())).collect())
                .collect(),
            scanned_bytes: 0,
        }
    }

    #[test]
    fn parses_rows_totals_and_usage() {
        let s = spec(View::Tenant, Granularity::Monthly, true);
        let (c, t) = parse(
            &s,
            &res(&[
                // September's month start precedes the clipped range: first period.
                [
                    "2026-09-01",
                    "0",
                    "metered",
                    "clinic-b",
                    "",
                    "USD",
                    "1.5000000000",
                    "300",
                ],
                ["2026-09-01", "0", "tagged", "clinic-a", "", "USD", "2", "0"],
                ["2026-09-01", "0", "untagged", "", "", "USD", "0.25", "0"],
                ["2026-09-01", "1", "", "", "", "USD", "3.7500000000", ""],
                ["2026-10-01", "1", "", "", "", "USD", "0", ""],
            ]),
        )
        .unwrap();
        assert_eq!(c.periods.len(), 2);
        assert_eq!(c.periods[0].lines.len(), 3);
        assert!(c.periods[0]
            .lines
            .iter()
            .any(|l| l.owner == Some(Owner::Metered("clinic-b".into()))
                && l.amount == Decimal::new(15, 1)));
        assert_eq!(
            t.by_period[&d("2026-09-15")],
            "3.75".parse::<Decimal>().unwrap()
        );
        assert_eq!(c.usage[&d("2026-09-15")]["clinic-b"], Decimal::from(300));
        assert!(parse(
            &s,
            &res(&[["2026-12-01", "0", "untagged", "", "", "USD", "1", ""]])
        )
        .is_err());
        assert!(parse(
            &s,
            &res(&[["2026-10-01", "0", "odd", "x", "", "USD", "1", ""]])
        )
        .is_err());
        assert!(parse(
            &s,
            &res(&[["2026-10-01", "0", "untagged", "", "", "USD", "1,5", ""]])
        )
        .is_err());
    }
}
